import Foundation

@testable import Clinic
@testable import ClinicPostgres

/// A primary and its synchronous hot standby: two private clusters on this machine, the standby made by
/// `pg_basebackup -R` and named in the primary's `synchronous_standby_names`, so a COMMIT is acknowledged only once
/// the standby has it. For the failover tests; `url` names both, as a county's `DATABASE_URL` would.
struct ReplicaPair: Sendable {
    static let standbyName = "clinic_standby"

    let root: URL
    let primary: LocalCluster
    let standby: LocalCluster

    static func start() async throws -> ReplicaPair {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("clinic-pair-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let primary = try LocalCluster(root: root.appendingPathComponent("primary"))
        let standby = try LocalCluster(root: root.appendingPathComponent("standby"))
        try await blocking {
            try primary.initializeIfNeeded(durable: false, maxConnections: 100)
            try primary.start()
            let standbyRoot = standby.dataDirectory.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: standbyRoot, withIntermediateDirectories: true)
            try primary.handToServerUser(standbyRoot, recursive: false)
            let copied = try primary.runAsServerUser(
                primary.program("pg_basebackup"),
                [
                    "-D", standby.dataDirectory.path, "-R", "-X", "stream", "-c", "fast", "-h",
                    primary.socketDirectory.path, "-p", String(primary.port), "-U", primary.user,
                ])
            guard copied.status == 0 else { throw ClusterError("pg_basebackup failed: \(copied.text)") }
            // The walreceiver names itself by cluster_name, which is how the primary's synchronous_standby_names
            // knows it.
            try standby.appendSettings("cluster_name = '\(standbyName)'", to: "postgresql.auto.conf")
            try standby.start()
        }
        let admin = try await PostgresConnection.connect(PostgresConfiguration(url: primary.url(database: "postgres")))
        defer { admin.close() }
        try await admin.execute(script: "ALTER SYSTEM SET synchronous_standby_names = '\(standbyName)'")
        try await admin.execute(script: "SELECT pg_reload_conf()")
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let state = try await admin.query(
                "SELECT sync_state FROM pg_stat_replication WHERE application_name = \(standbyName)"
            ).first?.decode(String.self, "sync_state")
            if state == "sync" { return ReplicaPair(root: root, primary: primary, standby: standby) }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ClusterError("the standby never became synchronous")
    }

    /// Both servers, the writable one chosen by libpq (`target_session_attrs=read-write`).
    func url(database: String) -> String {
        "postgresql:///\(database)?host=\(primary.socketDirectory.path),\(standby.socketDirectory.path)"
            + "&port=\(primary.port),\(standby.port)&user=\(primary.user)&target_session_attrs=read-write"
            + "&connect_timeout=2"
    }

    /// The standby becomes the primary (after the primary died).
    func promoteStandby() async throws {
        let result = try await blocking {
            try standby.runAsServerUser(
                standby.program("pg_ctl"), ["promote", "-D", standby.dataDirectory.path, "-w", "-t", "60"])
        }
        guard result.status == 0 else { throw ClusterError("pg_ctl promote failed: \(result.text)") }
    }

    /// A pair for `body`, removed afterwards whatever happens.
    static func with(_ body: (ReplicaPair) async throws -> Void) async throws {
        let pair = try await start()
        do {
            try await body(pair)
        } catch {
            await pair.remove()
            throw error
        }
        await pair.remove()
    }

    /// Stops both (as a crash would) and deletes them.
    func remove() async {
        _ = try? await blocking {
            try? primary.stop(mode: "immediate")
            try? standby.stop(mode: "immediate")
            try? FileManager.default.removeItem(at: root)
        }
    }
}
