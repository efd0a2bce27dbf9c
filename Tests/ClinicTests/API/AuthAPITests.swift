import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

/// Authentication and authorisation through real HTTP: every protected route refuses a missing or bad token,
/// roles are enforced, tokens expire and can be revoked, failed logins are throttled.
@Suite struct AuthAPITests {
    /// A concrete path for a route pattern (any UUID / date for parameters).
    static func samplePath(_ route: Route) -> String {
        route.path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix("{") else { return String(segment) }
            return segment.contains("date") ? "2026-12-01" : "00000000-0000-4000-8000-000000000001"
        }.joined(separator: "/")
    }

    @Test func everyProtectedRouteRefusesMissingAndInvalidTokens() async throws {
        let app = try await TestApp.forSuite()
        let protected = app.application.api.routes.filter { $0.access != .anyone }
        #expect(protected.count >= 5)
        for route in protected {
            let path = Self.samplePath(route)
            let body: Any? = route.method == .get || route.method == .delete ? nil : [String: String]()
            let bare = try await app.anonymous.send(route.method.rawValue, path, json: body)
            #expect(bare.status == 401, "\(route.method) \(route.path) without a token gave \(bare.status)")
            #expect(bare.isProblem)
            #expect(bare.headers["www-authenticate"] == "Bearer")
            let forged = try await app.anonymous.with(token: "A" + String(repeating: "b", count: 42))
                .send(route.method.rawValue, path, json: body)
            #expect(forged.status == 401, "\(route.method) \(route.path) with a forged token gave \(forged.status)")
        }
    }

    @Test func publicRoutesAnswerWithoutAToken() async throws {
        let app = try await TestApp.forSuite()
        #expect(try await app.anonymous.get("/healthz").status == 200)
        #expect(try await app.anonymous.get("/readyz").status == 200)
        #expect(try await app.anonymous.get("/openapi.json").status == 200)
        let metrics = try await app.anonymous.get("/metrics")
        #expect(metrics.status == 200 && metrics.text.contains("clinic_http_requests_total"))
    }

    @Test func loginMeAndLogout() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let me = try await staff.client.get("/v1/me")
        #expect(me.status == 200)
        #expect(me.string("username") == staff.user.username && me.string("role") == "staff")
        #expect(me.json["passwordHash"] == nil && !me.text.contains("$2a$"))
        #expect(try await staff.client.post("/v1/auth/logout").status == 204)
        #expect(try await staff.client.get("/v1/me").status == 401)
    }

    @Test func expiredTokensAreRefused() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        try await app.pool.query("UPDATE auth_tokens SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 second' WHERE user_id = \(doctor.user.id)")
        #expect(try await doctor.client.get("/v1/me").status == 401)
    }

    /// Tokens are trusted for `CLINIC_TOKEN_CACHE_SECONDS` (5 s) once checked: one revoked behind the server's
    /// back (SQL, another server) works until then and not after.
    @Test func aTokenRevokedElsewhereStopsWorkingOnceItsCacheEntryLapses() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        #expect(try await staff.client.get("/v1/me").status == 200)
        try await app.pool.query("UPDATE auth_tokens SET revoked_at = now() WHERE user_id = \(staff.user.id)")
        let revoked = ContinuousClock.now
        var status = try await staff.client.get("/v1/me").status
        #expect(status == 200, "still trusted from the cache")
        while status == 200, revoked.duration(to: .now) < .seconds(20) {
            try await Task.sleep(for: .milliseconds(250))
            status = try await staff.client.get("/v1/me").status
        }
        #expect(status == 401)
        #expect(revoked.duration(to: .now) >= .seconds(3), "refused before the cache entry could lapse")
    }

    @Test func badCredentialsAre401AndRepeatedFailuresAre429() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        var statuses: [Int] = []
        for _ in 0..<7 {
            let response = try await app.anonymous.post(
                "/v1/auth/login", ["username": staff.user.username, "password": "wrong password!"])
            statuses.append(response.status)
            if response.status == 429 { #expect(Int(response.headers["retry-after"] ?? "") ?? 0 > 0) }
        }
        #expect(statuses.prefix(4).allSatisfy { $0 == 401 })
        #expect(statuses.last == 429)
        // The right password is refused too while locked: the lock is on the name, not the guess.
        let locked = try await app.anonymous.post(
            "/v1/auth/login", ["username": staff.user.username, "password": staff.password])
        #expect(locked.status == 429)
        // Other users are not slowed down.
        let other = try await app.signIn(.staff)
        #expect(try await other.client.get("/v1/me").status == 200)
    }

    @Test func malformedLoginBodies() async throws {
        let app = try await TestApp.forSuite()
        let notJSON = try await app.anonymous.send(
            "POST", "/v1/auth/login", body: Data("username=x".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(notJSON.status == 415)
        let broken = try await app.anonymous.send(
            "POST", "/v1/auth/login", body: Data("{\"username\":".utf8), contentType: "application/json")
        #expect(broken.status == 400 && broken.isProblem)
        let missing = try await app.anonymous.post("/v1/auth/login", ["username": "someone"])
        #expect(missing.status == 400 && missing.errorFields == ["password"])
    }

    @Test func onlyAdminsManageUsersAndReadTheAudit() async throws {
        let app = try await TestApp.forSuite()
        let admin = try await app.signIn(.admin)
        let staff = try await app.signIn(.staff)
        let doctor = try await app.signIn(.doctor)
        let newUser: [String: Any] = ["username": "frontdesk2", "password": "a long enough password", "role": "staff"]
        #expect(try await staff.client.post("/v1/users", newUser).status == 403)
        #expect(try await doctor.client.post("/v1/users", newUser).status == 403)
        #expect(try await staff.client.get("/v1/users").status == 403)
        #expect(try await doctor.client.get("/v1/audit").status == 403)
        let created = try await admin.client.post("/v1/users", newUser)
        #expect(created.status == 201 && created.string("role") == "staff")
        #expect(try await admin.client.post("/v1/users", newUser).status == 409)
        // Mass assignment: a body cannot choose the id or deactivate the user.
        let sneaky = try await admin.client.post(
            "/v1/users",
            [
                "username": "sneaky", "password": "a long enough password", "role": "staff",
                "id": "00000000-0000-4000-8000-000000000009", "active": false,
            ])
        #expect(sneaky.status == 201)
        #expect(sneaky.string("id") != "00000000-0000-4000-8000-000000000009" && sneaky.json["active"] as? Bool == true)
        let weak = try await admin.client.post("/v1/users", ["username": "weak", "password": "short", "role": "boss"])
        #expect(weak.status == 422 && Set(weak.errorFields) == ["password", "role"])
        #expect(try await admin.client.get("/v1/users").status == 200)
        let audit = try await admin.client.get("/v1/audit?userId=\(admin.user.id)")
        #expect(audit.status == 200)
        let actions = audit.items.compactMap { $0["action"] as? String }
        #expect(actions.contains("create") && actions.contains("login"))
        #expect(try await admin.client.get("/v1/audit?cursor=garbage").status == 400)
        #expect(try await admin.client.get("/v1/audit?from=yesterday").status == 400)
    }

    @Test func theDatabaseHoldsNoTokenOrPassword() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let token = try #require(staff.client.token)
        for table in ["users", "auth_tokens", "audit_log", "login_throttle"] {
            let dump = try await app.pool.query(PostgresQuery(unsafeSQL: "SELECT coalesce(string_agg(t::text, ' '), '') AS d FROM \(table) t"))
                .first!.decode(String.self, "d")
            #expect(!dump.contains(token), "\(table) holds a token")
            #expect(!dump.contains(staff.password), "\(table) holds a password")
        }
    }
}
