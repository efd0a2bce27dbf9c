import ClinicPostgres
import ClinicSupport
import Foundation

/// `Idempotency-Key` on POSTs that create things.
///
/// Use: `begin` in autocommit BEFORE the work, so a concurrent duplicate sees the key as in progress instead of
/// waiting on an uncommitted row. The work's own transaction locks the key (`lockWithNextStatement`) and records
/// its completion just before `COMMIT` (`commitWithNextStatement`): the key row then committed if and only if the
/// work did, and after a lost `COMMIT` it answers what happened. Afterwards `recordResponse` stores the response
/// to replay; when the request failed, `abandonUnlessCommitted` frees the key only if the row shows that nothing
/// committed. Keys live at least `retention`.
enum IdempotencyStore {
    /// How long a key is remembered.
    static let retention: Duration = .seconds(24 * 3600)

    /// How long a claim in progress is trusted while no transaction holds its key: longer than a request takes to
    /// reach its transaction (a wait for a pooled connection included). Past it, a retry may take the key over.
    static let claimLease: Duration = .seconds(60)

    /// The SQLSTATE `idempotency_commit` raises when the key is no longer this request's.
    static let claimLostState = "CL001"

    /// The first response, replayed to a repeat. `body` is nil where it carried clinical text: that is read again.
    struct StoredResponse: Sendable, Equatable {
        var status: Int
        var headers: [String: String]
        var body: Data?
    }

    /// What the work of a key created, recorded in the work's transaction (from its audit event).
    struct Resource: Sendable, Equatable {
        /// The audit log's resource type: `resident`, `consultation`, `medication`...
        var type: String
        var id: String?
        /// Set when the resource is a resident's data: a replay of it is audited.
        var residentId: UUID?
    }

    /// What a key's row says about a request that is over.
    struct Answer: Sendable, Equatable {
        /// Nil while the response of committed work is not stored (it was lost with the connection).
        var response: StoredResponse?
        /// Nil for a stored refusal (4xx): nothing was created.
        var resource: Resource?
    }

    enum Outcome: Sendable, Equatable {
        /// The key is this request's (new, or taken over after its claim lapsed): do the work under this claim token.
        case proceed(UUID)
        /// Same key and request as before, and it is over: answer it again, do nothing.
        case answered(Answer)
        /// The first request with this key is still running (409).
        case inProgress
        /// Same key, different request (422).
        case mismatch
    }

    /// SHA-256 (hex) over method, path and body: what makes two requests "the same".
    static func fingerprint(method: String, path: String, body: some Sequence<UInt8>) -> String {
        var bytes = Array(method.utf8) + [0] + Array(path.utf8) + [0]
        bytes.append(contentsOf: body)
        return SHA256.hex(bytes)
    }

    /// Claims `key` in `scope` (e.g. the user's id) for a request with `fingerprint`. A key older than
    /// `retention` is forgotten first. A key still in progress whose claim is older than `lease` and that no
    /// transaction holds did not commit (its completion would have): it is taken over.
    static func begin(
        key: String, scope: String, fingerprint: String, lease: Duration = claimLease, on db: PostgresConnection
    ) async throws -> Outcome {
        let token = UUID.random()
        let inserted = try await db.query(
            """
            WITH expired AS (
                DELETE FROM idempotency_keys WHERE scope = \(scope) AND key = \(key)
                  AND created_at < now() - make_interval(secs => \(retentionSeconds)))
            INSERT INTO idempotency_keys (scope, key, fingerprint, claim)
            VALUES (\(scope), \(key), \(fingerprint), \(token))
            ON CONFLICT (scope, key) DO NOTHING RETURNING key
            """)
        if !inserted.isEmpty { return .proceed(token) }
        let rows = try await db.query(
            """
            SELECT fingerprint, state, response_status, response_headers, response_body, resource_type, resource_id,
                   resident_id, claim, claimed_at < now() - make_interval(secs => \(seconds(lease))) AS lapsed
            FROM idempotency_keys WHERE scope = \(scope) AND key = \(key)
            """)
        // Freed between the two statements: try again.
        guard let row = rows.first else {
            return try await begin(key: key, scope: scope, fingerprint: fingerprint, lease: lease, on: db)
        }
        if try row.decode(String.self, "fingerprint") != fingerprint { return .mismatch }
        if try row.decode(String.self, "state") != "inProgress" { return .answered(try answer(row)) }
        guard try row.decode(Bool.self, "lapsed") else { return .inProgress }
        // SKIP LOCKED: a transaction holding the key is doing the work right now.
        let taken = try await db.query(
            """
            UPDATE idempotency_keys SET claim = \(token), claimed_at = now()
            WHERE (scope, key) IN (
                SELECT scope, key FROM idempotency_keys
                WHERE scope = \(scope) AND key = \(key) AND state = 'inProgress'
                  AND claim IS NOT DISTINCT FROM \(try row.decode(UUID?.self, "claim"))::uuid
                FOR UPDATE SKIP LOCKED)
            RETURNING key
            """)
        return taken.isEmpty ? .inProgress : .proceed(token)
    }

