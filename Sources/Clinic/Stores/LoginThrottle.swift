import ClinicPostgres
import ClinicSupport
import Foundation

/// Limits failed logins, in the database so that every server counts together. Three counters hold an attempt:
///
/// - per user name *and* address (`maxAttemptsPerUserAddress`, 5): what one guesser gets for one name. A guesser
///   elsewhere cannot spend the owner's budget, so five bad attempts every 15 minutes no longer keep `admin` out;
/// - per address over all names (`maxAttemptsPerAddress`, 20): one place cannot spray many names;
/// - per user name over all addresses (`maxAttemptsPerUser`, 100): the ceiling on a guess spread over many
///   addresses. Each window that ends full makes the next twice as long (up to `maxUserWindow`). The addresses the
///   name signed in from in the last `knownAddressLifetime` are not held by it, so the owner still gets in.
///
/// The address is the host without the port (`ClientAddress.throttleKey`), and user names are lower-cased as the
/// account lookup does (`Username.canonical`).
///
/// An attempt is counted *before* the password is checked, in one atomic upsert, and taken back when the login
/// succeeds. Counting first means that parallel guesses cannot all slip in before the first failure is written:
/// under any concurrency at most the limit of checks run per window. A refused attempt costs two indexed reads and
/// no bcrypt, so throttled clients do not slow the server for everyone else.
///
/// Windows are fixed: the first counted attempt opens one, and it closes `window` later (for the per-name ceiling,
/// `window` doubled once for each strike).
enum LoginThrottle {
    struct Policy: Sendable, Equatable {
        /// Failed attempts allowed for one user name from one address in one window.
        var maxAttemptsPerUserAddress: Int
        /// Failed attempts allowed from one address in one window, over all names: higher, because a whole
        /// clinic may sit behind one address.
        var maxAttemptsPerAddress: Int
        /// Failed attempts allowed for one user name in one window from addresses it has not signed in from.
        var maxAttemptsPerUser: Int
        var window: Duration
        /// The longest the per-name ceiling's window grows to by doubling.
        var maxUserWindow: Duration
        /// How long a successful login keeps its address known for that name.
        var knownAddressLifetime: Duration

        init(
            maxAttemptsPerUserAddress: Int = 5, maxAttemptsPerAddress: Int = 20, maxAttemptsPerUser: Int = 100,
            window: Duration = .seconds(15 * 60), maxUserWindow: Duration = .seconds(16 * 3600),
            knownAddressLifetime: Duration = .seconds(90 * 86400)
        ) {
            precondition(maxAttemptsPerUserAddress > 0 && maxAttemptsPerAddress > 0 && maxAttemptsPerUser > 0)
            precondition(window > .zero && maxUserWindow >= window && knownAddressLifetime > .zero)
            self.maxAttemptsPerUserAddress = maxAttemptsPerUserAddress
            self.maxAttemptsPerAddress = maxAttemptsPerAddress
            self.maxAttemptsPerUser = maxAttemptsPerUser
            self.window = window
            self.maxUserWindow = maxUserWindow
            self.knownAddressLifetime = knownAddressLifetime
        }

        static let standard = Policy()

        var windowSeconds: Double { Self.seconds(window) }

