import ClinicDomain
import ClinicPostgres
import Foundation

/// Bearer tokens: issued at login, checked on every request, revoked at logout. The table holds only each
/// token's SHA-256 (`BearerToken.hash`).
enum TokenStore {
    /// How long a token lives unless configured otherwise: one working day.
    static let defaultLifetime: Duration = .seconds(12 * 3600)

    /// Issues a token for `userId`. The returned text is the only copy of the token there will ever be.
    /// Expiry is computed by the database clock, the same clock that checks it.
    static func issue(
        userId: UUID, lifetime: Duration = defaultLifetime, remoteAddress: String? = nil, on db: PostgresConnection
    ) async throws -> (token: String, expiresAt: Date) {
        let seconds = Double(lifetime.components.seconds) + Double(lifetime.components.attoseconds) / 1e18
        precondition(seconds > 0, "a token must live for some time")
        let token = BearerToken.generate()
        let rows = try await db.query(
            """
            INSERT INTO auth_tokens (token_hash, user_id, expires_at, remote_address)
            VALUES (\(BearerToken.hash(token)), \(userId), now() + make_interval(secs => \(seconds)), \(remoteAddress))
            RETURNING expires_at
            """)
        guard let row = rows.first else { throw PostgresError(kind: .decoding, message: "expected one row") }
        return (token, try row.decode(Date.self, "expires_at"))
    }

    /// A live token: who it stands for and how long it has left.
    struct Session: Sendable, Equatable {
        var principal: Principal
        var expiresAt: Date
        /// Time left until `expiresAt` by the database clock (the one that checks it), so a cache need not trust
        /// this server's wall clock to agree.
        var remaining: Duration
    }

    /// The caller a token stands for: nil unless the token exists, is neither expired nor revoked, and its user
    /// is active.
    static func principal(forToken token: String, on db: PostgresConnection) async throws -> Principal? {
        try await session(forToken: token, on: db)?.principal
    }

    /// The live session of a token, or nil (unknown, expired, revoked, or its user inactive). Notes the use at most
    /// once a minute, so a busy client does not turn every read into a write.
    static func session(forToken token: String, on db: PostgresConnection) async throws -> Session? {
        guard BearerToken.isWellFormed(token) else { return nil }
        let hash = BearerToken.hash(token)
        let rows = try await db.query(
            """
            SELECT u.id, u.username, u.role, u.doctor_id, u.clinic_id, u.grids,
                   \(UserStore.doctorClinics) AS doctor_clinic_ids,
                   t.last_used_at < now() - interval '1 minute' AS stale,
                   t.expires_at, extract(epoch FROM t.expires_at - now())::float8 AS remaining
            FROM auth_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(hash) AND t.revoked_at IS NULL AND t.expires_at > now() AND u.active
            """, prepare: true)
        guard let row = rows.first, let role = Role(rawValue: try row.decode(String.self, "role")) else { return nil }
        if try row.decode(Bool.self, "stale") {
            try await db.query("UPDATE auth_tokens SET last_used_at = now() WHERE token_hash = \(hash)", prepare: true)
        }
        let principal = Principal(
            userId: try row.decode(UUID.self, "id"), username: try row.decode(String.self, "username"), role: role,
            doctorId: try row.decode(UUID?.self, "doctor_id"), clinicId: try row.decode(UUID?.self, "clinic_id"),
            doctorClinicIds: try row.decodeArray(UUID.self, "doctor_clinic_ids"),
            grids: try row.decodeArray(String.self, "grids"))
        return Session(
            principal: principal, expiresAt: try row.decode(Date.self, "expires_at"),
            remaining: .milliseconds(Int64(try row.decode(Double.self, "remaining") * 1000)))
    }

    /// Revokes one token (logout). Returns false when it was unknown or already revoked.
    @discardableResult
    static func revoke(token: String, on db: PostgresConnection) async throws -> Bool {
        guard BearerToken.isWellFormed(token) else { return false }
        return try await db.query(
            """
            UPDATE auth_tokens SET revoked_at = now()
            WHERE token_hash = \(BearerToken.hash(token)) AND revoked_at IS NULL
            """
        ).affectedRows == 1
    }

    /// Revokes every live token of a user (password changed, user deactivated); returns how many.
    @discardableResult
    static func revokeAll(userId: UUID, on db: PostgresConnection) async throws -> Int {
        try await db.query(
            "UPDATE auth_tokens SET revoked_at = now() WHERE user_id = \(userId) AND revoked_at IS NULL"
        ).affectedRows
    }

    /// Deletes tokens that expired or were revoked more than `retention` ago; returns how many. For a periodic
    /// job: nothing depends on it running, it keeps the table small.
    @discardableResult
    static func purge(retention: Duration = .seconds(7 * 86_400), on db: PostgresConnection) async throws -> Int
    {
        let seconds = Int(retention.components.seconds)
        return try await db.query(
            """
            DELETE FROM auth_tokens
            WHERE expires_at < now() - make_interval(secs => \(seconds))
               OR revoked_at < now() - make_interval(secs => \(seconds))
            """
        ).affectedRows
    }
}