    /// Queues, to go out with the transaction's next statement, a lock on the claimed key: while the work's
    /// transaction is open, nobody takes the key over or frees it.
    static func lockWithNextStatement(_ claim: IdempotencyClaim, on db: PostgresConnection) {
        db.sendWithNextQuery(
            """
            SELECT 1 FROM idempotency_keys
            WHERE scope = \(claim.scope) AND key = \(claim.key) AND claim = \(claim.token) FOR UPDATE
            """, prepare: true)
    }

    /// Queues the key's completion to go out with the transaction's next statement, typically its `COMMIT`: it
    /// commits with the work or not at all, and fails the transaction when the key is no longer this claim's.
    static func commitWithNextStatement(
        _ claim: IdempotencyClaim, resource: Resource?, on db: PostgresConnection
    ) {
        db.sendWithNextQuery(
            """
            SELECT idempotency_commit(\(claim.scope), \(claim.key), \(claim.token), \(resource?.type),
                                      \(resource?.id), \(resource?.residentId))
            """, prepare: true)
        db.setCommitWitness(
            """
            SELECT EXISTS (SELECT 1 FROM idempotency_keys
                           WHERE scope = \(claim.scope) AND key = \(claim.key) AND claim = \(claim.token)
                             AND state <> 'inProgress') AS committed
            """)
    }

    /// Stores the response of the request that holds `claim`; a key that is no longer its own is left alone.
    static func recordResponse(
        _ claim: IdempotencyClaim, _ response: StoredResponse, on db: PostgresConnection
    ) async throws {
        try await db.query(
            """
            UPDATE idempotency_keys SET state = 'done', response_status = \(response.status),
                response_headers = \(try PostgresJSON(response.headers)), response_body = \(response.body),
                completed_at = coalesce(completed_at, now())
            WHERE scope = \(claim.scope) AND key = \(claim.key) AND claim = \(claim.token)
              AND state IN ('inProgress', 'committed')
            """)
    }

    /// After a request failed: frees the key if its row shows that the work did not commit, waiting (up to
    /// `lockTimeout`) for a transaction that still holds it; returns the row's answer if the work did commit.
    /// Throws when the database cannot say (then the key stays as it is, for a retry to ask).
    static func abandonUnlessCommitted(
        _ claim: IdempotencyClaim, lockTimeout: Duration = .seconds(2), on pool: PostgresPool
    ) async throws -> Answer? {
        try await pool.withTransaction { db in
            let milliseconds = String(Int(lockTimeout / .milliseconds(1)))
            db.sendWithNextQuery("SELECT set_config('lock_timeout', \(milliseconds), true)")
            let freed = try await db.query(
                """
                DELETE FROM idempotency_keys
                WHERE scope = \(claim.scope) AND key = \(claim.key) AND claim = \(claim.token) AND state = 'inProgress'
                RETURNING key
                """)
            if !freed.isEmpty { return nil }
            let rows = try await db.query(
                """
                SELECT response_status, response_headers, response_body, resource_type, resource_id, resident_id
                FROM idempotency_keys
                WHERE scope = \(claim.scope) AND key = \(claim.key) AND claim = \(claim.token) AND state <> 'inProgress'
                """)
            return try rows.first.map(answer)
        }
    }

    /// Deletes keys older than `retention` (or `olderThan`); returns how many.
    @discardableResult
    static func purge(olderThan age: Duration = retention, on db: PostgresConnection) async throws -> Int {
        let rows = try await db.query(
            "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => \(seconds(age)))")
        return rows.affectedRows
    }

    private static func answer(_ row: PostgresRow) throws -> Answer {
        var response: StoredResponse?
        if let status = try row.decode(Int?.self, "response_status") {
            let headers = try row.text("response_headers") == nil
                ? [:] : try row.decodeJSON([String: String].self, "response_headers")
            let body = try row.decode(Data?.self, "response_body")
            response = StoredResponse(status: status, headers: headers, body: body)
        }
        let resource = try row.decode(String?.self, "resource_type").map { type in
            Resource(
                type: type, id: try row.decode(String?.self, "resource_id"),
                residentId: try row.decode(UUID?.self, "resident_id"))
        }
        return Answer(response: response, resource: resource)
    }

    static var retentionSeconds: Double { seconds(retention) }

    private static func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) }
}
