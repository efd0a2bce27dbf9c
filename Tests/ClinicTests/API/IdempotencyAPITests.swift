import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP
@testable import ClinicPostgres

/// `Idempotency-Key` when the answer to a `COMMIT` is lost, and replays of resident data and clinical text.
@Suite struct IdempotencyAPITests {
    /// A server over a database of its own (each test arms a fault on the server's pool), whose pool gives up on the
    /// database after 300 ms, so its commit witness gives up soon during a simulated outage (each test ends it).
    static func app() async throws -> TestApp {
        let db = try await TestDatabase.fresh()
        let pool = PostgresPool(
            configuration: db.pool.configuration, options: .init(maxConnections: 8, acquireTimeout: .milliseconds(300)))
        return try await TestApp.start(
            db: TestDatabase(name: db.name, baseURL: db.baseURL, pool: pool), limits: HTTPLimits())
    }

    static func residentBody(_ name: String) -> Data {
        Data(#"{"names":{"latin":"\#(name)"},"sex":"female","birthDate":"1950-01-02"}"#.utf8)
    }

    static func residents(named name: String, _ app: TestApp) async throws -> Int {
        try await app.pool.query("SELECT count(*) AS n FROM residents WHERE name_latin = \(name)")[0]
            .decode(Int.self, "n")
    }

    /// Sends the same POST with the same key.
    static func post(
        _ client: APIClient, _ path: String, _ body: Data, key: String
    ) async throws -> TestResponse {
        try await client.send(
            "POST", path, body: body, contentType: "application/json", headers: ["Idempotency-Key": key])
    }

    @Test func aCommitWhoseAnswerWasLostIsReplayedNotRepeated() async throws {
        let app = try await Self.app()
        let staff = try await app.signIn(.staff).client
        let name = "Lost Commit \(UUID().uuidString.prefix(8))"
        let key = "lost-\(UUID().uuidString)"
        // COMMIT goes through, then the connection drops and the database stays away until the test has the answer
        // (longer than the pool's witness waits): the server cannot tell the client what happened.
        app.serverPool.faults.loseNextCommit(.init(committed: true, outage: .seconds(120)))
        let first = try await Self.post(staff, "/v1/residents", Self.residentBody(name), key: key)
        #expect(first.status == 503)
        app.serverPool.faults.endOutage()
        #expect(try await Self.residents(named: name, app) == 1)

        // The retry learns the outcome from the key row, which committed with the work: the resident, once.
        let retry = try await Self.post(staff, "/v1/residents", Self.residentBody(name), key: key)
        #expect(retry.status == 201, "\(retry.text)")
        #expect(retry.headers["idempotent-replayed"] == "true")
        let id = try #require(retry.string("id"))
        #expect(retry.headers["location"] == "/v1/residents/\(id)")
        #expect(retry.json["names"] != nil)
        #expect(try await Self.residents(named: name, app) == 1)
        let again = try await Self.post(staff, "/v1/residents", Self.residentBody(name), key: key)
        #expect(again.status == 201 && again.body == retry.body)
        #expect(try await Self.residents(named: name, app) == 1)
    }

    @Test func aCommitThatDidNotHappenIsDoneOnRetry() async throws {
        let app = try await Self.app()
        let staff = try await app.signIn(.staff).client
        let name = "Rolled Back \(UUID().uuidString.prefix(8))"
        let key = "rolled-\(UUID().uuidString)"
        // The connection drops before COMMIT reaches the server; the database answers at once afterwards, so the
        // server finds the key without a completion: the work did not commit, and the key is free again.
        app.serverPool.faults.loseNextCommit(.init(committed: false, outage: .zero))
        let first = try await Self.post(staff, "/v1/residents", Self.residentBody(name), key: key)
        #expect(first.status == 503)
        #expect(try await Self.residents(named: name, app) == 0)
        let retry = try await Self.post(staff, "/v1/residents", Self.residentBody(name), key: key)
        #expect(retry.status == 201 && retry.headers["idempotent-replayed"] == nil)
        #expect(try await Self.residents(named: name, app) == 1)
    }

    @Test func aKeyLeftInProgressByALostRollbackIsTakenOverOnceItsClaimLapses() async throws {
        let app = try await Self.app()
        let staff = try await app.signIn(.staff).client
        let name = "Nobody Knew \(UUID().uuidString.prefix(8))"
        let key = "unknown-\(UUID().uuidString)"
        // The work does not commit and the database is away: the server cannot even free the key.
        app.serverPool.faults.loseNextCommit(.init(committed: false, outage: .seconds(120)))
        let first = try await Self.post(staff, "/v1/residents", Self.residentBody(name), key: key)
        #expect(first.status == 503)
        app.serverPool.faults.endOutage()
        // Soon after, the first request might still be starting its work: a retry is told to wait.
        let soon = try await Self.post(staff, "/v1/residents", Self.residentBody(name), key: key)
        #expect(soon.status == 409 && soon.string("type") == "urn:clinic:problem:idempotency-in-progress")
        // Once the claim has lapsed with no transaction holding the key, nothing of it committed: a retry does it.
        try await app.pool.query(
            "UPDATE idempotency_keys SET claimed_at = now() - interval '10 minutes' WHERE key = \(key)")
        let later = try await Self.post(staff, "/v1/residents", Self.residentBody(name), key: key)
        #expect(later.status == 201, "\(later.text)")
        #expect(try await Self.residents(named: name, app) == 1)
    }

    @Test func aClinicalReplayIsReadAgainAndAuditedAndItsTextIsNotStored() async throws {
        let app = try await Self.app()
        let doctor = try await app.signIn(.doctor).client
        let resident = try await Fixture.resident("Replayed Medication", pool: app.pool)
        let key = "medication-\(UUID().uuidString)"
        let body = Data(#"{"name":"Nifedipinum retard","dose":"twenty milligrams at night"}"#.utf8)
        let path = "/v1/residents/\(resident.id.uuidString)/medications"
        let first = try await Self.post(doctor, path, body, key: key)
        #expect(first.status == 201)
        let id = try #require(first.string("id"))

        // The key's row holds status, Location and id, never the clinical text.
        let stored = try await app.pool.query(
            "SELECT row_to_json(k)::text AS row, response_body FROM idempotency_keys k WHERE key = \(key)")
        let row = try #require(try stored.first?.decode(String.self, "row"))
        #expect(row.contains(id))
        let hex = "Nifedipinum".utf8.map { String(format: "%02x", $0) }.joined()
        for text in ["Nifedipinum", "twenty milligrams", hex] {
            #expect(!row.contains(text), "the key row stores clinical text: \(row)")
        }
        #expect(try stored[0].decode(Data?.self, "response_body") == nil)

        let replay = try await Self.post(doctor, path, body, key: key)
        #expect(replay.status == 201 && replay.headers["idempotent-replayed"] == "true")
        #expect(replay.body == first.body)
        let count = try await app.pool.query(
            "SELECT count(*) AS n FROM medications WHERE resident_id = \(resident.id)")[0].decode(Int.self, "n")
        #expect(count == 1)
        let audits = try await app.pool.query(
            """
            SELECT action, detail->>'idempotentReplay' AS replay FROM audit_log
            WHERE resource_type = 'medication' AND resource_id = \(id) ORDER BY at, id
            """)
        #expect(try audits.map { try $0.decode(String.self, "action") } == ["create", "read"])
        #expect(try audits.map { try $0.decode(String?.self, "replay") }.last == "true")
    }

    @Test func aClinicalCreateWhoseCommitAnswerWasLostIsReadAgainOnRetry() async throws {
        let app = try await Self.app()
        let doctor = try await app.signIn(.doctor).client
        let resident = try await Fixture.resident("Lost Medication", pool: app.pool)
        let key = "lost-medication-\(UUID().uuidString)"
        let body = Data(#"{"name":"Captoprilum","dose":"half a tablet"}"#.utf8)
        let path = "/v1/residents/\(resident.id.uuidString)/medications"
        app.serverPool.faults.loseNextCommit(.init(committed: true, outage: .seconds(120)))
        #expect(try await Self.post(doctor, path, body, key: key).status == 503)
        app.serverPool.faults.endOutage()
        let retry = try await Self.post(doctor, path, body, key: key)
        #expect(retry.status == 201 && retry.headers["idempotent-replayed"] == "true")
        #expect(retry.string("name") == "Captoprilum" && retry.string("dose") == "half a tablet")
        let file = try await doctor.get("/v1/residents/\(resident.id.uuidString)/health-file")
        let medications = try #require(file.json["medications"] as? [[String: Any]])
        #expect(medications.count == 1 && medications.first?["id"] as? String == retry.string("id"))
        let row = try await app.pool.query(
            "SELECT row_to_json(k)::text AS row FROM idempotency_keys k WHERE key = \(key)"
        )[0].decode(String.self, "row")
        #expect(!row.contains("Captoprilum") && !row.contains("half a tablet"))
    }

    @Test func aReplayOfResidentDataIsAudited() async throws {
        let app = try await Self.app()
        let staff = try await app.signIn(.staff).client
        let key = "resident-\(UUID().uuidString)"
        let body = Self.residentBody("Audited Replay")
        let first = try await Self.post(staff, "/v1/residents", body, key: key)
        let replay = try await Self.post(staff, "/v1/residents", body, key: key)
        #expect(first.status == 201 && replay.status == 201 && replay.body == first.body)
        let id = try #require(first.string("id"))
        let actions = try await app.pool.query(
            "SELECT action FROM audit_log WHERE resident_id = \(id)::uuid ORDER BY at, id"
        ).map { try $0.decode(String.self, "action") }
        #expect(actions == ["create", "read"])
    }
}
