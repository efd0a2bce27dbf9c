import Foundation

/// `Idempotency-Key` on POSTs that create things.
///
/// Use: `begin` in its own short transaction (or autocommit) BEFORE the work, so a concurrent duplicate sees the
/// key as in progress instead of waiting on an uncommitted row; do the work; then `complete` with the response
/// (ideally in the work's transaction, so the stored response and the effect commit together), or `abandon` when
/// the work failed without a response worth replaying, so a retry may run. Keys live at least `retention`.
public enum IdempotencyStore {
    /// How long a key is remembered.
    public static let retention: Duration = .seconds(24 * 3600)

    /// The first response, replayed to a repeat.
    public struct StoredResponse: Sendable, Equatable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data

        public init(status: Int, headers: [String: String], body: Data) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// First use of the key: do the work, then `complete` (or `abandon`).
        case proceed
        /// Same key and request as before: send this again, do nothing (same status and body).
        case replay(StoredResponse)
        /// The first request with this key is still running (409).
        case inProgress
        /// Same key, different request (422).
        case mismatch
    }

    /// SHA-256 (hex) over method, path and body: what makes two requests "the same".
    public static func fingerprint(method: String, path: String, body: some Sequence<UInt8>) -> String {
        var bytes = Array(method.utf8) + [0] + Array(path.utf8) + [0]
        bytes.append(contentsOf: body)
        return SHA256.hex(bytes)
    }

    /// Claims `key` in `scope` (e.g. the user's id) for a request with `fingerprint`. A key older than
    /// `retention` is forgotten first.
    public static func begin(key: String, scope: String, fingerprint: String, on db: PostgresConnection)
        async throws -> Outcome
    {
        let inserted = try await db.query(
            """
            WITH expired AS (
                DELETE FROM idempotency_keys WHERE scope = \(scope) AND key = \(key)
                  AND created_at < now() - make_interval(secs => \(retentionSeconds)))
            INSERT INTO idempotency_keys (scope, key, fingerprint) VALUES (\(scope), \(key), \(fingerprint))
            ON CONFLICT (scope, key) DO NOTHING RETURNING key
            """)
        if !inserted.isEmpty { return .proceed }
        let rows = try await db.query(
            """
            SELECT fingerprint, state, response_status, response_headers, response_body
            FROM idempotency_keys WHERE scope = \(scope) AND key = \(key)
            """)
        // Abandoned between the two statements: try again once.
        guard let row = rows.first else {
            return try await begin(key: key, scope: scope, fingerprint: fingerprint, on: db)
        }
        if try row.decode(String.self, "fingerprint") != fingerprint { return .mismatch }
        if try row.decode(String.self, "state") != "done" { return .inProgress }
        let headersText = try row.text("response_headers")
        return .replay(
            StoredResponse(
                status: try row.decode(Int.self, "response_status"),
                headers: headersText == nil ? [:] : try row.decodeJSON([String: String].self, "response_headers"),
                body: try row.decode(Data?.self, "response_body") ?? Data()))
    }

    /// Stores the response of the request that claimed `key`.
    public static func complete(
        key: String, scope: String, response: StoredResponse, on db: PostgresConnection
    ) async throws {
        try await db.query(
            """
            UPDATE idempotency_keys SET state = 'done', response_status = \(response.status),
                response_headers = \(try PostgresJSON(response.headers)), response_body = \(response.body),
                completed_at = now()
            WHERE scope = \(scope) AND key = \(key)
            """)
    }

    /// Forgets a key still in progress, so the same request may be tried again.
    public static func abandon(key: String, scope: String, on db: PostgresConnection) async throws {
        try await db.query(
            "DELETE FROM idempotency_keys WHERE scope = \(scope) AND key = \(key) AND state = 'inProgress'")
    }

    /// Deletes keys older than `retention` (or `olderThan`); returns how many.
    @discardableResult
    public static func purge(olderThan age: Duration = retention, on db: PostgresConnection) async throws -> Int {
        let seconds = Double(age.components.seconds)
        let rows = try await db.query(
            "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => \(seconds))")
        return rows.affectedRows
    }

    static var retentionSeconds: Double { Double(retention.components.seconds) }
}
