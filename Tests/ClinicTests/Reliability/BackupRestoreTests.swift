import ClinicDomain
import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// The restore drill of a health room that lost its disk: register residents, back up, register more, pick a time,
/// register more still, lose the data directory, restore to that time. Exactly what was acknowledged before the time
/// comes back: the base backup plus the WAL the private cluster archived into the backup directory.
extension OneAtATime {
    @Suite struct BackupRestoreTests {
        @Test(.enabled(if: !TestDatabaseServer.usesExternalServer, "starts a private cluster of its own"))
        func aRestoreToATimeBringsBackExactlyWhatWasThere() async throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent(
                "clinic-drill-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: root) }
            let backups = root.appendingPathComponent("backups")
            let environment = [
                "CLINIC_DATA_DIR": root.appendingPathComponent("data").path, "CLINIC_BACKUP_DIR": backups.path,
                "CLINIC_ARCHIVE_TIMEOUT": "0", "CLINIC_MIGRATIONS_DIR": Migration.defaultDirectory().path,
                "CLINIC_LOG_LEVEL": "warning",
            ]
            let configuration = try ServerConfiguration.fromEnvironment(environment)
            let cluster = try LocalCluster(root: configuration.dataDirectory)
            defer { try? cluster.stop(mode: "immediate") }

            // Before the backup, between it and the chosen time, after that time.
            var before: [UUID] = []
            var between: [UUID] = []
            var after: [UUID] = []
            let time: Date
            do {
                let database = try await DatabaseBootstrap.open(configuration)
                defer { database.close() }
                let pool = PostgresPool(configuration: database.postgres)
                defer { pool.close() }
                _ = try await ClinicServerMain.migrate(pool, configuration)
                before = try await Fixture.residents(3, prefix: "before", pool: pool)

                #expect(await ClinicServerMain.run(["backup"], environment: environment) == 0)
                let taken = Backups(directory: backups).list()
                #expect(taken.count == 1)

                between = try await Fixture.residents(3, prefix: "between", pool: pool)
                try await Task.sleep(for: .milliseconds(300))
                time = try await pool.query("SELECT clock_timestamp() AS now")[0].decode(Date.self, "now")
                try await Task.sleep(for: .milliseconds(300))
                after = try await Fixture.residents(3, prefix: "after", pool: pool)
                // What archive_timeout does on a live server: close the segment so it is archived, and wait for it.
                let segment = try await pool.query("SELECT pg_walfile_name(pg_switch_wal()) AS name")[0]
                    .decode(String.self, "name")
                try await Self.waitUntilArchived(segment, pool: pool)
                await pool.close()
                await database.shutDown()
            }
            #expect(!cluster.isRunning)

            // The disk is lost.
            try FileManager.default.removeItem(at: cluster.dataDirectory)

            let stamp = RFC3339.format(time, offsetSeconds: 8 * 3600)
            #expect(
                await ClinicServerMain.run(
                    ["restore", "--from", backups.path, "--to-time", stamp], environment: environment) == 0)
            // A second restore over the restored cluster is refused: nothing is overwritten.
            #expect(await ClinicServerMain.run(["restore", "--from", backups.path], environment: environment) == 1)

            let database = try await DatabaseBootstrap.open(configuration)
            defer { database.close() }
            let pool = PostgresPool(configuration: database.postgres)
            let found = Set(try await pool.query("SELECT id FROM residents").map { try $0.decode(UUID.self, "id") })
            #expect(found == Set(before + between), "found \(found.count) of \(before.count) + \(between.count)")
            #expect(found.isDisjoint(with: after))
            // The restored cluster takes writes again.
            #expect(try await Fixture.residents(1, prefix: "restored", pool: pool).count == 1)
            await pool.close()
            await database.shutDown()
        }

