import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// Issue 16, items 1 to 3 below HTTP: what one login may cost, whom the throttle counts, and which account a
/// typed name means.
@Suite struct LoginHardeningTests {
    /// Combining marks: one character on screen, two bytes each, and NFC work that grows with the square of a run.
    static func marks(_ count: Int) -> String { String(repeating: "\u{301}", count: count) }

    @Test func aLoginPasswordIsBoundedInBytesBeforeAnyNormalising() throws {
        let heavy = LoginRequest(username: "someone", password: "a" + Self.marks(150))
        #expect(heavy.password.count == 1 && heavy.password.utf8.count == 301)
        let error = try #require(throws: ValidationError.self) { try heavy.validate() }
        #expect(error.fields == ["password"])
        // A long name is refused as well, by bytes.
        let longName = try #require(throws: ValidationError.self) {
            try LoginRequest(username: "a" + Self.marks(40), password: "whatever").validate()
        }
        #expect(longName.fields == ["username"])
        try LoginRequest(username: "someone", password: String(repeating: "a", count: 200)).validate()
    }

    @Test func aNewPasswordIsBoundedInBytesBeforeItsCharactersAreCounted() throws {
        // Ten characters on screen, 310 bytes: the old rule counted ten and let it through.
        let heavy = "abcdefghij" + Self.marks(150)
        #expect(heavy.count == 10)
        let error = try #require(throws: ValidationError.self) { try PasswordPolicy.standard.validate(heavy) }
        #expect(error.fields == ["password"])
        #expect(throws: ValidationError.self) {
            try NewUser(username: "heavy-user", password: heavy, role: "staff").validated()
        }
        // A Tibetan pass phrase well inside the cap still passes.
        try PasswordPolicy.standard.validate("བཀྲ་ཤིས་བདེ་ལེགས་ཡིན")
    }

    @Test func aLargeHeavyPasswordIsRefusedQuickly() throws {
        let start = ContinuousClock.now
        #expect(throws: ValidationError.self) {
            try LoginRequest(username: "someone", password: "a" + Self.marks(500_000)).validate()
        }
        #expect(throws: ValidationError.self) { try PasswordPolicy.standard.validate("a" + Self.marks(500_000)) }
        #expect(start.duration(to: .now) < .seconds(1))
    }

    /// Each TCP connection comes from a new port: the address budget must not start afresh with each one.
    @Test func theAddressBudgetIgnoresThePort() async throws {
        let db = try await TestDatabase.forSuite()
        let policy = LoginThrottle.Policy.standard
        // An address no other test of the suite's database uses (192.0.2.x is shared with the lookup test).
        let host = "10.77.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
        var decisions: [LoginThrottle.Decision] = []
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            for i in 0..<25 {
                decisions.append(
                    try await LoginThrottle.attempt(
                        username: uniqueUsername("spray\(i)"), remoteAddress: "\(host):\(40_000 + i)", policy: policy,
                        on: conn))
            }
        }
        #expect(decisions.prefix(20).allSatisfy { $0 == .allowed })
        #expect(decisions.dropFirst(20).allSatisfy { $0 != .allowed })
    }

    @Test func anIPv6ClientIsCountedByItsSlash64() async throws {
        let db = try await TestDatabase.forSuite()
        let prefix = "2001:db8:\(String(Int.random(in: 1...0xfff), radix: 16)):1"
        var decisions: [LoginThrottle.Decision] = []
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            for i in 0..<21 {
                decisions.append(
                    try await LoginThrottle.attempt(
                        username: uniqueUsername("v6-\(i)"),
                        remoteAddress: "[\(prefix):\(i + 1)::\(i + 7)]:\(50_000 + i)",
                        on: conn))
            }
        }
        #expect(decisions.prefix(20).allSatisfy { $0 == .allowed })
        #expect(decisions.last != .allowed)
    }

    /// Five bad guesses from one place lock that place out for the name, not the owner somewhere else.
    @Test func anotherAddressCannotLockTheOwnerOut() async throws {
        let db = try await TestDatabase.forSuite()
        let name = uniqueUsername()
        let attacker = "198.51.100.\(Int.random(in: 1...254))"
        try await db.pool.withConnection { (conn: PostgresConnection) async throws in
            for i in 0..<5 {
                #expect(
                    try await LoginThrottle.attempt(username: name, remoteAddress: "\(attacker):\(1000 + i)", on: conn)
                        == .allowed)
            }
            #expect(
                try await LoginThrottle.attempt(username: name, remoteAddress: "\(attacker):2000", on: conn) != .allowed
            )
            #expect(
                try await LoginThrottle.attempt(
                    username: name.uppercased(), remoteAddress: "\(attacker):2001", on: conn) != .allowed)
            #expect(
                try await LoginThrottle.attempt(username: name, remoteAddress: "203.0.113.5:3000", on: conn) == .allowed
            )
        }
    }

    /// The name the account lookup means and the name the throttle counts are one: a spelling either both take for
    /// the account or neither does.
    @Test func theLookupAndTheThrottleAgreeOnWhichAccountANameMeans() async throws {
        let db = try await TestDatabase.forSuite()
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let password = "a long password 1"
        let accounts = ["admin-\(suffix)", "kim-\(suffix)", "ss-\(suffix)", "dz-\(suffix)"]
        for account in accounts { try await db.makeUser(account, password: password) }
        let spellings: [(account: String, typed: String)] = [
            (accounts[0], "ADMIN-\(suffix.uppercased())"), (accounts[0], "AdMiN-\(suffix)"),
            (accounts[0], "adm\u{130}n-\(suffix)"), (accounts[0], "ADM\u{130}N-\(suffix)"),
            (accounts[0], "adm\u{131}n-\(suffix)"), (accounts[1], "\u{212A}im-\(suffix)"),
            (accounts[2], "\u{DF}-\(suffix)"), (accounts[2], "\u{1E9E}-\(suffix)"),
            (accounts[3], "\u{1C5}-\(suffix)"), (accounts[3], "\u{1C4}-\(suffix)"),
        ]
        var found: [String: Bool] = [:]
        for (index, spelling) in spellings.enumerated() {
            let address = "192.0.2.\(index + 1)"
            let (locked, user) = try await db.pool.withConnection { (conn: PostgresConnection) async throws in
                for _ in 0..<5 {
                    _ = try await LoginThrottle.attempt(username: spelling.account, remoteAddress: address, on: conn)
                }
                let locked = try await LoginThrottle.status(username: spelling.typed, remoteAddress: address, on: conn)
                let user = try await UserStore.verify(
                    username: spelling.typed, password: password, cost: testBcryptCost, on: conn)
                return (locked != .allowed, user)
            }
            #expect(
                locked == (user != nil),
                "\(spelling.typed): throttled with \(spelling.account) \(locked), signs in \(user != nil)")
            if let user { #expect(user.username == spelling.account) }
            found[spelling.typed] = user != nil
        }
        // ASCII case is ignored; nothing else turns into an ASCII letter.
        #expect(found["ADMIN-\(suffix.uppercased())"] == true && found["AdMiN-\(suffix)"] == true)
        #expect(found["adm\u{130}n-\(suffix)"] == false && found["\u{212A}im-\(suffix)"] == false)
    }
}
