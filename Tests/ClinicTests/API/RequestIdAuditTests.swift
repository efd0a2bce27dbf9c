import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP

/// Issue 16, item 11: a client's `X-Request-Id` is kept only when short and plain, and the audit log also stores
/// the id the server gave the request, which no client can choose.
@Suite struct RequestIdAuditTests {
    /// Signs a new user in with `requestId` sent as `X-Request-Id`; returns the answer's id and the user's id.
    static func login(_ app: TestApp, requestId: String) async throws -> (echoed: String?, userId: UUID) {
        let username = "rid-\(UUID().uuidString.prefix(8).lowercased())"
        let user = try await app.pool.withConnection {
            try await UserStore.create(
                NewUser(username: username, password: "correct horse battery", role: "staff", doctorId: nil), cost: 4,
                on: $0)
        }
        let response = try await app.anonymous.post(
            "/v1/auth/login", ["username": username, "password": "correct horse battery"],
            headers: ["X-Request-Id": requestId])
        #expect(response.status == 200)
        return (response.headers["x-request-id"], user.id)
    }

    /// The audit rows of `userId`, as `GET /v1/audit` shows them.
    static func auditItems(_ app: TestApp, admin: APIClient, userId: UUID) async throws -> [[String: Any]] {
        let response = try await admin.get("/v1/audit?userId=\(userId)")
        #expect(response.status == 200)
        return response.items
    }

    @Test func plainClientIdIsKeptBesideTheServersOwn() async throws {
        let app = try await TestApp.forSuite()
        let admin = try await app.signIn(.admin)
        let clientId = "front-desk-\(UUID().uuidString.prefix(8))"
        let (echoed, userId) = try await Self.login(app, requestId: clientId)
        #expect(echoed == clientId)
        let items = try await Self.auditItems(app, admin: admin.client, userId: userId)
        #expect(items.count == 1)
        let row = try #require(items.first)
        #expect(row["requestId"] as? String == clientId)
        let serverId = try #require(row["serverRequestId"] as? String)
        #expect(!serverId.isEmpty && serverId != clientId)
    }

    @Test func longOrOddClientIdsAreNeitherEchoedNorStored() async throws {
        let app = try await TestApp.forSuite()
        let admin = try await app.signIn(.admin)
        let odd = [
            String(repeating: "r", count: 10 * 1024), "<script>alert(1)</script>", "a\"b", "x;DROP", "id,with,commas",
            "tab\there",
        ]
        for candidate in odd {
            let (echoed, userId) = try await Self.login(app, requestId: candidate)
            let id = try #require(echoed)
            #expect(id != candidate && id.utf8.count <= 128)
            let rows = try await app.pool.query(
                "SELECT request_id, server_request_id FROM audit_log WHERE user_id = \(userId)")
            #expect(rows.count == 1)
            // With no usable client id, the server's own id is the request's id: echoed, and stored in both.
            #expect(try rows.first?.decode(String?.self, "request_id") == id)
            #expect(try rows.first?.decode(String?.self, "server_request_id") == id)
            let items = try await Self.auditItems(app, admin: admin.client, userId: userId)
            #expect(items.first?["serverRequestId"] as? String == id)
        }
    }

    @Test func onlyPlainShortIdsAreAccepted() {
        for plain in ["front-desk-42", "3F2504E0-4F89-11D3-9A0C-0305E82C3301", "dHJhY2U=", "svc:room/7@a.b_c+d"] {
            #expect(RequestID.accept(plain) == plain)
        }
        let rejected = [
            "<b>", "a\"b", "a,b", "a;b", "a b", "a\tb", "a'b", "a\\b", "é", "", String(repeating: "a", count: 129),
        ]
        for odd in rejected {
            #expect(RequestID.accept(odd) == nil)
        }
    }

    @Test func handlersAuditEventsCarryBothIds() async throws {
        let app = try await TestApp.forSuite()
        let request = try HTTPRequest(method: .get, target: "/v1/residents", headers: ["X-Request-Id": "desk-1"])
        let context = RequestContext(request: request, principal: nil, timeZone: .gmt)
        let event = app.application.services.auditEvent(context, .search, resourceType: "resident")
        #expect(event.requestId == "desk-1")
        #expect(event.serverRequestId == request.serverRequestId && request.serverRequestId != "desk-1")
    }
}
