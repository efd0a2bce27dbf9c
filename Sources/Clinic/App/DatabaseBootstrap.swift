import ClinicPostgres
import ClinicSupport
import Foundation

/// Finds the server's database: the one `DATABASE_URL` names, or a private cluster under the data directory
/// that is created on first run, started now and stopped when the server stops.
final class DatabaseBootstrap: Sendable {
    /// The database name inside a private cluster.
    static let privateDatabaseName = "clinic"

    let postgres: PostgresConfiguration
    /// The private cluster, when there is one.
    let cluster: LocalCluster?
    /// Whether this process started the cluster (and so stops it): a cluster already running is left running.
    private let startedCluster: Bool

    private init(postgres: PostgresConfiguration, cluster: LocalCluster?, startedCluster: Bool) {
        self.postgres = postgres
        self.cluster = cluster
        self.startedCluster = startedCluster
    }

    static func open(_ configuration: ServerConfiguration, applicationName: String = "clinic-server")
        async throws -> DatabaseBootstrap
    {
        if let url = configuration.databaseURL {
            return DatabaseBootstrap(
                postgres: PostgresConfiguration(url: url, applicationName: applicationName), cluster: nil,
                startedCluster: false)
        }
        let cluster = try LocalCluster(root: configuration.dataDirectory)
        let firstRun = !FileManager.default.fileExists(
            atPath: cluster.dataDirectory.appendingPathComponent("PG_VERSION").path)
        let sharedBuffers = SharedBuffersSize.forThisMachine()
        if firstRun {
            Log.info(
                "creating private PostgreSQL cluster",
                ["dataDirectory": cluster.dataDirectory.path, "sharedBuffers": "\(sharedBuffers)MB"])
        }
        let wal = configuration.backupDirectory.map { Backups(directory: $0).walDirectory }
        let archiveTimeout = configuration.archiveTimeoutSeconds
        let wasRunning = try await blocking {
            try cluster.initializeIfNeeded(durable: true, sharedBuffersMegabytes: sharedBuffers)
            let wasRunning = cluster.isRunning
            if !wasRunning { try cluster.configureArchiving(into: wal, timeoutSeconds: archiveTimeout) }
            try cluster.start()
            return wasRunning
        }
        Log.info(
            "private PostgreSQL cluster ready",
            ["dataDirectory": cluster.dataDirectory.path, "log": cluster.logFile.path, "reused": String(wasRunning)])
        let bootstrap = DatabaseBootstrap(
            postgres: PostgresConfiguration(
                url: cluster.url(database: privateDatabaseName), applicationName: applicationName),
            cluster: cluster, startedCluster: !wasRunning)
        do {
            try await bootstrap.createPrivateDatabaseIfNeeded(cluster)
        } catch {
            bootstrap.close()
            throw error
        }
        return bootstrap
    }

    private func createPrivateDatabaseIfNeeded(_ cluster: LocalCluster) async throws {
        let admin = try await PostgresConnection.connect(PostgresConfiguration(url: cluster.url(database: "postgres")))
        defer { admin.close() }
        let exists = try await admin.query(
            "SELECT 1 FROM pg_database WHERE datname = \(Self.privateDatabaseName)")
        if exists.isEmpty {
            // A constant name, not client input: safe to put in the statement (CREATE DATABASE takes no parameters).
            try await admin.execute(script: "CREATE DATABASE \(Self.privateDatabaseName)")
        }
    }

    /// `close()` on a thread of its own: for callers that go on serving (tests), since stopping a cluster blocks.
    func shutDown() async {
        _ = try? await blocking { self.close() }
    }

    /// Stops the private cluster if this process started it.
    func close() {
        guard let cluster, startedCluster else { return }
        do {
            try cluster.stop(mode: "fast")
            Log.info("private PostgreSQL cluster stopped", ["dataDirectory": cluster.dataDirectory.path])
        } catch {
            Log.error("could not stop the private PostgreSQL cluster", ["error": "\(error)"])
        }
    }
}
