import ClinicPostgres
import ClinicSupport
import Foundation

/// Bearer tokens checked against the database, each answer remembered for `cacheLifetime` so a busy client
/// does not cost a round trip per request.
///
/// A token is never trusted past its own expiry, however long the cache would keep it. A token revoked through
/// this server (logout) is forgotten at once, and a lookup that was already under way when it was revoked does not
/// put it back. One revoked elsewhere (another server process, SQL) stops working here within `cacheLifetime`; a
/// lifetime of zero asks the database every time.
///
/// Unknown tokens are remembered as such for `cacheLifetime` too, so a client repeating a bad token (an old one,
/// or a flood of the same guess) costs no round trip per request. Both caches are bounded: a flood of distinct
/// tokens evicts the oldest entries instead of growing memory. Only hashes of tokens are kept, as in the database.
final class TokenAuthenticator: Authenticator {
    /// Asks the database about one token; replaceable so tests can count and delay lookups.
    typealias Lookup = @Sendable (_ token: String) async throws -> TokenStore.Session?

    private struct State {
        var known: ExpiringCache<Principal>
        var unknown: ExpiringCache<Bool>
        /// Counts `forget` calls. A lookup caches its answer only if its own token was not forgotten while it ran:
        /// the answer may predate that logout.
        var forgets: UInt64 = 0
        /// The tokens forgotten lately, with the count at which each was: a lookup that started before its token's
        /// entry does not cache. Entries older than `forgottenFor` (or past the capacity) are dropped, and a lookup
        /// that started before the newest dropped one does not cache either.
        var forgotten: [Data: (count: UInt64, at: ContinuousClock.Instant)] = [:]
        var droppedThrough: UInt64 = 0

        func mayCache(_ hash: Data, startedAt count: UInt64) -> Bool {
            count >= droppedThrough && (forgotten[hash]?.count ?? 0) <= count
        }
    }

    /// How long a forgotten token is remembered for lookups under way: far longer than any lookup waits.
    static let forgottenFor: Duration = .seconds(120)

    let pool: PostgresPool
    let cacheLifetime: Duration
    /// Entries each cache keeps at most; past it the oldest entry makes room.
    let capacity: Int
    private let lookup: Lookup
    private let state: LockedValue<State>

    init(pool: PostgresPool, cacheLifetime: Duration, capacity: Int = 10_000, lookup: Lookup? = nil) {
        self.pool = pool
        self.cacheLifetime = cacheLifetime
        self.capacity = capacity
        self.lookup =
            lookup ?? { token in
                // County-wide: a doctor's clinics are read from every clinic's rota (only the caller's own row is read).
                try await ClinicScope.county.run {
                    try await pool.withConnection { try await TokenStore.session(forToken: token, on: $0) }
                }
            }
        state = LockedValue(State(known: ExpiringCache(capacity: capacity), unknown: ExpiringCache(capacity: capacity)))
    }

    func principal(forToken token: String) async throws -> Principal? {
        guard BearerToken.isWellFormed(token) else { return nil }
        let hash = BearerToken.hash(token)
        let started = ContinuousClock.now
        enum Cached {
            case known(Principal)
            case unknown
        }
        let (cached, forgets) = state.withValue { state -> (Cached?, UInt64) in
            if let principal = state.known.value(hash, at: started) { return (.known(principal), state.forgets) }
            if state.unknown.value(hash, at: started) != nil { return (.unknown, state.forgets) }
            return (nil, state.forgets)
        }
        switch cached {
        case .known(let principal): return principal
        case .unknown: return nil
        case nil: break
        }
        let session = try await lookup(token)
        guard cacheLifetime > .zero else { return session?.principal }
        state.withValue { state in
            guard state.mayCache(hash, startedAt: forgets) else { return }
            if let session {
                // Counted from before the lookup, so the entry ends no later than the token does.
                state.known.insert(hash, session.principal, until: started + min(cacheLifetime, session.remaining))
                state.unknown.remove(hash)
            } else {
                state.known.remove(hash)
                state.unknown.insert(hash, true, until: started + cacheLifetime)
            }
        }
        return session?.principal
    }

    /// Forgets a token this server has just revoked, so it stops working at once, and keeps lookups already under
    /// way from caching it again.
    func forget(token: String) {
        let hash = BearerToken.hash(token)
        let now = ContinuousClock.now
        state.withValue { state in
            state.forgets &+= 1
            state.known.remove(hash)
            state.forgotten[hash] = (state.forgets, now)
            let stale = state.forgotten.filter {
                $0.value.at < now - Self.forgottenFor || state.forgotten.count > capacity
            }
            for (key, entry) in stale where key != hash {
                state.forgotten[key] = nil
                state.droppedThrough = max(state.droppedThrough, entry.count)
            }
        }
    }

    /// Entries held in each cache (tests check the bound).
    var cachedCounts: (known: Int, unknown: Int) {
        state.withValue { ($0.known.count, $0.unknown.count) }
    }

    /// The caller behind an `Authorization` header value, or `AuthError.invalidToken` (401).
    func authenticate(authorization: String?) async throws -> Principal {
        guard let header = authorization, let token = BearerToken.fromAuthorizationHeader(header),
            let principal = try await principal(forToken: token)
        else { throw AuthError.invalidToken }
        return principal
    }
}
