import Foundation

/// Limits login attempts per user name and per remote address, in the database so that every server counts
/// together.
///
/// An attempt is counted *before* the password is checked, in one atomic upsert, and taken back when the login
/// succeeds. Counting first means that parallel guesses cannot all slip in before the first failure is written:
/// under any concurrency at most `maxAttemptsPerUser` checks run per window. A refused attempt costs one indexed
/// read and no bcrypt, so throttled clients do not slow the server for everyone else.
///
/// Windows are fixed: the first counted attempt opens one, and it closes `window` later.
public enum LoginThrottle {
    public struct Policy: Sendable, Equatable {
        /// Failed attempts allowed per user name in one window.
        public var maxAttemptsPerUser: Int
        /// Failed attempts allowed from one address in one window, over all names: higher, because a whole
        /// clinic may sit behind one address.
        public var maxAttemptsPerAddress: Int
        public var window: Duration

        public init(maxAttemptsPerUser: Int = 5, maxAttemptsPerAddress: Int = 20, window: Duration = .seconds(15 * 60))
        {
            precondition(maxAttemptsPerUser > 0 && maxAttemptsPerAddress > 0 && window > .zero)
            self.maxAttemptsPerUser = maxAttemptsPerUser
            self.maxAttemptsPerAddress = maxAttemptsPerAddress
            self.window = window
        }

        public static let standard = Policy()

        var windowSeconds: Double {
            Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        }
    }

    public enum Decision: Sendable, Equatable {
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
    public static func attempt(
        username: String, remoteAddress: String?, policy: Policy = .standard, on db: PostgresConnection
    ) async throws -> Decision {
        let keys = self.keys(username: username, remoteAddress: remoteAddress)
        // Already full: refuse with a read, counting nothing.
        if let retryAfter = try await lockedFor(keys: keys, policy: policy, on: db) {
            return .locked(retryAfter: retryAfter)
        }

        var values: PostgresQuery = "(\(keys[0].hash), \(keys[0].kind), 1, now())"
        for key in keys.dropFirst() { values.append(", (\(key.hash), \(key.kind), 1, now())") }
        let window = policy.windowSeconds
        let counted = try await db.query(
            """
            INSERT INTO login_throttle AS t (key_hash, kind, failures, window_start)
            VALUES \(values)
            ON CONFLICT (key_hash) DO UPDATE SET
                failures = CASE WHEN t.window_start <= now() - make_interval(secs => \(window)) THEN 1
                                ELSE t.failures + 1 END,
                window_start = CASE WHEN t.window_start <= now() - make_interval(secs => \(window)) THEN now()
                                    ELSE t.window_start END
            WHERE t.window_start <= now() - make_interval(secs => \(window))
               OR t.failures < CASE t.kind WHEN 'user' THEN \(policy.maxAttemptsPerUser)
                                           ELSE \(policy.maxAttemptsPerAddress) END
            RETURNING t.key_hash
            """
        ).map { try $0.decode(Data.self, "key_hash") }
        if counted.count == keys.count { return .allowed }
        // A parallel attempt filled a counter between the read and the upsert: that key was not counted
        // (its row is not returned). Take back the keys that did count, and refuse.
        try await release(keys.filter { counted.contains($0.hash) }.map(\.hash), on: db)
        return .locked(retryAfter: try await lockedFor(keys: keys, policy: policy, on: db) ?? 1)
    }

    /// A login passed: forget the user name's failures and take back this attempt from the address's count.
    public static func succeeded(username: String, remoteAddress: String?, on db: PostgresConnection) async throws {
        let keys = self.keys(username: username, remoteAddress: remoteAddress)
        try await db.query("DELETE FROM login_throttle WHERE key_hash = \(keys[0].hash)")
        try await release(keys.dropFirst().map(\.hash), on: db)
    }

    /// Whether a login would be refused now, without counting anything (for status pages and tests).
    public static func status(
        username: String, remoteAddress: String?, policy: Policy = .standard, on db: PostgresConnection
    ) async throws -> Decision {
        let keys = self.keys(username: username, remoteAddress: remoteAddress)
        return try await lockedFor(keys: keys, policy: policy, on: db).map { .locked(retryAfter: $0) } ?? .allowed
    }

    /// Deletes counters whose window has closed; for a periodic job. Returns how many.
    @discardableResult
    public static func purge(policy: Policy = .standard, on db: PostgresConnection) async throws -> Int {
        try await db.query(
            "DELETE FROM login_throttle WHERE window_start <= now() - make_interval(secs => \(policy.windowSeconds))"
        ).affectedRows
    }

    struct Key {
        var kind: String
        var hash: Data
    }

    /// The user name's key first, then the address's. Names are compared without case, as `users` does.
    static func keys(username: String, remoteAddress: String?) -> [Key] {
        var keys = [Key(kind: "user", hash: Data(SHA256.hash(Array(("user:" + username.lowercased()).utf8))))]
        if let remoteAddress, !remoteAddress.isEmpty {
            keys.append(Key(kind: "address", hash: Data(SHA256.hash(Array(("address:" + remoteAddress).utf8)))))
        }
        return keys
    }

    /// Seconds until the latest full counter among `keys` reopens, or nil when none is full.
    private static func lockedFor(keys: [Key], policy: Policy, on db: PostgresConnection) async throws -> Int? {
        let window = policy.windowSeconds
        let rows = try await db.query(
            """
            SELECT max(ceil(extract(epoch FROM window_start + make_interval(secs => \(window)) - now())))::int8
                   AS retry_after
            FROM login_throttle
            WHERE key_hash = ANY(ARRAY[\(keys[0].hash), \(keys.count > 1 ? keys[1].hash : keys[0].hash)])
              AND window_start > now() - make_interval(secs => \(window))
              AND failures >= CASE kind WHEN 'user' THEN \(policy.maxAttemptsPerUser)
                                        ELSE \(policy.maxAttemptsPerAddress) END
            """, prepare: true)
        guard let seconds = try rows.first?.decode(Int?.self, "retry_after") else { return nil }
        return max(seconds, 1)
    }

    private static func release(_ hashes: [Data], on db: PostgresConnection) async throws {
        for hash in hashes {
            try await db.query(
                "UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE key_hash = \(hash)")
        }
    }
}
