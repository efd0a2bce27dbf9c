import Foundation

/// Bearer tokens checked against the database, each answer remembered for `cacheLifetime` so a busy client
/// does not cost a round trip per request.
///
/// A token revoked through this server (logout) is forgotten at once. One revoked elsewhere (another server
/// process, SQL) stops working here within `cacheLifetime`; a lifetime of zero asks the database every time.
/// Only hashes of tokens are kept, as in the database.
public final class TokenAuthenticator: Authenticator {
    private struct Entry {
        var principal: Principal
        var until: ContinuousClock.Instant
    }

    public let pool: PostgresPool
    public let cacheLifetime: Duration
    /// Entries kept at most; past it, expired entries are dropped, then everything if that was not enough.
    let capacity: Int
    private let entries = LockedValue<[Data: Entry]>([:])

    public init(pool: PostgresPool, cacheLifetime: Duration, capacity: Int = 10_000) {
        self.pool = pool
        self.cacheLifetime = cacheLifetime
        self.capacity = capacity
    }

    public func principal(forToken token: String) async throws -> Principal? {
        guard BearerToken.isWellFormed(token) else { return nil }
        let hash = BearerToken.hash(token)
        let now = ContinuousClock.now
        if let entry = entries.withValue({ $0[hash] }), entry.until > now { return entry.principal }
        guard let principal = try await pool.withConnection({ try await TokenStore.principal(forToken: token, on: $0) })
        else {
            forget(token: token)
            return nil
        }
        if cacheLifetime > .zero {
            entries.withValue { entries in
                if entries.count >= capacity {
                    entries = entries.filter { $0.value.until > now }
                    if entries.count >= capacity { entries = [:] }
                }
                entries[hash] = Entry(principal: principal, until: now + cacheLifetime)
            }
        }
        return principal
    }

    /// Forgets a token this server has just revoked, so it stops working at once.
    public func forget(token: String) {
        let hash = BearerToken.hash(token)
        entries.withValue { _ = $0.removeValue(forKey: hash) }
    }

    /// The caller behind an `Authorization` header value, or `AuthError.invalidToken` (401).
    public func authenticate(authorization: String?) async throws -> Principal {
        guard let header = authorization, let token = BearerToken.fromAuthorizationHeader(header),
            let principal = try await principal(forToken: token)
        else { throw AuthError.invalidToken }
        return principal
    }
}
