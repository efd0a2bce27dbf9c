import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

@Suite struct UserAndTokenTests {
    @Test func usersAreCreatedAndVerified() async throws {
        let db = try await TestDatabase.forSuite()
        let name = uniqueUsername("Tashi")
        let created = try await db.makeUser(name, password: "yak butter tea 42")
        #expect(created.username == name && created.role == .staff && created.doctorId == nil && created.active)

        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            func verify(_ username: String, _ password: String) async throws -> User? {
                try await UserStore.verify(username: username, password: password, cost: testBcryptCost, on: conn)
            }
            #expect(try await verify(name, "yak butter tea 42") == created)
            #expect(try await verify(name.uppercased(), "yak butter tea 42") == created)
            #expect(try await verify(name, "yak butter tea 43") == nil)
            #expect(try await verify(name, "") == nil)
            #expect(try await verify("nobody-" + name, "yak butter tea 42") == nil)
            #expect(try await UserStore.get(created.id, on: conn) == created)
            #expect(try await UserStore.list(on: conn).contains(created))

            #expect(try await UserStore.setActive(created.id, false, on: conn))
            #expect(try await verify(name, "yak butter tea 42") == nil)
            #expect(try await UserStore.setActive(created.id, true, on: conn))

            #expect(
                try await UserStore.setPassword(created.id, password: "a new password!", cost: testBcryptCost, on: conn)
            )
            #expect(try await verify(name, "yak butter tea 42") == nil)
            #expect(try await verify(name, "a new password!")?.id == created.id)
        }
    }

    @Test func passwordsLongerThanBcryptsLimitCountInFull() async throws {
        let db = try await TestDatabase.forSuite()
        let prefix = String(repeating: "x", count: 100)
        let name = uniqueUsername()
        try await db.makeUser(name, password: prefix + "A")
        let wrong = try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            try await UserStore.verify(username: name, password: prefix + "B", cost: testBcryptCost, on: conn)
        }
        #expect(wrong == nil)
    }

    @Test func usernamesAreUniqueWhateverTheirCase() async throws {
        let db = try await TestDatabase.forSuite()
        let name = uniqueUsername("Dolma")
        try await db.makeUser(name)
        await #expect(throws: AuthError.usernameTaken) { try await db.makeUser(name.uppercased()) }
    }

    @Test func doctorUsersNeedAnExistingDoctor() async throws {
        let db = try await TestDatabase.forSuite()
        let doctorId = try await db.makeDoctor()
        let user = try await db.makeUser(role: .doctor, doctorId: doctorId)
        #expect(user.doctorId == doctorId && user.principal.doctorId == doctorId)
        await #expect(throws: ValidationError(field: "doctorId", message: "no such doctor")) {
            try await db.makeUser(role: .doctor, doctorId: UUID())
        }
        await #expect(throws: ValidationError.self) { try await db.makeUser(role: .doctor, doctorId: nil) }
        await #expect(throws: ValidationError.self) { try await db.makeUser(role: .admin, doctorId: doctorId) }
    }

    @Test func tokensWorkUntilRevoked() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser(role: .admin)
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            let issued = try await TokenStore.issue(userId: user.id, remoteAddress: "10.0.0.7", on: conn)
            #expect(issued.token.utf8.count == 43)
            let lifetime = issued.expiresAt.timeIntervalSinceNow
            #expect(lifetime > 12 * 3600 - 60 && lifetime <= 12 * 3600 + 1)
            #expect(try await TokenStore.principal(forToken: issued.token, on: conn) == user.principal)
            #expect(try await TokenStore.principal(forToken: BearerToken.generate(), on: conn) == nil)
            #expect(try await TokenStore.principal(forToken: "not a token", on: conn) == nil)

            #expect(try await TokenStore.revoke(token: issued.token, on: conn))
            #expect(try await TokenStore.principal(forToken: issued.token, on: conn) == nil)
            #expect(try await TokenStore.revoke(token: issued.token, on: conn) == false)
        }
    }

    @Test func tokensExpire() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            // Long enough that a loaded machine still checks it in time (300 ms was not, once in CI).
            let short = try await TokenStore.issue(userId: user.id, lifetime: .seconds(2), on: conn)
            #expect(try await TokenStore.principal(forToken: short.token, on: conn) != nil)
            try await Task.sleep(for: .milliseconds(2100))
            #expect(try await TokenStore.principal(forToken: short.token, on: conn) == nil)

            let long = try await TokenStore.issue(userId: user.id, on: conn)
            try await conn.query(
                """
                UPDATE auth_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day'
                WHERE token_hash = \(BearerToken.hash(long.token))
                """)
            #expect(try await TokenStore.principal(forToken: long.token, on: conn) == nil)
            // Expired a day ago: gone with an hour's retention.
            let purged = try await TokenStore.purge(retention: .seconds(3600), on: conn)
            #expect(purged >= 1)
            let left = try await conn.query(
                "SELECT count(*) AS n FROM auth_tokens WHERE token_hash = \(BearerToken.hash(long.token))")
            #expect(try left.first?.decode(Int.self, "n") == 0)
        }
    }

    @Test func deactivatingAUserOrRevokingAllEndsItsTokens() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            let a = try await TokenStore.issue(userId: user.id, on: conn)
            let b = try await TokenStore.issue(userId: user.id, on: conn)
            #expect(try await UserStore.setActive(user.id, false, on: conn))
            #expect(try await TokenStore.principal(forToken: a.token, on: conn) == nil)
            #expect(try await UserStore.setActive(user.id, true, on: conn))
            #expect(try await TokenStore.principal(forToken: a.token, on: conn) != nil)
            #expect(try await TokenStore.revokeAll(userId: user.id, on: conn) == 2)
            #expect(try await TokenStore.principal(forToken: b.token, on: conn) == nil)
        }
    }

    @Test func lastUseIsNotedAtMostOnceAMinute() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            let issued = try await TokenStore.issue(userId: user.id, on: conn)
            let hash = BearerToken.hash(issued.token)
            try await conn.query(
                "UPDATE auth_tokens SET last_used_at = now() - interval '5 minutes' WHERE token_hash = \(hash)")
            _ = try await TokenStore.principal(forToken: issued.token, on: conn)
            let age = try await conn.query(
                """
                SELECT extract(epoch FROM now() - last_used_at)::float8 AS age FROM auth_tokens
                WHERE token_hash = \(hash)
                """)
            #expect(try age.first!.decode(Double.self, "age") < 5)
        }
    }

    @Test func theDatabaseHoldsNoPlaintextPasswordOrToken() async throws {
        let db = try await TestDatabase.forSuite()
        let password = "plaintext-canary-\(UUID().uuidString)"
        let name = uniqueUsername("canary")
        try await db.makeUser(name, password: password)
        let settings = LoginFlow.Settings(bcryptCost: testBcryptCost)
        let response = try await LoginFlow.login(
            LoginRequest(username: name, password: password), remoteAddress: "192.0.2.1", requestId: "req-1",
            settings: settings, pool: db.pool)
        // Someone types the password into the name field: the throttle and the audit log must not keep it.
        await #expect(throws: AuthError.invalidCredentials) {
            try await LoginFlow.login(
                LoginRequest(username: password, password: "whatever"), remoteAddress: "192.0.2.1", requestId: "req-2",
                settings: settings, pool: db.pool)
        }
        let secrets = [password, response.token, PasswordHashing.prehash(password)]
        for table in ["users", "auth_tokens", "login_throttle", "audit_log"] {
            // Every column of every row as text; bytea prints as hex, so also look for the token's bytes in hex.
            let rows = try await db.pool.query(PostgresQuery(unsafeSQL: "SELECT t::text AS row FROM \(table) t"))
            #expect(!rows.isEmpty, "\(table) is empty: the scan would prove nothing")
            for row in rows {
                let text = try row.decode(String.self, "row")
                for secret in secrets {
                    #expect(!text.contains(secret), "\(table) holds a secret")
                    let hex = Array(secret.utf8).map { String(format: "%02x", $0) }.joined()
                    #expect(!text.contains(hex), "\(table) holds a secret's bytes")
                }
            }
        }
    }

    @Test func loginFlowIssuesATokenAndAuthenticates() async throws {
        let db = try await TestDatabase.forSuite()
        let name = uniqueUsername()
        let user = try await db.makeUser(name, password: "a long password 1")
        let settings = LoginFlow.Settings(tokenLifetime: .seconds(60), bcryptCost: testBcryptCost)
        let response = try await LoginFlow.login(
            LoginRequest(username: name, password: "a long password 1"), remoteAddress: nil, requestId: nil,
            settings: settings, pool: db.pool)
        #expect(response.user == user)
        let tokens = TokenAuthenticator(pool: db.pool, cacheLifetime: .seconds(60))
        let principal = try await tokens.authenticate(authorization: "Bearer \(response.token)")
        #expect(principal == user.principal)
        await #expect(throws: AuthError.invalidToken) {
            try await tokens.authenticate(authorization: nil)
        }
        #expect(
            try await LoginFlow.logout(
                token: response.token, principal: principal, remoteAddress: nil, requestId: nil, pool: db.pool))
        // Still remembered by this authenticator (as by another server that did not see the logout) ...
        #expect(try await tokens.authenticate(authorization: "Bearer \(response.token)") == principal)
        // ... until it is told, or asks the database afresh.
        tokens.forget(token: response.token)
        await #expect(throws: AuthError.invalidToken) {
            try await tokens.authenticate(authorization: "Bearer \(response.token)")
        }
        let uncached = TokenAuthenticator(pool: db.pool, cacheLifetime: .zero)
        await #expect(throws: AuthError.invalidToken) {
            try await uncached.authenticate(authorization: "Bearer \(response.token)")
        }
        let actions = try await db.pool.query(
            "SELECT action FROM audit_log WHERE user_id = \(user.id) ORDER BY at"
        ).map { try $0.decode(String.self, "action") }
        #expect(actions == ["login", "logout"])
    }
}
