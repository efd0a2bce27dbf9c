import Foundation
import Testing

@testable import Clinic

@Suite struct LoginThrottleTests {
    func failures(_ key: LoginThrottle.Key, _ db: TestDatabase) async throws -> Int {
        try await db.pool.query("SELECT failures FROM login_throttle WHERE key_hash = \(key.hash)").first?
            .decode(Int.self, "failures") ?? 0
    }

    @Test func aUserNameIsLockedAfterItsLimitAndUnlockedBySuccess() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy(maxAttemptsPerUser: 3, maxAttemptsPerAddress: 50, window: .seconds(900))
        let name = uniqueUsername()
        let address = "198.51.100.\(Int.random(in: 1...254))"
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            for _ in 0..<3 {
                #expect(
                    try await LoginThrottle.attempt(username: name, remoteAddress: address, policy: policy, on: conn)
                        == .allowed)
            }
            let refused = try await LoginThrottle.attempt(
                username: name.uppercased(), remoteAddress: "203.0.113.9", policy: policy, on: conn)
            guard case .locked(let retryAfter) = refused else {
                Issue.record("the fourth attempt was \(refused)")
                return
            }
            #expect((1...900).contains(retryAfter))
            #expect(
                try await LoginThrottle.status(username: name, remoteAddress: nil, policy: policy, on: conn) == refused)
            // Another name from the same address is not affected.
            #expect(
                try await LoginThrottle.attempt(username: name + "x", remoteAddress: address, policy: policy, on: conn)
                    == .allowed)
        }
        let keys = LoginThrottle.keys(username: name, remoteAddress: address)
        #expect(try await failures(keys[0], db) == 3)
        // The refused attempt counted nowhere, not even for the other address.
        #expect(try await failures(LoginThrottle.keys(username: name, remoteAddress: "203.0.113.9")[1], db) == 0)
        #expect(try await failures(keys[1], db) == 4)
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            try await LoginThrottle.succeeded(username: name, remoteAddress: address, on: conn)
            #expect(
                try await LoginThrottle.attempt(username: name, remoteAddress: address, policy: policy, on: conn)
                    == .allowed)
        }
        #expect(try await failures(keys[0], db) == 1)
        #expect(try await failures(keys[1], db) == 4)
    }

    @Test func anAddressIsLockedAcrossNames() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy(maxAttemptsPerUser: 5, maxAttemptsPerAddress: 4)
        let address = "2001:db8::\(Int.random(in: 1...9999))"
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
        let policy = LoginThrottle.Policy(maxAttemptsPerUser: 2, maxAttemptsPerAddress: 50, window: .seconds(60))
        let name = uniqueUsername()
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            for _ in 0..<2 {
                _ = try await LoginThrottle.attempt(username: name, remoteAddress: nil, policy: policy, on: conn)
            }
            #expect(
                try await LoginThrottle.attempt(username: name, remoteAddress: nil, policy: policy, on: conn)
                    != .allowed)
            let key = LoginThrottle.keys(username: name, remoteAddress: nil)[0]
            try await conn.query(
                "UPDATE login_throttle SET window_start = now() - interval '61 seconds' WHERE key_hash = \(key.hash)")
            #expect(
                try await LoginThrottle.attempt(username: name, remoteAddress: nil, policy: policy, on: conn)
                    == .allowed)
            #expect(try await failures(key, db) == 1)
            try await conn.query(
                "UPDATE login_throttle SET window_start = now() - interval '61 seconds' WHERE key_hash = \(key.hash)")
            #expect(try await LoginThrottle.purge(policy: policy, on: conn) >= 1)
            #expect(try await failures(key, db) == 0)
        }
    }

    /// Twenty guesses at once: exactly the allowed number get through, and the counters say exactly that.
    @Test func parallelAttemptsNeitherSlipThroughNorCorruptTheCounters() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy(maxAttemptsPerUser: 5, maxAttemptsPerAddress: 100)
        let name = uniqueUsername()
        let address = "192.0.2.\(Int.random(in: 1...254))"
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
        let keys = LoginThrottle.keys(username: name, remoteAddress: address)
        #expect(try await failures(keys[0], db) == 5)
        #expect(try await failures(keys[1], db) == 5)
    }

    /// Twenty different people log in at once from one address through the whole flow, rightly or wrongly.
    @Test func parallelLoginsFromOneAddressCountExactly() async throws {
        let db = try await TestDatabase.forSuite()
        let address = "192.0.2.\(Int.random(in: 1...254))"
        let settings = LoginFlow.Settings(
            bcryptCost: testBcryptCost,
            throttle: LoginThrottle.Policy(maxAttemptsPerUser: 5, maxAttemptsPerAddress: 100))
        var users: [String] = []
        for _ in 0..<20 { users.append(try await db.makeUser(password: "the right one!").username) }
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (i, name) in users.enumerated() {
                group.addTask {
                    do {
                        _ = try await LoginFlow.login(
                            LoginRequest(username: name, password: i % 2 == 0 ? "the right one!" : "the wrong one"),
                            remoteAddress: address, requestId: nil, settings: settings, pool: db.pool)
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
        #expect(try await failures(LoginThrottle.keys(username: "", remoteAddress: address)[1], db) == 10)
        for (i, name) in users.enumerated() {
            #expect(
                try await failures(LoginThrottle.keys(username: name, remoteAddress: nil)[0], db)
                    == (i % 2 == 0 ? 0 : 1))
        }
    }
}
