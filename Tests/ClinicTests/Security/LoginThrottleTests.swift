import Foundation
import Testing

@testable import Clinic
@testable import ClinicPostgres

@Suite struct LoginThrottleTests {
    func failures(_ key: LoginThrottle.Key?, _ db: TestDatabase) async throws -> Int {
        guard let key else { return 0 }
        return try await db.pool.query("SELECT failures FROM login_throttle WHERE key_hash = \(key.hash)").first?
            .decode(Int.self, "failures") ?? 0
    }

    func strikes(_ key: LoginThrottle.Key, _ db: TestDatabase) async throws -> Int {
        try await db.pool.query("SELECT strikes FROM login_throttle WHERE key_hash = \(key.hash)").first?
            .decode(Int.self, "strikes") ?? -1
    }

    /// Moves a counter's window `seconds` into the past.
    func age(_ key: LoginThrottle.Key?, by seconds: Int, _ db: TestDatabase) async throws {
        guard let key else { return }
        try await db.pool.query(
            """
            UPDATE login_throttle SET window_start = now() - make_interval(secs => \(seconds))
            WHERE key_hash = \(key.hash)
            """
        )
    }

    @Test func aNameIsLockedFromOneAddressAfterItsLimitAndUnlockedBySuccess() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy(
            maxAttemptsPerUserAddress: 3, maxAttemptsPerAddress: 50, window: .seconds(900))
        let name = uniqueUsername()
        let address = "198.51.100.\(Int.random(in: 1...254))"
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            for port in 0..<3 {
                #expect(
                    try await LoginThrottle.attempt(
                        username: name, remoteAddress: "\(address):\(41_000 + port)", policy: policy, on: conn)
                        == .allowed)
            }
            let refused = try await LoginThrottle.attempt(
                username: name.uppercased(), remoteAddress: address, policy: policy, on: conn)
            guard case .locked(let retryAfter) = refused else {
                Issue.record("the fourth attempt was \(refused)")
                return
            }
            #expect((1...900).contains(retryAfter))
            // Locked too (its seconds may have ticked down between the two reads).
            let status = try await LoginThrottle.status(username: name, remoteAddress: address, policy: policy, on: conn)
            guard case .locked(let stillLockedFor) = status else {
                Issue.record("status says \(status)")
                return
            }
            #expect(stillLockedFor <= retryAfter && stillLockedFor >= retryAfter - 5)
            // Another name from the same address, and the same name from elsewhere, are not affected.
            #expect(
                try await LoginThrottle.attempt(username: name + "x", remoteAddress: address, policy: policy, on: conn)
                    == .allowed)
            #expect(
                try await LoginThrottle.attempt(username: name, remoteAddress: "203.0.113.9", policy: policy, on: conn)
                    == .allowed)
        }
        let keys = LoginThrottle.Keys(username: name, remoteAddress: address)
        #expect(try await failures(keys.userAddress, db) == 3)
        #expect(try await failures(keys.address, db) == 4)
        #expect(try await failures(keys.user, db) == 4)
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            try await LoginThrottle.succeeded(username: name, remoteAddress: address, policy: policy, on: conn)
            #expect(
                try await LoginThrottle.attempt(username: name, remoteAddress: address, policy: policy, on: conn)
                    == .allowed)
        }
        #expect(try await failures(keys.userAddress, db) == 1)
        #expect(try await failures(keys.address, db) == 4)
        // The success took its attempt back from the ceiling; the address is known now, so the next one did not count.
        #expect(try await failures(keys.user, db) == 3)
    }

    @Test func anAddressIsLockedAcrossNames() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy(maxAttemptsPerAddress: 4)
        let address = uniqueAddress()
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            for i in 0..<4 {
                #expect(
                    try await LoginThrottle.attempt(
                        username: uniqueUsername("spray\(i)"), remoteAddress: address, policy: policy, on: conn)
                        == .allowed)
            }
            let refused = try await LoginThrottle.attempt(
                username: uniqueUsername(), remoteAddress: address, policy: policy, on: conn)
            #expect(refused != .allowed)
            // Without an address only the name counts.
            #expect(
                try await LoginThrottle.attempt(
                    username: uniqueUsername(), remoteAddress: nil, policy: policy, on: conn)
                    == .allowed)
        }
    }

    @Test func aClosedWindowStartsAfresh() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy(maxAttemptsPerUserAddress: 2, window: .seconds(60))
        let name = uniqueUsername()
        let key = LoginThrottle.Keys(username: name, remoteAddress: nil).userAddress
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            for _ in 0..<2 {
                _ = try await LoginThrottle.attempt(username: name, remoteAddress: nil, policy: policy, on: conn)
            }
            #expect(
                try await LoginThrottle.attempt(username: name, remoteAddress: nil, policy: policy, on: conn)
                    != .allowed)
        }
        try await age(key, by: 61, db)
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            #expect(
                try await LoginThrottle.attempt(username: name, remoteAddress: nil, policy: policy, on: conn)
                    == .allowed)
        }
        #expect(try await failures(key, db) == 1)
    }

    /// Many addresses against one name fill its ceiling: new addresses are refused, for longer each time the
    /// ceiling fills again, while the owner's own address still gets through.
    @Test func theNamesCeilingBacksOffAndSparesAddressesItSignedInFrom() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy(
            maxAttemptsPerUserAddress: 2, maxAttemptsPerAddress: 50, maxAttemptsPerUser: 4, window: .seconds(60),
            maxUserWindow: .seconds(240))
        #expect(policy.maxStrikes == 2 && LoginThrottle.Policy.standard.maxStrikes == 6)
        let name = uniqueUsername()
        let net = "198.18.\(Int.random(in: 0...255))"
        let owner = "\(net).250"
        let ceiling = LoginThrottle.Keys(username: name, remoteAddress: nil).user
        func attempt(_ address: String) async throws -> LoginThrottle.Decision {
            try await db.pool.withConnection { (conn: PostgresConnection) async throws in
                try await LoginThrottle.attempt(username: name, remoteAddress: address, policy: policy, on: conn)
            }
        }
        #expect(try await attempt(owner) == .allowed)
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            try await LoginThrottle.succeeded(username: name, remoteAddress: owner, policy: policy, on: conn)
        }
        for host in 1...2 {
            for _ in 0..<2 { #expect(try await attempt("\(net).\(host)") == .allowed) }
        }
        #expect(try await failures(ceiling, db) == 4)
        guard case .locked(let first) = try await attempt("\(net).3") else {
            Issue.record("a new address got through a full ceiling")
            return
        }
        #expect((1...60).contains(first))
        #expect(try await attempt(owner) == .allowed, "the owner's known address is not held by the ceiling")

        // The window ended full: the next one is twice as long.
        try await age(ceiling, by: 61, db)
        #expect(try await attempt("\(net).3") == .allowed)
        #expect(try await strikes(ceiling, db) == 1)
        #expect(try await attempt("\(net).3") == .allowed)
        for _ in 0..<2 { #expect(try await attempt("\(net).4") == .allowed) }
        guard case .locked(let second) = try await attempt("\(net).5") else {
            Issue.record("a new address got through a full ceiling")
            return
        }
        #expect((61...120).contains(second))

        // Quiet for a whole window after the last one closed: the backoff is forgotten.
        try await age(ceiling, by: 2 * 120 + 1, db)
        #expect(try await attempt("\(net).6") == .allowed)
        #expect(try await strikes(ceiling, db) == 0)
    }

    @Test func purgeDeletesWhatNoLongerCountsAndKeepsTheRest() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy(
            maxAttemptsPerUserAddress: 5, maxAttemptsPerAddress: 50, maxAttemptsPerUser: 1, window: .seconds(60),
            knownAddressLifetime: .seconds(3600))
        let fresh = uniqueUsername()
        let old = uniqueUsername()
        let freshKeys = LoginThrottle.Keys(username: fresh, remoteAddress: "192.0.2.77")
        let oldKeys = LoginThrottle.Keys(username: old, remoteAddress: "192.0.2.78")
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            for (name, address) in [(fresh, "192.0.2.77"), (old, "192.0.2.78")] {
                _ = try await LoginThrottle.attempt(username: name, remoteAddress: address, policy: policy, on: conn)
                try await LoginThrottle.succeeded(username: name, remoteAddress: address, policy: policy, on: conn)
                _ = try await LoginThrottle.attempt(
                    username: name, remoteAddress: "192.0.2.79", policy: policy, on: conn)
            }
        }
        // fresh: every row's window just closed; the full ceiling still counts for the backoff.
        for key in [freshKeys.known, LoginThrottle.Keys(username: fresh, remoteAddress: "192.0.2.79").userAddress] {
            try await age(key, by: 61, db)
        }
        try await age(freshKeys.user, by: 61, db)
        // old: the ceiling's next window has passed too, and the known address has lapsed.
        try await age(oldKeys.user, by: 121, db)
        try await age(oldKeys.known, by: 3601, db)
        let purged = try await db.pool.withConnection { try await LoginThrottle.purge(policy: policy, on: $0) }
        #expect(purged >= 3)
        func exists(_ key: LoginThrottle.Key?) async throws -> Bool {
            try await !db.pool.query("SELECT 1 AS one FROM login_throttle WHERE key_hash = \(key!.hash)").isEmpty
        }
        #expect(try await !exists(LoginThrottle.Keys(username: fresh, remoteAddress: "192.0.2.79").userAddress))
        #expect(try await exists(freshKeys.user))
        #expect(try await exists(freshKeys.known))
        #expect(try await !exists(oldKeys.user))
        #expect(try await !exists(oldKeys.known))
        // The address counters of this test are inside their windows.
        #expect(try await exists(LoginThrottle.Keys(username: "", remoteAddress: "192.0.2.79").address))
    }

    @Test func addressesAreKeyedOnTheHost() {
        #expect(ClientAddress.throttleKey("203.0.113.7:53122") == "203.0.113.7")
        #expect(ClientAddress.throttleKey("203.0.113.7") == "203.0.113.7")
        #expect(ClientAddress.throttleKey("[2001:db8:1:2:aaaa:bbbb:cccc:dddd]:443") == "2001:db8:1:2::/64")
        #expect(ClientAddress.throttleKey("[2001:DB8:1:2::9]:1") == "2001:db8:1:2::/64")
        #expect(ClientAddress.throttleKey("2001:db8:1:2::9") == "2001:db8:1:2::/64")
        #expect(ClientAddress.throttleKey("[::ffff:203.0.113.7]:80") == "203.0.113.7")
        #expect(ClientAddress.throttleKey("unknown:0") == "unknown")
        #expect(ClientAddress.throttleKey("") == nil && ClientAddress.throttleKey(nil) == nil)
        #expect(Username.canonical("AdM\u{130}n-\u{212A}") == "adm\u{130}n-\u{212A}")
    }

    /// Twenty guesses at once: exactly the allowed number get through, and the counters say exactly that.
    @Test func parallelAttemptsNeitherSlipThroughNorCorruptTheCounters() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy(maxAttemptsPerUserAddress: 5, maxAttemptsPerAddress: 100)
        let name = uniqueUsername()
        let address = uniqueAddress()
        let decisions = try await withThrowingTaskGroup(of: LoginThrottle.Decision.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await db.pool.withConnection { (conn: PostgresConnection) async throws in
                        try await LoginThrottle.attempt(
                            username: name, remoteAddress: address, policy: policy, on: conn)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(decisions.filter { $0 == .allowed }.count == 5)
        let keys = LoginThrottle.Keys(username: name, remoteAddress: address)
        #expect(try await failures(keys.userAddress, db) == 5)
        #expect(try await failures(keys.address, db) == 5)
        #expect(try await failures(keys.user, db) == 5)
    }

    /// Twenty different people log in at once from one address through the whole flow, rightly or wrongly.
    @Test func parallelLoginsFromOneAddressCountExactly() async throws {
        let db = try await TestDatabase.forSuite()
        let address = uniqueAddress()
        let settings = LoginFlow.Settings(
            bcryptCost: testBcryptCost,
            throttle: LoginThrottle.Policy(maxAttemptsPerUserAddress: 5, maxAttemptsPerAddress: 100))
        var users: [String] = []
        for _ in 0..<20 { users.append(try await db.makeUser(password: "the right one!").username) }
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (i, name) in users.enumerated() {
                group.addTask {
                    do {
                        _ = try await LoginFlow.login(
                            LoginRequest(username: name, password: i % 2 == 0 ? "the right one!" : "the wrong one"),
                            remoteAddress: "[\(address)]:\(30_000 + i)", requestId: nil, settings: settings,
                            pool: db.pool)
                        return true
                    } catch AuthError.invalidCredentials {
                        return false
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 10)
        // Successes were taken back from the address; the ten failures stay, one per wrong name.
        #expect(try await failures(LoginThrottle.Keys(username: "", remoteAddress: address).address, db) == 10)
        for (i, name) in users.enumerated() {
            let keys = LoginThrottle.Keys(username: name, remoteAddress: address)
            #expect(try await failures(keys.userAddress, db) == (i % 2 == 0 ? 0 : 1))
            #expect(try await failures(keys.user, db) == (i % 2 == 0 ? 0 : 1))
        }
    }
}
