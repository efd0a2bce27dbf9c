import Foundation
import Testing

@testable import Clinic

/// The server keeps to its published contract: what `GET /openapi.json` refuses is refused (before any work), and
/// a method a path does not publish is 405.
@Suite struct ContractAPITests {
    /// The `search` audit rows `user` has left: a search that reached the database leaves one.
    static func searches(by user: User, _ app: TestApp) async throws -> Int {
        try await app.pool.query(
            "SELECT count(*)::int AS n FROM audit_log WHERE user_id = \(user.id) AND action = 'search'"
        ).first!.decode(Int.self, "n")
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    /// Issue 16 item 6: `q` is at most 200 characters (code points, as the schema's maxLength counts), and a longer
    /// one is refused as a malformed parameter before the search runs (an 8 KB term used to be searched for).
    @Test func searchTermOver200CharactersIs400BeforeAnyQuery() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)

        let longest = try await staff.client.get(
            "/v1/residents?q=\(Self.encoded(String(repeating: "卓", count: 200)))")
        #expect(longest.status == 200)
        let before = try await Self.searches(by: staff.user, app)
        #expect(before == 1)

        for term in [String(repeating: "卓", count: 201), String(repeating: "a", count: 8000)] {
            let response = try await staff.client.get("/v1/residents?q=\(Self.encoded(term))")
            #expect(response.status == 400)
            #expect(response.isProblem)
            #expect(response.errorFields == ["q"])
        }
        #expect(try await Self.searches(by: staff.user, app) == before)
    }

    /// Other query parameters are held to their published schema the same way (`grid` is at most 100 characters).
    @Test func overLongGridIs400() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let response = try await staff.client.get("/v1/residents?grid=\(String(repeating: "g", count: 101))")
        #expect(response.status == 400)
        #expect(response.errorFields == ["grid"])
    }

    /// A body member the schema does not allow as `null` is refused, not read as "absent" (`replace` is a boolean).
    @Test func nullWhereTheSchemaAllowsNoNullIs400() async throws {
        let app = try await TestApp.forSuite()
        let admin = try await app.signIn(.admin)
        let response = try await admin.client.post(
            "/v1/rota/generate", ["from": "2031-01-01", "to": "2031-01-07", "replace": NSNull()])
        #expect(response.status == 400)
        #expect(response.errorFields == ["replace"])
    }

    /// `/v1/consultations/drafts` publishes only GET: another method is 405 with `Allow`, not a 404 from
    /// `/v1/consultations/{id}` read with the id "drafts".
    @Test func unpublishedMethodOnALiteralPathIs405() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let response = try await doctor.client.patch("/v1/consultations/drafts", ["advice": "x"])
        #expect(response.status == 405)
        #expect(response.isProblem)
        #expect(response.headers["allow"] == "GET, HEAD")
    }
}
