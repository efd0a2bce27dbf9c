/// An error from PostgreSQL or from talking to it, carrying what the server said.
///
/// The API maps it by `kind`, in one place: conflicts become 409, unavailability 503.
package struct PostgresError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The server answered with an error for this statement (see `sqlState`).
        case server
        /// The connection could not be made or was lost.
        case connectionLost
        /// No pooled connection became free in time.
        case poolTimeout
        /// The pool was shut down.
        case poolClosed
        /// A row did not decode into the Swift type asked for.
        case decoding
    }

    package var kind: Kind
    /// SQLSTATE code, e.g. `23505` for a unique violation.
    package var sqlState: String?
    package var message: String
    package var detail: String?
    package var constraint: String?
    /// Set by `PostgresPool.withTransaction` when the connection was lost during `COMMIT` and no witness said the
    /// transaction committed: it may or may not have (kind `connectionLost`).
    package var commitUnknown = false

    package init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, constraint: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
    }

    /// Unique (23505) and exclusion (23P01) violations: the thing exists or overlaps already.
    package var isConflict: Bool { sqlState == "23505" || sqlState == "23P01" }

    /// Serialization failure (40001) or deadlock (40P01): the transaction may succeed when run again.
    package var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The database cannot be reached now: connection lost, server shutting down (57P01..57P03),
    /// cannot connect (08xxx), the pool had nothing to give, or the session is read-only (25006: a standby, e.g.
    /// the old primary after a failover; the connection is dropped and the next one may reach the new primary).
    package var isUnavailable: Bool {
        switch kind {
        case .connectionLost, .poolTimeout, .poolClosed: return true
        case .server, .decoding:
            guard let state = sqlState else { return false }
            return state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
                || state == "25006"
        }
    }

    package var description: String {
        var text = "PostgresError(\(kind)"
        if let sqlState { text += ", \(sqlState)" }
        text += "): \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }
}
