import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP

/// Issue 17, item 3: one audit helper. A route names what it touched once (`AuditSubject`), and
/// `ClinicServices.audited(_:_:_:_:)` writes the row and an `Idempotency-Key`'s completion from it.
@Suite struct AuditSubjectTests {
    static var apiSources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Clinic/API")
    }

    /// No route builds its audit event by hand: each goes through the one helper.
    @Test func routesNameTheirAuditSubjectOnce() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.apiSources.path)
            .filter { $0.hasSuffix("Routes.swift") }
        #expect(files.count >= 8)
        var byHand: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.apiSources.appendingPathComponent(file), encoding: .utf8)
            for pattern in ["services.auditEvent(", "services.audited {"] where text.contains(pattern) {
                byHand.append("\(file): \(pattern)")
            }
        }
        #expect(byHand.isEmpty, "audit events built by hand: \(byHand)")
    }

    /// The row names the subject read from the result, and a claimed key completes with the same resource,
    /// which the replay reads the created resource again by.
    @Test func rowAndKeyCompletionNameTheSubject() async throws {
        let app = try await TestApp.forSuite()
        let requestId = "audit-subject-\(UUID().uuidString.prefix(8))"
        let request = try HTTPRequest(method: .post, target: "/v1/residents", headers: ["X-Request-Id": requestId])
        let context = RequestContext(request: request, principal: nil, timeZone: .gmt)
        let fingerprint = IdempotencyStore.fingerprint(method: "POST", path: "/v1/residents", body: Array("{}".utf8))
        let outcome = try await app.pool.withConnection {
            try await IdempotencyStore.begin(key: requestId, scope: "audit-subject", fingerprint: fingerprint, on: $0)
        }
        guard case .proceed(let token) = outcome else { throw TestFailure("expected to proceed") }
        let claim = IdempotencyClaim(scope: "audit-subject", key: requestId, token: token)
        let created = UUID()
        let subject = AuditSubject.from { (id: UUID) in
            AuditTarget("resident", id: id, resident: id, detail: ["count": .int(1)])
        }
        let value = try await IdempotencyClaim.$current.withValue(claim) {
            try await app.application.services.audited(context, .create, subject) { _ in created }
        }
        #expect(value == created)
        #expect(
            claim.committedResource
                == IdempotencyStore.Resource(type: "resident", id: created.uuidString, residentId: created))
        let rows = try await app.pool.query(
            """
            SELECT action, resource_type, resource_id, resident_id, detail->>'count' AS count
            FROM audit_log WHERE request_id = \(requestId)
            """)

        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(try row.decode(String.self, "action") == "create")
        #expect(try row.decode(String.self, "resource_type") == "resident")
        #expect(try row.decode(String?.self, "resource_id") == created.uuidString)
        #expect(try row.decode(UUID?.self, "resident_id") == created)
        #expect(try row.decode(String?.self, "count") == "1")
    }

    /// A subject fixed before the work names the same row whatever the work returns.
    @Test func fixedSubjectWritesItsRow() async throws {
        let app = try await TestApp.forSuite()
        let requestId = "audit-fixed-\(UUID().uuidString.prefix(8))"
        let request = try HTTPRequest(method: .get, target: "/v1/residents/x", headers: ["X-Request-Id": requestId])
        let context = RequestContext(request: request, principal: nil, timeZone: .gmt)
        let resident = UUID()
        try await app.application.services.audited(context, .read, AuditSubject<Void>.resident(resident)) { _ in }
        let rows = try await app.pool.query(
            "SELECT resource_type, resource_id, resident_id FROM audit_log WHERE request_id = \(requestId)")
        #expect(rows.count == 1)
        #expect(try rows.first?.decode(String.self, "resource_type") == "resident")
        #expect(try rows.first?.decode(String?.self, "resource_id") == resident.uuidString)
        #expect(try rows.first?.decode(UUID?.self, "resident_id") == resident)
    }
}
