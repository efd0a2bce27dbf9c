import ClinicPostgres
import Foundation

/// `POST /v1/auth/login` and `POST /v1/auth/logout` from the stores, in the order that keeps them safe:
/// the throttle counts before the password is checked and its count commits even when the login fails;
/// a failed login is audited in a transaction of its own; success resets the throttle, issues the token and
/// audits in one transaction.
enum LoginFlow {
    struct Settings: Sendable {
        var tokenLifetime: Duration
        /// The cost new passwords get; unknown names are hashed at it too (see `UserStore.verify`).
        var bcryptCost: Int
        var throttle: LoginThrottle.Policy

        init(
            tokenLifetime: Duration = TokenStore.defaultLifetime, bcryptCost: Int = PasswordHashing.defaultCost,
            throttle: LoginThrottle.Policy = .standard
        ) {
            self.tokenLifetime = tokenLifetime
            self.bcryptCost = bcryptCost
            self.throttle = throttle
        }
    }

    /// - Throws: `ValidationError` (422) for a body that cannot be a login, `AuthError.throttled` (429),
    ///   `AuthError.invalidCredentials` (401), `PostgresError` for the database.
    ///
    /// Refused (throttled) attempts are not audited: refusing them must stay cheap, and an attacker must not be
    /// able to fill the log. Failed attempts are audited without the name typed, which may be a password.
    static func login(
        _ request: LoginRequest, remoteAddress: String?, requestId: String?, serverRequestId: String? = nil,
        settings: Settings = Settings(), pool: PostgresPool
    ) async throws -> LoginResponse {
        try request.validate()
        let decision = try await pool.withConnection { db in
            try await LoginThrottle.attempt(
                username: request.username, remoteAddress: remoteAddress, policy: settings.throttle, on: db)
        }
        if case .locked(let retryAfter) = decision { throw AuthError.throttled(retryAfter: retryAfter) }

        let user = try await pool.withConnection { db in
            try await UserStore.verify(
                username: request.username, password: request.password, cost: settings.bcryptCost, on: db)
        }
        guard let user else {
            try await pool.withConnection { db in
                try await AuditStore.record(
                    AuditEvent(
                        userId: nil, role: nil, action: .loginFailed, resourceType: "session", requestId: requestId,
                        serverRequestId: serverRequestId, remoteAddress: remoteAddress), on: db)
            }
            throw AuthError.invalidCredentials
        }
        // In the user's own clinic: the sign-in's audit row belongs to it.
        return try await user.principal.scope.run { try await pool.withTransaction { db in
            try await LoginThrottle.succeeded(
                username: request.username, remoteAddress: remoteAddress, policy: settings.throttle, on: db)
            let issued = try await TokenStore.issue(
                userId: user.id, lifetime: settings.tokenLifetime, remoteAddress: remoteAddress, on: db)
            let event = AuditEvent(
                user.principal, .login, resourceType: "session", requestId: requestId, serverRequestId: serverRequestId,
                remoteAddress: remoteAddress)
            try await AuditStore.record(event, on: db)
            return LoginResponse(token: issued.token, expiresAt: issued.expiresAt, user: user)
        } }
    }

    /// Revokes the caller's token and audits it. Returns false when the token was not live (already 401 upstream).
    @discardableResult
    static func logout(
        token: String, principal: Principal, remoteAddress: String?, requestId: String?,
        serverRequestId: String? = nil, pool: PostgresPool
    ) async throws -> Bool {
        try await pool.withTransaction { db in
            guard try await TokenStore.revoke(token: token, on: db) else { return false }
            try await AuditStore.record(
                AuditEvent(
                    principal, .logout, resourceType: "session", requestId: requestId,
                    serverRequestId: serverRequestId, remoteAddress: remoteAddress),
                on: db)
            return true
        }
    }
}
