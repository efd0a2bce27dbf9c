import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicHTTP
@testable import ClinicPostgres
@testable import ClinicSupport

/// The whole server on port 0 over a suite's own database, for integration tests through real HTTP.
struct TestApp: Sendable {
    let db: TestDatabase
    let application: ClinicApplication
    let server: HTTPServer
    let baseURL: URL

    /// A client without a token.
    var anonymous: APIClient { APIClient(baseURL: baseURL) }
    /// The owner's pool, for fixtures and checks; the server's own pool acts as `ServerRole.name`.
    var pool: PostgresPool { db.pool }
    var serverPool: PostgresPool { application.services.pool }

    /// The server of the calling suite, started once.
    static func forSuite(_ suite: String = #fileID, limits: HTTPLimits = HTTPLimits()) async throws -> TestApp {
        try await TestAppRegistry.shared.app(for: suite, limits: limits)
    }

    /// A server over a fresh database of its own.
    /// `environment` adds server settings (`CLINIC_...` variables) to the tests' own.
    static func fresh(limits: HTTPLimits = HTTPLimits(), environment: [String: String] = [:]) async throws -> TestApp {
        try await start(db: TestDatabase.fresh(), limits: limits, environment: environment)
    }

    static func start(db: TestDatabase, limits: HTTPLimits, environment: [String: String] = [:]) async throws -> TestApp {
        let configuration = try ServerConfiguration.fromEnvironment(
            ["CLINIC_BCRYPT_COST": "4", "CLINIC_LOG_LEVEL": "warning"].merging(environment) { $1 })
        Log.level = .warning
        let application = ClinicApplication(pool: db.serverPool(), configuration: configuration)
        try await application.services.refreshSettings()
        let server = application.makeServer(host: "127.0.0.1", port: 0, limits: limits)
        try server.start()
        return TestApp(
            db: db, application: application, server: server, baseURL: URL(string: "http://127.0.0.1:\(server.port)")!)
    }

    /// A new user of `role` (a doctor user gets a new doctor unless one is given), signed in over HTTP. An admin or
    /// staff user belongs to `clinicId`, by default the first clinic.
    /// A grid worker looks after `grids` (default `G1`) and carries `phone`.
    func signIn(
        _ role: Role, doctorId: UUID? = nil, clinicId: UUID? = nil, grids: [String]? = nil, phone: String? = nil
    ) async throws -> SignedIn {
        var doctor = doctorId
        if role == .doctor, doctor == nil {
            doctor = try await pool.query(
                """
                INSERT INTO doctors (clinic_id, name, institution, languages, modes)
                VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), 'Dr Test', 'Town health centre',
                        '{bo,zh}', '{onsite,remote,home}') RETURNING id
                """
            ).first!.decode(UUID.self, "id")
        }
        let username = "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())"
        let password = "correct horse battery"
        let user = try await pool.withConnection {
            try await UserStore.create(
                NewUser(
                    username: username, password: password, role: role.rawValue, doctorId: doctor, clinicId: clinicId,
                    grids: role == .gridWorker ? grids ?? ["G1"] : nil, phone: phone),
                cost: 4, on: $0)
        }
        let response = try await anonymous.post("/v1/auth/login", ["username": username, "password": password])
        guard response.status == 200, let token = response.string("token") else {
            throw TestFailure("login failed: \(response.status) \(response.text)")
        }
        return SignedIn(client: APIClient(baseURL: baseURL, token: token), user: user, password: password)
    }

    struct SignedIn: Sendable {
        let client: APIClient
        let user: User
        let password: String
        var doctorId: UUID? { user.doctorId }
    }
}

/// One server per suite, like the suite databases.
actor TestAppRegistry {
    static let shared = TestAppRegistry()
    private var apps: [String: Task<TestApp, any Error>] = [:]

    func app(for suite: String, limits: HTTPLimits) async throws -> TestApp {
        if let existing = apps[suite] { return try await existing.value }
        let task = Task { try await TestApp.start(db: TestDatabase.forSuite(suite), limits: limits) }
        apps[suite] = task
        return try await task.value
    }
}
