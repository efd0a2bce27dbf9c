import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// `clinic-server serve` told to stop while it migrates (a migration can take minutes on a large register).
extension OneAtATime {
    @Suite struct StartUpSignalTests {
        /// The built `clinic-server`, next to the test bundle.
        static var serverExecutable: URL {
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "clinic-server")
        }

        @Test(.enabled(if: !TestDatabaseServer.usesExternalServer, "starts a private cluster of its own"))
        func sigtermDuringAMigrationStopsTheClusterAndRollsItBack() async throws {
            let executable = Self.serverExecutable
            #expect(FileManager.default.isExecutableFile(atPath: executable.path), "\(executable.path) is not built")
            let root = FileManager.default.temporaryDirectory.appendingPathComponent(
                "clinic-startup-\(UUID().uuidString)")
            let migrations = root.appendingPathComponent("migrations")
            try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: root) }
            for file in try FileManager.default.contentsOfDirectory(
                at: Migration.defaultDirectory(), includingPropertiesForKeys: nil)
            where file.pathExtension == "sql" {
                try FileManager.default.copyItem(
                    at: file, to: migrations.appendingPathComponent(file.lastPathComponent))
            }
            try Data("CREATE TABLE slow_marker (id int);\nSELECT pg_sleep(60);\n".utf8)
                .write(to: migrations.appendingPathComponent("0999_slow.sql"))

            let log = root.appendingPathComponent("server.log")
            try Data().write(to: log)
            let server = Process()
            server.executableURL = executable
            server.arguments = ["serve"]
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "DATABASE_URL")
            environment["CLINIC_DATA_DIR"] = root.appendingPathComponent("data").path
            environment["CLINIC_MIGRATIONS_DIR"] = migrations.path
            environment["PORT"] = "0"
            server.environment = environment
            server.standardOutput = FileHandle.nullDevice
            server.standardError = try FileHandle(forWritingTo: log)
            try server.run()
            let cluster = try LocalCluster(root: root.appendingPathComponent("data"))
            defer { if server.isRunning { server.terminate() } }
            defer { try? cluster.stop(mode: "immediate") }

            // Wait until the slow migration is under way: its backend is sleeping.
            let deadline = ContinuousClock.now + .seconds(60)
            var sleeping = false
            while !sleeping, ContinuousClock.now < deadline, server.isRunning {
                try await Task.sleep(for: .milliseconds(200))
                guard cluster.isRunning else { continue }
                let backends = try? await PostgresConnection.connect(
                    PostgresConfiguration(url: cluster.url(database: "postgres")))
                if let backends {
                    sleeping =
                        (try? await backends.query(
                            "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()"
                        )[0].decode(Int.self, "n")) ?? 0 > 0
                    backends.close()
                }
            }
            let startUpLog = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            try #require(sleeping, "the slow migration never started: \(startUpLog)")
            // The new cluster's page cache is sized to this machine (a quarter of its memory, within bounds).
            let settings = try await PostgresConnection.connect(
                PostgresConfiguration(url: cluster.url(database: "postgres")))
            let sharedBuffers = try await settings.query(
                "SELECT (setting::bigint * 8 / 1024)::int AS mb FROM pg_settings WHERE name = 'shared_buffers'")[0]
                .decode(Int.self, "mb")
            settings.close()
            #expect(sharedBuffers == SharedBuffersSize.forThisMachine())

            let signalled = ContinuousClock.now
            kill(server.processIdentifier, SIGTERM)
            try await offPool { server.waitUntilExit() }
            #expect(ContinuousClock.now - signalled < .seconds(10))
            #expect(server.terminationReason == .exit && server.terminationStatus == 0)
            #expect(!cluster.isRunning, "the private cluster this server started is still running")
            let text = String(decoding: try Data(contentsOf: log), as: UTF8.self)
            #expect(text.contains("stopping during start-up"))

            // The interrupted migration left nothing behind: neither its table nor its row.
            try await offPool { try cluster.start() }
            let check = try await PostgresConnection.connect(
                PostgresConfiguration(url: cluster.url(database: DatabaseBootstrap.privateDatabaseName)))
            defer { check.close() }
            let rows = try await check.query(
                "SELECT (SELECT max(version) FROM schema_migrations) AS version, to_regclass('slow_marker') IS NULL AS gone"
            )
            #expect(try rows[0].decode(Int.self, "version") < 999)
            #expect(try rows[0].decode(Bool.self, "gone"))
        }
    }
}
