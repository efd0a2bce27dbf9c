import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicHTTP
@testable import ClinicPostgres
@testable import ClinicSupport

/// The primary dies under write load and its synchronous standby is promoted: the server, on a `DATABASE_URL` that
/// names both, finds the new primary by itself; requests in the gap get 503 with Retry-After, never another 5xx; and
/// every write it acknowledged is on the new primary, once. (`scripts/failover-under-load.sh` is the long form.)
extension OneAtATime {
    @Suite struct FailoverTests {
        struct Answer: Sendable {
            var status: Int
            var id: String?
            var retryAfter: Bool
            var at: ContinuousClock.Instant
        }

        /// The clinic's database on the pair, migrated, with a staff user (and a small demo clinic when `seed` names
        /// its day); a server over `pool` (and `readPool`, for the slot lists); a client signed in as that user.
        static func serve(
            _ pair: ReplicaPair, pool: PostgresPool, readPool: PostgresPool? = nil, seed today: LocalDate? = nil
        ) async throws -> (server: HTTPServer, client: APIClient) {
            let admin = try await PostgresConnection.connect(
                PostgresConfiguration(url: pair.primary.url(database: "postgres")))
            try await admin.execute(script: "CREATE DATABASE clinic")
            admin.close()
            try await Migrator(pool: pool, migrations: try Migration.load(from: Migration.defaultDirectory())).migrate()
            if let today { _ = try await DemoClinic.seed(pool: pool, residents: 20, today: today) }
            try await pool.withConnection { db in
                _ = try await UserStore.create(
                    NewUser(username: "desk", password: "a long password 1", role: "staff"), cost: 4, on: db)
            }
            // Tokens trusted for two minutes: the tests go on while no primary answers.
            let configuration = try ServerConfiguration.fromEnvironment(
                ["CLINIC_BCRYPT_COST": "4", "CLINIC_TOKEN_CACHE_SECONDS": "120"])
            let application = ClinicApplication(pool: pool, readPool: readPool, configuration: configuration)
            try await application.services.refreshSettings()
            let server = application.makeServer(host: "127.0.0.1", port: 0)
            try server.start()
            let base = try #require(URL(string: "http://127.0.0.1:\(server.port)"))
            let login = try await APIClient(baseURL: base).post(
                "/v1/auth/login", ["username": "desk", "password": "a long password 1"])
            return (server, APIClient(baseURL: base, token: try #require(login.string("token"))))
        }

        @Test(.enabled(if: !TestDatabaseServer.usesExternalServer, "starts clusters of its own"))
        func aPrimaryDiesUnderLoadAndNoAcknowledgedWriteIsLost() async throws {
            try await ReplicaPair.with { pair in
                let pool = PostgresPool(
                    configuration: PostgresConfiguration(url: pair.url(database: "clinic")),
                    options: .init(maxConnections: 8, acquireTimeout: .seconds(5)))
                defer { pool.close() }
                let (server, client) = try await Self.serve(pair, pool: pool)
                let answers = LockedValue<[Answer]>([])
                let running = LockedValue(true)
                let workers = (0..<6).map { worker in
                    Task {
                        var n = 0
                        while running.value {
                            n += 1
                            let body: [String: Any] = [
                                "names": ["latin": "Failover \(worker) \(n)"], "sex": "female",
                                "birthDate": "1950-01-01",
                            ]
                            let answer = try? await client.post("/v1/residents", body)
                            answers.withValue {
                                $0.append(
                                    Answer(
                                        status: answer?.status ?? 0, id: answer?.string("id"),
                                        retryAfter: answer?.headers["retry-after"] != nil, at: .now))
                            }
                        }
                    }
                }
                try await Task.sleep(for: .seconds(2))
                try await blocking { try pair.primary.stop(mode: "immediate") }
                let killed = ContinuousClock.now
                try await Task.sleep(for: .seconds(1))
                try await pair.promoteStandby()
                let promoted = ContinuousClock.now
                try await Task.sleep(for: .seconds(5))
                running.value = false
                for worker in workers { await worker.value }
                await server.shutdown(gracePeriod: .seconds(2))

                let all = answers.value
                let created = all.filter { $0.status == 201 }.compactMap(\.id)
                let refused = all.filter { $0.status != 201 }
                #expect(created.count > 20, "few writes: \(all.count) answers")
                #expect(refused.allSatisfy { $0.status == 503 && $0.retryAfter }, "\(Set(refused.map(\.status)))")
                #expect(all.contains { $0.status == 201 && $0.at < killed }, "writes before the primary died")
                let firstAfter = all.filter { $0.status == 201 && $0.at > promoted }.map(\.at).min()
                let recovered = try #require(firstAfter, "no write succeeded after the promotion")
                #expect(recovered - promoted < .seconds(5), "first write \(recovered - promoted) after the promotion")
                print(
                    "failover: \(created.count) acknowledged, \(refused.count) answered 503; the primary died "
                        + "\(promoted - killed) before the promotion; first write \(recovered - promoted) after it")

                // Every acknowledged write is on the new primary, once.
                let check = try await PostgresConnection.connect(
                    PostgresConfiguration(url: pair.standby.url(database: "clinic")))
                defer { check.close() }
                let ids = created.compactMap(UUID.init(uuidString:))
                let found = try await check.query("SELECT count(*) AS n FROM residents WHERE id = ANY(\(ids))")[0]
                    .decode(Int.self, "n")
                #expect(found == ids.count && Set(ids).count == ids.count, "\(found) of \(ids.count) acknowledged")
                let inRecovery = try await check.query("SELECT pg_is_in_recovery() AS r")[0].decode(Bool.self, "r")
                #expect(!inRecovery)
            }
        }

        /// `CLINIC_READ_DATABASE_URL`: slot lists come from the standby (and go on while the primary is down, as a
        /// read the standby can serve), while writes stay on the primary.
        @Test(.enabled(if: !TestDatabaseServer.usesExternalServer, "starts clusters of its own"))
        func slotListsAreReadFromTheStandby() async throws {
            try await ReplicaPair.with { pair in
                let pool = PostgresPool(configuration: PostgresConfiguration(url: pair.primary.url(database: "clinic")))
                defer { pool.close() }
                let readPool = PostgresPool(
                    configuration: PostgresConfiguration(
                        url: pair.standby.url(database: "clinic"), applicationName: "clinic-standby-reads"))
                defer { readPool.close() }
                let today = LocalDate(Date(), in: TimeZone(identifier: "Asia/Shanghai")!)
                let (server, client) = try await Self.serve(pair, pool: pool, readPool: readPool, seed: today)
                let week = "/v1/slots?from=\(today)&to=\(today.adding(days: 13))&limit=500"

                // The standby has replayed the seed (a synchronous standby has flushed it; replay follows at once).
                var listed = try await client.get(week)
                let deadline = ContinuousClock.now + .seconds(10)
                while listed.items.isEmpty, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    listed = try await client.get(week)
                }
                #expect(listed.status == 200 && !listed.items.isEmpty, "\(listed.status) \(listed.text.prefix(200))")
                let standby = try await PostgresConnection.connect(
                    PostgresConfiguration(url: pair.standby.url(database: "clinic")))
                defer { standby.close() }
                let readers = try await standby.query(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'clinic-standby-reads'"
                )[0].decode(Int.self, "n")
                #expect(readers >= 1, "the slot list was not read on the standby")

                // The primary goes: the standby still lists slots; a write has nowhere to go (503).
                try await blocking { try pair.primary.stop(mode: "immediate") }
                let during = try await client.get(week)
                #expect(during.status == 200 && during.items.count == listed.items.count)
                let write = try await client.post(
                    "/v1/residents", ["names": ["latin": "No primary"], "sex": "female", "birthDate": "1950-01-01"])
                #expect(write.status == 503, "\(write.status)")
                await server.shutdown(gracePeriod: .seconds(1))
            }
        }

        /// A COMMIT whose answer is lost just as the primary dies: the server asks whether it committed, and the one
        /// who answers is the new primary (the synchronous standby had the commit), never a standby that lags: 201.
        @Test(.enabled(if: !TestDatabaseServer.usesExternalServer, "starts clusters of its own"))
        func aCommitLostAsThePrimaryDiesIsAskedOfTheNewPrimary() async throws {
            try await ReplicaPair.with { pair in
                let pool = PostgresPool(
                    configuration: PostgresConfiguration(url: pair.url(database: "clinic")),
                    options: .init(maxConnections: 4, acquireTimeout: .seconds(20)))
                defer { pool.close() }
                let (server, client) = try await Self.serve(pair, pool: pool)
                // COMMIT reaches the primary (and so the synchronous standby), then the answer is lost and no database can
                // be reached for 3 s; meanwhile the primary dies and the standby is promoted.
                pool.faults.loseNextCommit(.init(committed: true, outage: .seconds(3)))
                let request = Task {
                    try await client.post(
                        "/v1/residents",
                        ["names": ["latin": "Lost at failover"], "sex": "female", "birthDate": "1950-01-01"])
                }
                try await Task.sleep(for: .milliseconds(500))
                try await blocking { try pair.primary.stop(mode: "immediate") }
                try await pair.promoteStandby()
                let answer = try await request.value
                #expect(answer.status == 201, "\(answer.status) \(answer.text.prefix(300))")
                await server.shutdown(gracePeriod: .seconds(1))

                let check = try await PostgresConnection.connect(
                    PostgresConfiguration(url: pair.standby.url(database: "clinic")))
                defer { check.close() }
                let found = try await check.query(
                    "SELECT count(*) AS n FROM residents WHERE name_latin = 'Lost at failover'")[0].decode(
                        Int.self, "n")
                #expect(found == 1)
            }
        }
    }
}
