import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres
@testable import ClinicSupport

/// The PostgreSQL server the tests use: a throwaway cluster started once per test run, or `DATABASE_URL`.
///
/// A migrated template database is made once; each suite gets its own database cloned from it, so suites run in
/// parallel without seeing each other's rows. Everything is removed when the test process exits; a watchdog
/// process removes the cluster even if the test process dies.
actor TestDatabaseServer {
    static let shared = TestDatabaseServer()

    struct Server: Sendable {
        /// Reaches any database on the server by name.
        let baseURL: String
        let cluster: LocalCluster?
    }

    private var server: Task<Server, any Error>?
    private var databases: [String: Task<TestDatabase, any Error>] = [:]
    private var counter = 0
    static let templateName = "clinic_test_template_\(getpid())"

    /// True when tests use an external server (`DATABASE_URL`), which they must not restart.
    static var usesExternalServer: Bool { ProcessInfo.processInfo.environment["DATABASE_URL"] != nil }

    func start() async throws -> Server {
        if let server { return try await server.value }
        let task = Task { try await Self.boot() }
        server = task
        return try await task.value
    }

    /// The database of one suite, created on first use and shared by that suite's tests.
    func database(for suite: String) async throws -> TestDatabase {
        if let existing = databases[suite] { return try await existing.value }
        let task = Task { try await self.freshDatabase() }
        databases[suite] = task
        return try await task.value
    }

    /// A new database cloned from the migrated template.
    func freshDatabase() async throws -> TestDatabase {
        let server = try await start()
        counter += 1
        let name = "clinic_test_\(getpid())_\(counter)"
        try await Self.withAdmin(server) { admin in
            try await admin.execute(
                script: "CREATE DATABASE \(name) TEMPLATE \(Self.templateName) STRATEGY FILE_COPY")
        }
        Self.created.withValue { $0.append(name) }
        let pool = PostgresPool(
            configuration: PostgresConfiguration(url: server.baseURL, database: name, applicationName: "clinic-test"),
            // A long wait for a connection: every suite runs at once on two cores (with the fuzzer's processes), so a
            // burst of 64 requests can queue far longer than in production; the race tests count outcomes, not time.
            // The owner's pool sees every clinic (as the command-line tools do); `serverPool` acts as the server does.
            options: .init(maxConnections: 8, acquireTimeout: .seconds(60), scopedSettings: [ClinicScope.settingName: "*"]))
        return TestDatabase(name: name, baseURL: server.baseURL, pool: pool)
    }

    /// An empty database, no migration applied, owned by `owner` (a role of the cluster) or by the tests' user: for
    /// tests of the migrations themselves. Its pool acts as `owner`, in the scope of no clinic, as `serve` migrates.
    func emptyDatabase(owner: String? = nil) async throws -> TestDatabase {
        let server = try await start()
        counter += 1
        let name = "clinic_test_\(getpid())_\(counter)"
        try await Self.withAdmin(server) { admin in
            try await admin.execute(script: "CREATE DATABASE \(name)" + (owner.map { " OWNER \($0)" } ?? ""))
        }
        Self.created.withValue { $0.append(name) }
        let pool = PostgresPool(
            configuration: PostgresConfiguration(
                url: server.baseURL, database: name, applicationName: "clinic-test", role: owner),
            options: .init(maxConnections: 2, acquireTimeout: .seconds(60), scopedSettings: ClinicScope.poolSettings))
        return TestDatabase(name: name, baseURL: server.baseURL, pool: pool)
    }

    private static let created = LockedValue<[String]>([])

    private static func boot() async throws -> Server {
        let server: Server
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"] {
            server = Server(baseURL: url, cluster: nil)
        } else {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("clinic-test-\(getpid())")
            try? FileManager.default.removeItem(at: root)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let cluster = try LocalCluster(root: root)
            startWatchdog(cluster: cluster, root: root)
            // initdb and pg_ctl block for seconds: on a thread of their own, not on the cooperative pool.
            try await offPool {
                // Every suite's server runs at once, each with the owner's pool and the server's (8 connections each).
                try cluster.initializeIfNeeded(durable: false, maxConnections: 400)
                try cluster.start()
            }
            server = Server(baseURL: cluster.url(database: "postgres"), cluster: cluster)
        }
        atexit { TestDatabaseServer.cleanUpAtExit() }
        Self.serverForCleanup.value = server
        try await withAdmin(server) { admin in
            try await admin.execute(script: "DROP DATABASE IF EXISTS \(templateName)")
            try await admin.execute(script: "CREATE DATABASE \(templateName)")
        }
        let templatePool = PostgresPool(
            configuration: PostgresConfiguration(url: server.baseURL, database: templateName),
            options: .init(maxConnections: 1))
        try await Migrator(pool: templatePool, migrations: try Migration.load(from: Migration.defaultDirectory()))
            .migrate()
        templatePool.close()
        // Let the template's last backend go away before it is cloned.
        try await Task.sleep(for: .milliseconds(50))
        return server
    }

    static func withAdmin<T: Sendable>(
        _ server: Server, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let admin = try await PostgresConnection.connect(PostgresConfiguration(url: server.baseURL))
        defer { admin.close() }
        return try await body(admin)
    }

    private static let serverForCleanup = LockedValue<Server?>(nil)

    /// At exit: stop the private cluster and delete it, or drop the databases we made on an external server.
    private static func cleanUpAtExit() {
        guard let server = serverForCleanup.value else { return }
        if let cluster = server.cluster {
            try? cluster.stop(mode: "immediate")
            try? FileManager.default.removeItem(at: cluster.dataDirectory.deletingLastPathComponent())
            return
        }
        let names = created.value + [templateName]
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            _ = try? await withAdmin(server) { admin in
                for name in names { try? await admin.execute(script: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            }
            done.signal()
        }
        _ = done.wait(timeout: .now() + 10)
    }

    /// A detached shell that waits for this process to end, then stops and removes the cluster:
    /// cleanup even when the test process crashes.
    private static func startWatchdog(cluster: LocalCluster, root: URL) {
        let pgctl = cluster.binDirectory.appendingPathComponent("pg_ctl").path
        let asServer = LocalCluster.isRoot ? "/usr/sbin/runuser -u postgres -- " : ""
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            \(asServer)\(pgctl) stop -D '\(cluster.dataDirectory.path)' -m immediate >/dev/null 2>&1
            rm -rf '\(root.path)'
            """
        // Not waited for: it outlives us on purpose.
        _ = try? spawnProcess("/bin/sh", ["-c", script])
    }
}

/// One test database with its pool, which acts as the owner of the tables.
struct TestDatabase: Sendable {
    let name: String
    let baseURL: String
    let pool: PostgresPool

    var configuration: PostgresConfiguration { pool.configuration }

    /// A new pool acting as the server's role, as `serve` makes it (`pool` acts as the owner of the tables), with
    /// the owner pool's options (size, time-outs).
    func serverPool(maxConnections: Int? = nil) -> PostgresPool {
        var options = pool.options
        if let maxConnections { options.maxConnections = maxConnections }
        options.scopedSettings = ClinicScope.poolSettings
        return PostgresPool(configuration: configuration.acting(as: ServerRole.name), options: options)
    }

    /// The database of the calling suite (one per suite name), cloned from the migrated template.
    static func forSuite(_ suite: String = #fileID) async throws -> TestDatabase {
        try await TestDatabaseServer.shared.database(for: suite)
    }

    /// A database of its own, for tests that must see an empty schema.
    static func fresh() async throws -> TestDatabase {
        try await TestDatabaseServer.shared.freshDatabase()
    }

    /// An empty database with no migration applied (see `TestDatabaseServer.emptyDatabase`).
    static func empty(owner: String? = nil) async throws -> TestDatabase {
        try await TestDatabaseServer.shared.emptyDatabase(owner: owner)
    }

    /// Runs `body` on a connection to the server's maintenance database as the tests' (super)user.
    static func asAdministrator<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await TestDatabaseServer.withAdmin(try await TestDatabaseServer.shared.start(), body)
    }
}