        /// How many times the per-name window may double: 6 for 15 minutes up to 16 hours.
        var maxStrikes: Int {
            var strikes = 0
            while windowSeconds * Double(1 << (strikes + 1)) <= Self.seconds(maxUserWindow) { strikes += 1 }
            return strikes
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    enum Decision: Sendable, Equatable {
        /// Check the password now; afterwards call `succeeded` if it was right, nothing if it was wrong.
        case allowed
        /// Refuse without checking (HTTP 429, `Retry-After: retryAfter`).
        case locked(retryAfter: Int)
    }

    /// Decides whether a login for `username` from `remoteAddress` may be checked now, and if so counts it as a
    /// failure until `succeeded` says otherwise.
    ///
    /// Run it as its own statement, never inside a transaction that a failed login rolls back: the count would
    /// be rolled back with it.
    static func attempt(
        username: String, remoteAddress: String?, policy: Policy = .standard, on db: PostgresConnection
    ) async throws -> Decision {
        let keys = try await counting(username: username, remoteAddress: remoteAddress, policy: policy, on: db)
        // Already full: refuse with a read, counting nothing.
        if let retryAfter = try await lockedFor(keys: keys, policy: policy, on: db) {
            return .locked(retryAfter: retryAfter)
        }
        var values: PostgresQuery = "(\(keys[0].hash), \(keys[0].kind), 1, now(), 0)"
        for key in keys.dropFirst() { values.append(", (\(key.hash), \(key.kind), 1, now(), 0)") }
        let length = SQL.length(policy)
        let closed: PostgresQuery = "t.window_start + \(length) <= now()"
        let counted = try await db.query(
            """
            INSERT INTO login_throttle AS t (key_hash, kind, failures, window_start, strikes)
            VALUES \(values)
            ON CONFLICT (key_hash) DO UPDATE SET
                failures = CASE WHEN \(closed) THEN 1 ELSE t.failures + 1 END,
                window_start = CASE WHEN \(closed) THEN now() ELSE t.window_start END,
                strikes = CASE WHEN NOT \(closed) THEN t.strikes
                               WHEN t.kind = 'user' AND t.failures >= \(policy.maxAttemptsPerUser)
                                    AND t.window_start + 2 * \(length) > now()
                               THEN least(t.strikes + 1, \(policy.maxStrikes))
                               ELSE 0 END
            WHERE \(closed) OR t.failures < \(SQL.limit(policy))
            RETURNING t.key_hash
            """
        ).map { try $0.decode(Data.self, "key_hash") }
        if counted.count == keys.count { return .allowed }
        // A parallel attempt filled a counter between the read and the upsert: that key was not counted
        // (its row is not returned). Take back the keys that did count, and refuse.
        try await release(keys.filter { counted.contains($0.hash) }.map(\.hash), on: db)
        return .locked(retryAfter: try await lockedFor(keys: keys, policy: policy, on: db) ?? 1)
    }

    /// A login passed: forget this name's failures from this address, take this attempt back from the address's
    /// count and from the name's ceiling, and remember the address as one the name signs in from.
    static func succeeded(
        username: String, remoteAddress: String?, policy: Policy = .standard, on db: PostgresConnection
    ) async throws {
        let keys = try await counting(username: username, remoteAddress: remoteAddress, policy: policy, on: db)
        try await db.query("DELETE FROM login_throttle WHERE key_hash = \(keys[0].hash)")
        try await release(keys.dropFirst().map(\.hash), on: db)
        if let known = Keys(username: username, remoteAddress: remoteAddress).known {
            try await db.query(
                """
                INSERT INTO login_throttle (key_hash, kind, failures, window_start)
                VALUES (\(known.hash), 'known', 0, now())
                ON CONFLICT (key_hash) DO UPDATE SET window_start = now()
                """)
        }
    }

    /// Whether a login would be refused now, without counting anything (for status pages and tests).
    static func status(
        username: String, remoteAddress: String?, policy: Policy = .standard, on db: PostgresConnection
    ) async throws -> Decision {
        let keys = try await counting(username: username, remoteAddress: remoteAddress, policy: policy, on: db)
        return try await lockedFor(keys: keys, policy: policy, on: db).map { .locked(retryAfter: $0) } ?? .allowed
    }

    /// Deletes what no longer counts, for a periodic job; returns how many rows. A counter goes when its window has
    /// closed, a per-name ceiling one window later (until then a full window still makes the next one longer), a
    /// known address `knownAddressLifetime` after its last login.
    @discardableResult
    static func purge(policy: Policy = .standard, on db: PostgresConnection) async throws -> Int {
        let length = SQL.length(policy)
        return try await db.query(
            """
            DELETE FROM login_throttle AS t
            WHERE t.window_start <= now() - make_interval(secs => \(policy.windowSeconds))
              AND CASE t.kind
                      WHEN 'known' THEN t.window_start <= now() - make_interval(
                          secs => \(Policy.seconds(policy.knownAddressLifetime)))
                      WHEN 'user' THEN t.window_start + 2 * \(length) <= now()
                      ELSE t.window_start + \(length) <= now()
                  END
            """
        ).affectedRows
    }

    struct Key: Equatable {
        var kind: String
        var hash: Data

        init(_ kind: String, _ text: String) {
            self.kind = kind
            hash = Data(SHA256.hash(Array((kind + ":" + text).utf8)))
        }
    }

    /// The rows one attempt touches. The table keeps only SHA-256s of names and addresses: people sometimes type
    /// their password into the name field.
    struct Keys {
        var userAddress: Key
        var address: Key?
        var user: Key
        var known: Key?

        init(username: String, remoteAddress: String?) {
            let name = Username.canonical(username)
            let host = ClientAddress.throttleKey(remoteAddress)
            // Length-prefixed, so no name and address pair reads as another.
            let pair = "\(name.utf8.count):\(name)\(host ?? "")"
            userAddress = Key("user_address", pair)
            address = host.map { Key("address", $0) }
            user = Key("user", name)
            known = host.map { _ in Key("known", pair) }
        }
    }

    /// The counters `attempt` counts on, the name-and-address one first: the name's ceiling only from an address
    /// the name has not recently signed in from.
    private static func counting(
        username: String, remoteAddress: String?, policy: Policy, on db: PostgresConnection
    ) async throws -> [Key] {
        let keys = Keys(username: username, remoteAddress: remoteAddress)
        var counting = [keys.userAddress] + (keys.address.map { [$0] } ?? [])
        if try await !isKnown(keys.known, policy: policy, on: db) { counting.append(keys.user) }
        return counting
    }

    private static func isKnown(_ key: Key?, policy: Policy, on db: PostgresConnection) async throws -> Bool {
        guard let key else { return false }
        let lifetime = Policy.seconds(policy.knownAddressLifetime)
        return try await !db.query(
            """
            SELECT 1 AS known FROM login_throttle
            WHERE key_hash = \(key.hash) AND kind = 'known'
              AND window_start > now() - make_interval(secs => \(lifetime))
            """, prepare: true
        ).isEmpty
    }

    /// Seconds until the latest full counter among `keys` reopens, or nil when none is full.
    private static func lockedFor(keys: [Key], policy: Policy, on db: PostgresConnection) async throws -> Int? {
        var hashes: PostgresQuery = "\(keys[0].hash)"
        for key in keys.dropFirst() { hashes.append(", \(key.hash)") }
        let length = SQL.length(policy)
        let rows = try await db.query(
            """
            SELECT max(ceil(extract(epoch FROM t.window_start + \(length) - now())))::int8 AS retry_after
            FROM login_throttle AS t
            WHERE t.key_hash IN (\(hashes))
              AND t.window_start + \(length) > now()
              AND t.failures >= \(SQL.limit(policy))
            """)
        guard let seconds = try rows.first?.decode(Int?.self, "retry_after") else { return nil }
        return max(seconds, 1)
    }

    private static func release(_ hashes: [Data], on db: PostgresConnection) async throws {
        for hash in hashes {
            try await db.query(
                "UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE key_hash = \(hash)")
        }
    }

    /// Fragments over a row `t` of `login_throttle`.
    private enum SQL {
        /// The row's window: `window`, doubled once per strike (only the per-name ceiling has strikes).
        static func length(_ policy: Policy) -> PostgresQuery {
            "make_interval(secs => \(policy.windowSeconds) * power(2, t.strikes))"
        }

        /// Failures that fill the row's counter.
        static func limit(_ policy: Policy) -> PostgresQuery {
            """
            CASE t.kind WHEN 'user' THEN \(policy.maxAttemptsPerUser)
                        WHEN 'address' THEN \(policy.maxAttemptsPerAddress)
                        ELSE \(policy.maxAttemptsPerUserAddress) END
            """
        }
    }
}
