import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// The purge jobs the server registers really delete what has expired, and only that.
@Suite struct PurgeJobsTests {
    @Test func thePurgeJobsDeleteExpiredRowsAndShowInMetrics() async throws {
        let app = try await TestApp.forSuite()
        let pool = app.pool
        let user = try await app.db.makeUser()
        /// A new token of `user`, then `update` (SET clauses) applied to it.
        func token(_ update: PostgresQuery?) async throws -> Data {
            let issued = try await pool.withConnection { try await TokenStore.issue(userId: user.id, on: $0) }
            let hash = BearerToken.hash(issued.token)
            if let update { try await pool.query("UPDATE auth_tokens SET \(update) WHERE token_hash = \(hash)") }
            return hash
        }
        let live = try await token(nil)
        let expiredLongAgo = try await token(
            "created_at = now() - interval '10 days', expires_at = now() - interval '9 days'")
        let expiredLately = try await token(
            "created_at = now() - interval '2 days', expires_at = now() - interval '1 hour'")
        let revokedLongAgo = try await token("revoked_at = now() - interval '8 days'")

        try await pool.withConnection { db in
            #expect(try await LoginThrottle.attempt(username: "gone", remoteAddress: nil, on: db) == .allowed)
            try await db.query("UPDATE login_throttle SET window_start = window_start - interval '1 day'")
            #expect(try await LoginThrottle.attempt(username: "current", remoteAddress: nil, on: db) == .allowed)

            guard case .proceed = try await IdempotencyStore.begin(key: "old", scope: "jobs", fingerprint: "f", on: db)
            else {
                Issue.record("key old was not claimed")
                return
            }
            try await db.query("UPDATE idempotency_keys SET created_at = now() - interval '2 days' WHERE key = 'old'")
            guard case .proceed = try await IdempotencyStore.begin(key: "new", scope: "jobs", fingerprint: "f", on: db)
            else {
                Issue.record("key new was not claimed")
                return
            }
        }

        let scheduler = app.application.jobs
        #expect(
            Set(scheduler.jobs.map(\.name))
                == [
                    "purge-tokens", "purge-login-throttle", "purge-idempotency-keys", "refresh-settings",
                    "notification-reminders",
                ])
        for job in scheduler.jobs { #expect(await scheduler.run(job) == .succeeded, "\(job.name)") }

        let tokens = try await pool.query("SELECT token_hash FROM auth_tokens WHERE user_id = \(user.id)").map {
            try $0.decode(Data.self, "token_hash")
        }
        #expect(Set(tokens) == [live, expiredLately])
        #expect(!tokens.contains(expiredLongAgo) && !tokens.contains(revokedLongAgo))
        let counters = try await pool.query("SELECT count(*) AS n FROM login_throttle").first?.decode(Int.self, "n")
        // "current"'s two counters (its name with no address, and its name's ceiling) stay; "gone"'s two are purged.
        #expect(counters == 2)
        let keys = try await pool.query("SELECT key FROM idempotency_keys WHERE scope = 'jobs'").map {
            try $0.decode(String.self, "key")
        }
        #expect(keys == ["new"])

        let metrics = try await app.anonymous.get("/metrics")
        for job in scheduler.jobs {
            #expect(metrics.text.contains("clinic_job_runs_total{job=\"\(job.name)\"} 1.0\n"))
            #expect(metrics.text.contains("clinic_job_failures_total{job=\"\(job.name)\"} 0.0\n"))
        }
    }

    /// Two server processes on one database: settings changed through one reach the other at its next refresh
    /// (every 5 s), which runs in every process (no lock to skip it).
    @Test func settingsChangedInAnotherProcessArriveAtTheNextRefresh() async throws {
        let app = try await TestApp.fresh()
        let other = ClinicApplication(
            pool: app.db.serverPool(),
            configuration: try ServerConfiguration.fromEnvironment(["CLINIC_BCRYPT_COST": "4"]))
        try await other.services.refreshSettings()
        let admin = try await app.signIn(.admin)
        var settings = try await admin.client.get("/v1/clinic").json
        let name = "Renamed \(UUID().uuidString.prefix(6))"
        settings["name"] = name
        #expect(try await admin.client.put("/v1/clinic", settings).status == 200)
        #expect(app.application.services.clinics.first?.settings.name == name, "this process: at once")
        #expect(other.services.clinics.first?.settings.name != name, "the other process: not yet")
        let refresh = try #require(other.jobs.jobs.first { $0.name == "refresh-settings" })
        #expect(await other.jobs.run(refresh) == .succeeded)
        #expect(other.services.clinics.first?.settings.name == name)
    }
}
