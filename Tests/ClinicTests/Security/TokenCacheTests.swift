import Foundation
import Testing

@testable import Clinic
@testable import ClinicSupport

/// The token cache of `TokenAuthenticator`: what it may remember, for how long, and what must end it.
@Suite struct TokenCacheTests {
    @Test func aCachedTokenStopsWorkingWhenItExpires() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        let short = try await db.pool.withConnection {
            try await TokenStore.issue(userId: user.id, lifetime: .seconds(2), on: $0)
        }
        // Trusted for a minute, but the token itself lives for two seconds (long enough to be checked in time on a
        // loaded machine).
        let tokens = TokenAuthenticator(pool: db.pool, cacheLifetime: .seconds(60))
        #expect(try await tokens.principal(forToken: short.token) == user.principal)
        try await Task.sleep(for: .milliseconds(2200))
        #expect(try await tokens.principal(forToken: short.token) == nil)
    }

    @Test func aLookupUnderWayWhenTheTokenIsRevokedDoesNotCacheIt() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        let issued = try await db.pool.withConnection { try await TokenStore.issue(userId: user.id, on: $0) }
        // The lookup reads the token while it is live, then stalls until the test has logged out.
        let (read, readContinuation) = AsyncStream.makeStream(of: Void.self)
        let (resume, resumeContinuation) = AsyncStream.makeStream(of: Void.self)
        let stall = LockedValue(true)
        let pool = db.pool
        let tokens = TokenAuthenticator(pool: pool, cacheLifetime: .seconds(60)) { token in
            let session = try await pool.withConnection { try await TokenStore.session(forToken: token, on: $0) }
            if stall.exchange(false) {
                readContinuation.yield()
                for await _ in resume { break }
            }
            return session
        }
        let racing = Task { try await tokens.principal(forToken: issued.token) }
        for await _ in read { break }
        // Logout, as the route does it: revoke in the database, then tell the cache.
        #expect(
            try await LoginFlow.logout(
                token: issued.token, principal: user.principal, remoteAddress: nil, requestId: nil, pool: pool))
        tokens.forget(token: issued.token)
        resumeContinuation.yield()
        // The racing request read the token before the logout, so it may pass; nothing after it may.
        #expect(try await racing.value == user.principal)
        #expect(try await tokens.principal(forToken: issued.token) == nil)
    }

    /// Another user's logout while a lookup runs does not keep that lookup's answer out of the cache (the whole
    /// cache used to be skipped then, so under many logouts tokens were looked up on every request).
    @Test func anotherTokensLogoutDoesNotStopALookupBeingCached() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        let other = try await db.makeUser()
        let issued = try await db.pool.withConnection { try await TokenStore.issue(userId: user.id, on: $0) }
        let leaving = try await db.pool.withConnection { try await TokenStore.issue(userId: other.id, on: $0) }
        let (read, readContinuation) = AsyncStream.makeStream(of: Void.self)
        let (resume, resumeContinuation) = AsyncStream.makeStream(of: Void.self)
        let stall = LockedValue(true)
        let lookups = LockedValue(0)
        let pool = db.pool
        let tokens = TokenAuthenticator(pool: pool, cacheLifetime: .seconds(60)) { token in
            lookups.withValue { $0 += 1 }
            let session = try await pool.withConnection { try await TokenStore.session(forToken: token, on: $0) }
            if stall.exchange(false) {
                readContinuation.yield()
                for await _ in resume { break }
            }
            return session
        }
        let looking = Task { try await tokens.principal(forToken: issued.token) }
        for await _ in read { break }
        tokens.forget(token: leaving.token)
        resumeContinuation.yield()
        #expect(try await looking.value == user.principal)
        #expect(try await tokens.principal(forToken: issued.token) == user.principal)
        #expect(lookups.value == 1, "the first answer was cached")
    }

    @Test func unknownTokensAreRememberedBrieflySoRepeatsCostNoLookup() async throws {
        let db = try await TestDatabase.forSuite()
        let user = try await db.makeUser()
        let issued = try await db.pool.withConnection { try await TokenStore.issue(userId: user.id, on: $0) }
        let lookups = LockedValue(0)
        let pool = db.pool
        // Long enough that the cached answers below outlive the calls even on a machine loaded by the whole suite
        // (at 500 ms they did not: a lookup waited longer for a connection).
        let tokens = TokenAuthenticator(pool: pool, cacheLifetime: .seconds(4)) { token in
            lookups.withValue { $0 += 1 }
            return try await pool.withConnection { try await TokenStore.session(forToken: token, on: $0) }
        }
        let unknown = BearerToken.generate()
        for _ in 0..<5 { #expect(try await tokens.principal(forToken: unknown) == nil) }
        #expect(lookups.value == 1)
        for _ in 0..<5 { #expect(try await tokens.principal(forToken: issued.token) == user.principal) }
        #expect(lookups.value == 2)
        // Malformed text never reaches the database nor the cache.
        #expect(try await tokens.principal(forToken: "not a token") == nil)
        #expect(lookups.value == 2)
        // Briefly: once the lifetime has passed, the database is asked again.
        try await Task.sleep(for: .milliseconds(4_200))
        #expect(try await tokens.principal(forToken: unknown) == nil)
        #expect(lookups.value == 3)
    }

    @Test func aFloodOfDistinctTokensCannotGrowTheCache() async throws {
        let lookups = LockedValue(0)
        let pool = try await TestDatabase.forSuite().pool
        let tokens = TokenAuthenticator(pool: pool, cacheLifetime: .seconds(60), capacity: 8) { _ in
            lookups.withValue { $0 += 1 }
            return nil
        }
        let flood = (0..<100).map { _ in BearerToken.generate() }
        for token in flood { #expect(try await tokens.principal(forToken: token) == nil) }
        #expect(lookups.value == 100)
        #expect(tokens.cachedCounts.unknown == 8)
        // The newest are still remembered; the oldest made room.
        for token in flood.suffix(8) { _ = try await tokens.principal(forToken: token) }
        #expect(lookups.value == 100)
        _ = try await tokens.principal(forToken: flood[0])
        #expect(lookups.value == 101)
        #expect(tokens.cachedCounts.unknown == 8)
    }
}
