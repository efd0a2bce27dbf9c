import Foundation
import Testing

@testable import Clinic

/// After a failover a pooled connection may still reach the old primary, now a read-only standby: every write
/// there fails with SQLSTATE 25006. The client should retry (503), and the pool should not lend that connection
/// again.
@Suite struct ReadOnlyDatabaseTests {
    @Test func aWriteOnAReadOnlySessionIs503AndTheConnectionIsDropped() async throws {
        let db = try await TestDatabase.fresh()
        // One connection, so the request surely gets the one made read-only below.
        let pool = db.serverPool(maxConnections: 1)
        defer { pool.close() }
        let configuration = try ServerConfiguration.fromEnvironment(["CLINIC_BCRYPT_COST": "4"])
        let application = ClinicApplication(pool: pool, configuration: configuration)
        try await application.services.refreshSettings()
        let server = application.makeServer(host: "127.0.0.1", port: 0)
        try server.start()
        let base = try #require(URL(string: "http://127.0.0.1:\(server.port)"))
        try await db.makeUser("ro-admin", password: "correct horse battery", role: .admin)
        let login = try await APIClient(baseURL: base).post(
            "/v1/auth/login", ["username": "ro-admin", "password": "correct horse battery"])
        let token: String = try #require(login.string("token"))
        let admin = APIClient(baseURL: base, token: token)
        let readOnlyPID = try await pool.withConnection { connection in
            try await connection.execute(script: "SET default_transaction_read_only = on")
            return connection.backendPID
        }

        let refused = try await admin.post("/v1/doctors", ["name": "Dr Read Only", "languages": ["bo"]])
        #expect(refused.status == 503, "\(refused.status) \(refused.text)")
        #expect(refused.isProblem)
        #expect(refused.headers["retry-after"] != nil)

        // The next borrower gets a new session, which may write.
        let nextPID = try await pool.withConnection { $0.backendPID }
        #expect(nextPID != readOnlyPID)
        let created = try await admin.post("/v1/doctors", ["name": "Dr Read Write", "languages": ["bo"]])
        #expect(created.status == 201, "\(created.status) \(created.text)")
        await server.shutdown(gracePeriod: .seconds(1))
    }
}