        @Test(.enabled(if: !TestDatabaseServer.usesExternalServer, "starts a private cluster of its own"))
        func theNewestBackupsAreKept() async throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("clinic-keep-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: root) }
            let configuration = try ServerConfiguration.fromEnvironment([
                "CLINIC_DATA_DIR": root.appendingPathComponent("data").path
            ])
            let database = try await DatabaseBootstrap.open(configuration)
            defer { database.close() }
            let cluster = try #require(database.cluster)
            let backups = Backups(directory: root.appendingPathComponent("backups"))
            let base = Date(timeIntervalSince1970: 1_796_000_000)
            for day in 0..<3 {
                let at = base.addingTimeInterval(Double(day) * 86_400)
                _ = try await backups.take(from: .cluster(cluster), keep: 2, now: { at })
            }
            #expect(backups.list().count == 2)
            #expect(
                backups.list().map(\.startedAt) == [
                    base.addingTimeInterval(86_400), base.addingTimeInterval(2 * 86_400),
                ])
            await database.shutDown()
        }

        /// `CLINIC_BACKUP_EVERY`: the job takes a backup when the newest is as old as the interval, and only then; the
        /// admin's page says when the newest finished, or that there is no backup directory at all.
        @Test(.enabled(if: !TestDatabaseServer.usesExternalServer, "starts a private cluster of its own"))
        func theScheduledBackupTakesOneWhenDueAndTheAdminSeesIt() async throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("clinic-job-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: root) }
            let directory = root.appendingPathComponent("backups")
            let environment = [
                "CLINIC_DATA_DIR": root.appendingPathComponent("data").path, "CLINIC_BACKUP_DIR": directory.path,
                "CLINIC_BACKUP_EVERY": "24h",
            ]
            let configuration = try ServerConfiguration.fromEnvironment(environment)
            #expect(configuration.backupEverySeconds == 86_400)
            let database = try await DatabaseBootstrap.open(configuration)
            defer { database.close() }
            let pool = PostgresPool(configuration: database.postgres)
            let job = try #require(ClinicJobs.backup(configuration))
            let scheduler = JobScheduler(pool: pool, jobs: [job])
            #expect(await scheduler.run(job) == .succeeded)
            #expect(Backups(directory: directory).list().count == 1)
            #expect(await scheduler.run(job) == .succeeded)
            #expect(Backups(directory: directory).list().count == 1, "the newest is not a day old: no second backup")
            await pool.close()
            await database.shutDown()

            let app = try await TestApp.fresh(environment: ["CLINIC_BACKUP_DIR": directory.path])
            let (browser, _) = try await ResidentPagesTests.browser(app, .admin)
            let page = try await browser.get("/console/admin").bodyText
            #expect(
                page.contains("class=\"alert ok\" role=\"status\" id=\"backup-status\"")
                    && page.contains("Last backup:"))
            let (plain, _) = try await ResidentPagesTests.browser(try await TestApp.forSuite(), .admin)
            #expect(try await plain.get("/console/admin").bodyText.contains("No backup directory is set"))
        }

        @Test func backupSettingsAreChecked() throws {
            #expect(
                try ServerConfiguration.fromEnvironment(["CLINIC_BACKUP_DIR": "/b", "CLINIC_BACKUP_EVERY": "90m"])
                    .backupEverySeconds == 5_400)
            for bad in ["0h", "24", "1y", "40d", "-1h"] {
                #expect(throws: ConfigurationError.self, "\(bad)") {
                    try ServerConfiguration.fromEnvironment(["CLINIC_BACKUP_DIR": "/b", "CLINIC_BACKUP_EVERY": bad])
                }
            }
            #expect(throws: ConfigurationError.self, "an interval needs a directory") {
                try ServerConfiguration.fromEnvironment(["CLINIC_BACKUP_EVERY": "24h"])
            }
            #expect(throws: ConfigurationError.self, "a standby for reads needs a primary named by DATABASE_URL") {
                try ServerConfiguration.fromEnvironment(["CLINIC_READ_DATABASE_URL": "postgresql://standby/clinic"])
            }
        }

        @Test func aRestoreNeedsABackupFinishedByItsTime() async throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent(
                "clinic-drill-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let environment = ["CLINIC_DATA_DIR": root.appendingPathComponent("data").path]
            #expect(await ClinicServerMain.run(["restore", "--from", root.path], environment: environment) == 1)
            #expect(await ClinicServerMain.run(["restore"], environment: environment) == 2)
            #expect(
                await ClinicServerMain.run(
                    ["restore", "--from", "x", "--to-time", "yesterday"], environment: environment)
                    == 2)
            #expect(await ClinicServerMain.run(["backup"], environment: environment) == 1, "no directory named")
        }

        static func waitUntilArchived(_ segment: String, pool: PostgresPool) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let archived = try await pool.query("SELECT last_archived_wal AS name FROM pg_stat_archiver")[0]
                    .decode(String?.self, "name")
                if let archived, archived >= segment { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("segment \(segment) was not archived within 60 s")
        }
    }
}
