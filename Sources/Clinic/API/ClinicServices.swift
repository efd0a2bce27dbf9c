import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// What the handlers share: the database pool, the clinic's settings, the server's configuration.
struct ClinicServices: Sendable {
    let pool: PostgresPool
    /// Where the reads that write no audit row and may be a moment stale go (`CLINIC_READ_DATABASE_URL`, a hot
    /// standby); without one, `pool`. Only the slot lists use it: anything that reads a resident's data writes its
    /// audit row, and a client reading what it just wrote (the appointment it booked) asks the primary.
    let readPool: PostgresPool
    let settings: SettingsCache
    let configuration: ServerConfiguration
    /// Who is behind a bearer token; logout tells it to forget the token.
    let tokens: TokenAuthenticator
    /// How many CSV exports may stream at once.
    let exports: ExportGate

    init(
        pool: PostgresPool, readPool: PostgresPool? = nil, settings: SettingsCache, configuration: ServerConfiguration
    ) {
        self.pool = pool
        self.readPool = readPool ?? pool
        self.settings = settings
        self.configuration = configuration
        self.tokens = TokenAuthenticator(pool: pool, cacheLifetime: .seconds(configuration.tokenCacheSeconds))
        self.exports = ExportGate(limit: configuration.maxConcurrentExports)
    }

    var loginSettings: LoginFlow.Settings {
        LoginFlow.Settings(
            tokenLifetime: .seconds(configuration.tokenTTLHours * 3600), bcryptCost: configuration.bcryptCost)
    }

    /// Reads the clinic's settings into the cache.
    func refreshSettings() async throws {
        settings.replace(try await pool.withConnection { try await ClinicSettingsStore.get(on: $0) })
    }

    /// An audit event for the caller of `context`, naming the request and the caller's address.
    func auditEvent(
        _ context: RequestContext, _ action: AuditAction, residentId: UUID? = nil, resourceType: String,
        resourceId: String? = nil, detail: [String: AuditValue] = [:]
    ) -> AuditEvent {
        AuditEvent(
            userId: context.principal?.userId, role: context.principal?.role, action: action, residentId: residentId,
            resourceType: resourceType, resourceId: resourceId, requestId: context.request.requestId,
            serverRequestId: context.request.serverRequestId, remoteAddress: context.request.remoteAddress,
            detail: detail)
    }

    /// Runs `body` in a transaction that also writes the audit row it returns, so an access and its trace
    /// commit together or not at all. The row goes out with the `COMMIT`, in the same round trip.
    ///
    /// When the request claimed an `Idempotency-Key` (`IdempotencyClaim.current`), the transaction also holds the
    /// key and records its completion (the audit event's resource) just before `COMMIT`, so the key row commits
    /// if and only if the work does, and answers a retry after a lost `COMMIT`.
    ///
    /// Routes do not call this directly: they name their subject once through `audited(_:_:_:_:)`
    /// (AuditSubject.swift), which builds the event from the work's result.
    func audited<T: Sendable>(

        _ body: @Sendable (PostgresConnection) async throws -> (T, AuditEvent?)
    ) async throws -> T {
        let claim = IdempotencyClaim.current.flatMap { $0.isCommitted ? nil : $0 }
        let (value, resource) = try await pool.withTransaction { db -> (T, IdempotencyStore.Resource?) in
            if let claim { IdempotencyStore.lockWithNextStatement(claim, on: db) }
            let (value, event) = try await body(db)
            if let event { try AuditStore.recordWithNextStatement(event, on: db) }
            let resource = event.map {
                IdempotencyStore.Resource(type: $0.resourceType, id: $0.resourceId, residentId: $0.residentId)
            }
            if let claim { IdempotencyStore.commitWithNextStatement(claim, resource: resource, on: db) }
            return (value, resource)
        }
        claim?.markCommitted(resource)
        return value
    }
}

/// The clinic's settings as last read, so each request need not read them (the time zone of every response).
/// Read at start-up, and again whenever `GET` or `PUT /v1/clinic` sees them.
final class SettingsCache: Sendable {
    private struct State {
        var settings: ClinicSettings
        /// Resolved once per change, not per request.
        var timeZone: TimeZone
    }

    private let state: LockedValue<State>

    init(_ settings: ClinicSettings = .default) {
        state = LockedValue(State(settings: settings, timeZone: settings.zoneOrUTC))
    }

    var current: ClinicSettings { state.value.settings }

    var timeZone: TimeZone { state.value.timeZone }

    func replace(_ settings: ClinicSettings) {
        state.value = State(settings: settings, timeZone: settings.zoneOrUTC)
    }
}

extension AuthError: APIErrorConvertible {
    var apiError: APIError {
        switch self {
        case .invalidCredentials: .unauthorized("invalid user name or password")
        case .invalidToken: .unauthorized()
        case .throttled(let seconds): .tooManyRequests(retryAfter: seconds, "too many failed attempts; try again later")
        case .usernameTaken: .conflict("username-taken", "a user with this user name exists")
        }
    }
}
