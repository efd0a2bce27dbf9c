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
    /// The county's clinics and their settings, as last read.
    let clinics: ClinicDirectory
    let configuration: ServerConfiguration
    /// Who is behind a bearer token; logout tells it to forget the token.
    let tokens: TokenAuthenticator
    /// How many CSV exports may stream at once.
    let exports: ExportGate
    /// Writes notices' texts from the templates (`CLINIC_NOTICE_TEMPLATES` or the built-in ones).
    let notices: NoticeRenderer

    init(
        pool: PostgresPool, readPool: PostgresPool? = nil, clinics: ClinicDirectory, configuration: ServerConfiguration
    ) {
        self.pool = pool
        self.readPool = readPool ?? pool
        self.clinics = clinics
        self.configuration = configuration
        self.tokens = TokenAuthenticator(pool: pool, cacheLifetime: .seconds(configuration.tokenCacheSeconds))
        self.exports = ExportGate(limit: configuration.maxConcurrentExports)
        self.notices = NoticeRenderer(templates: configuration.noticeTemplates)
    }

    var loginSettings: LoginFlow.Settings {
        LoginFlow.Settings(
            tokenLifetime: .seconds(configuration.tokenTTLHours * 3600), bcryptCost: configuration.bcryptCost)
    }

    /// Reads every clinic's settings into the directory.
    func refreshSettings() async throws {
        clinics.replace(try await ClinicScope.county.run { try await pool.withConnection { try await ClinicSettingsStore.all(on: $0) } })
    }

    /// The clinic whose day and zone a request works in (its "today"): the caller's own clinic; else the clinic
    /// `?clinicId=` names; else the first clinic a doctor reaches; else the county's first clinic.
    func homeClinic(_ context: RequestContext) -> ClinicRecord {
        let principal = context.principal
        let candidates = [
            principal?.clinicId, context.request.query["clinicId"].flatMap(UUID.init(uuidString:)),
            principal?.doctorClinicIds.first,
        ]
        for case let id? in candidates { if let clinic = clinics.clinic(id) { return clinic } }
        return clinics.first ?? ClinicRecord(id: UUID.random(), code: nil, settings: .default, createdAt: Date())
    }

    /// The settings of the request's clinic (`homeClinic`).
    func settings(_ context: RequestContext) -> ClinicSettings { homeClinic(context).settings }

    /// The zone of the request's clinic (`homeClinic`).
    func zone(_ context: RequestContext) -> TimeZone { clinics.zone(homeClinic(context).id) }

    /// The clinic a request creates something in (a resident, a closure, a rota, a user). A clinic's admin or staff
    /// act in their own clinic (naming another is 404, as for any row they may not know); a county admin names one
    /// (422 without it, or when no such clinic exists); a doctor names one they serve, or has only one.
    func actingClinic(_ context: RequestContext, named: UUID?) throws -> UUID {
        let principal = try context.user
        switch principal.role {
        case .admin, .staff:
            guard let own = principal.clinicId else { throw APIError.forbidden() }
            if let named, named != own { throw APIError.notFound("no such clinic") }
            return own
        case .countyAdmin:
            guard let named else { throw ValidationError(field: "clinicId", message: "is required for a county admin") }
            guard clinics.clinic(named) != nil else { throw ValidationError(field: "clinicId", message: "no such clinic") }
            return named
        case .doctor:
            if let named {
                guard principal.doctorClinicIds.contains(named) else { throw APIError.notFound("no such clinic") }
                return named
            }
            guard principal.doctorClinicIds.count == 1 else {
                throw ValidationError(field: "clinicId", message: "is required for a doctor who serves several clinics")
            }
            return principal.doctorClinicIds[0]
        case .countyViewer, .gridWorker:
            throw APIError.forbidden()
        }
    }

    /// A list's clinic filter: `?clinicId=` when given (404 for a clinic the caller may not see), else none (every
    /// clinic the database lets the caller see).
    func clinicFilter(_ context: RequestContext) throws -> UUID? {
        guard let named = try context.queryUUID("clinicId") else { return nil }
        guard let principal = context.principal, principal.scope.includes(named), clinics.clinic(named) != nil else {
            throw APIError.notFound("no such clinic")
        }
        return named
    }

    /// The clinics a list covers: the one `?clinicId=` names, else every clinic the caller reaches (nil for a county
    /// admin: all of them). Lists that lead their indexes with the clinic read them per clinic.
    func listedClinics(_ context: RequestContext) throws -> [UUID]? {
        if let named = try clinicFilter(context) { return [named] }
        guard case .clinics(let ids)? = context.principal?.scope else { return nil }
        return ids
    }

    /// An audit event for the caller of `context`, naming the request and the caller's address. The row belongs
    /// to the resident's clinic, else to the caller's (none for a county user or a doctor: a county-wide row).
    func auditEvent(
        _ context: RequestContext, _ action: AuditAction, residentId: UUID? = nil, resourceType: String,
        resourceId: String? = nil, detail: [String: AuditValue] = [:]
    ) -> AuditEvent {
        AuditEvent(
            userId: context.principal?.userId, role: context.principal?.role, action: action, residentId: residentId,
            resourceType: resourceType, resourceId: resourceId, requestId: context.request.requestId,
            serverRequestId: context.request.serverRequestId, remoteAddress: context.request.remoteAddress,
            detail: detail, clinicId: context.principal?.clinicId)
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
    ///
    /// `done`: for a body that only queues its work (`auditedStatement`): the audit row is written only if it holds
    /// after the work (see `AuditStore.recordWithNextStatement`).
    func audited<T: Sendable>(
        done: PostgresQuery? = nil,
        _ body: @Sendable (PostgresConnection) async throws -> (T, AuditEvent?)
    ) async throws -> T {
        let claim = IdempotencyClaim.current.flatMap { $0.isCommitted ? nil : $0 }
        let (value, resource) = try await pool.withTransaction { db -> (T, IdempotencyStore.Resource?) in
            if let claim { IdempotencyStore.lockWithNextStatement(claim, on: db) }
            let (value, event) = try await body(db)
            if let event { try AuditStore.recordWithNextStatement(event, done: done, on: db) }
            let resource = event.map {
                IdempotencyStore.Resource(type: $0.resourceType, id: $0.resourceId, residentId: $0.residentId)
            }
            if let claim { IdempotencyStore.commitWithNextStatement(claim, resource: resource, on: db) }
            return (value, resource)
        }
        claim?.markCommitted(resource)
        return value
    }

    /// Work that is one statement, in one round trip: `BEGIN`, the scope, `statement`, its audit row (and an
    /// `Idempotency-Key`'s completion) and `COMMIT` go out together. The row names `target`, so what the work creates
    /// must be named before it runs (an id chosen here), and it is written only if `done` holds after the statement
    /// (a boolean SQL expression: this transaction did the work): else the transaction rolls back (the row's insert
    /// fails with `AuditStore.workNotDoneState`). Returns the statement's rows either way, so a statement that did
    /// nothing can say why in them.
    ///
    /// `witness` (a boolean SQL expression: the work is done, by any transaction) is for work named by an id it cannot
    /// be done twice under (a primary key). With it, a `COMMIT` whose answer was lost and whose audit row is not found
    /// runs the work once more (when no `Idempotency-Key` is held: the client's retry answers then), so a connection
    /// silently dropped in flight costs a second run, not a "may or may not have committed" to the client. Only a
    /// proof answers: the second run doing the work (the key keeps the first from doing it too), or `witness` finding
    /// it done (the first run committed late). Anything else rethrows the loss.
    func auditedStatement(
        _ context: RequestContext, _ action: AuditAction, _ target: AuditTarget, done: PostgresQuery,
        witness: PostgresQuery? = nil, _ statement: PostgresQuery
    ) async throws -> StatementOutcome {
        let event = auditEvent(
            context, action, residentId: target.residentId, resourceType: target.type, resourceId: target.id,
            detail: target.detail)
        do {
            return try await run(statement, done: done, event)
        } catch let lost as PostgresError where lost.commitUnknown && IdempotencyClaim.current == nil {
            guard let witness else { throw lost }
            Log.warning(
                "running a statement again after a lost COMMIT",
                ["serverRequestId": context.request.serverRequestId, "error": "\(lost)"])
            // A second run that failed or was refused proves nothing (the first run may hold the seat and yet
            // commit): only the witness can then answer, else the loss stands.
            let again = try? await run(statement, done: done, event, waitingForLocksAtMost: Self.rerunLockTimeout)
            if let again, case .done = again { return again }
            if await pool.committed(according: "SELECT \(witness)") { return .done(nil) }
            throw lost
        }
    }

    /// How long a second run waits for a lock (the first run's backend, if alive, may hold the row).
    static let rerunLockTimeout = "2s"

    /// One run of `auditedStatement`'s transaction.
    private func run(
        _ statement: PostgresQuery, done: PostgresQuery, _ event: AuditEvent,
        waitingForLocksAtMost lockTimeout: String? = nil
    ) async throws -> StatementOutcome {
        let rows = LockedValue<PostgresRows?>(nil)
        do {
            try await audited(done: done) { db in
                rows.value = nil  // a retried transaction: only this attempt's rows
                if let lockTimeout {
                    db.sendWithNextQuery("SELECT set_config('lock_timeout', \(lockTimeout), true)", prepare: true)
                }
                db.sendWithNextQuery(statement, prepare: true) { rows.value = $0 }
                return ((), event)
            }
        } catch let error as PostgresError where error.sqlState == AuditStore.workNotDoneState {
            // Nothing was done and nothing committed: the statement's answer says why.
            guard let answer = rows.value else { throw error }
            return .notDone(answer)
        }
        return .done(rows.value)
    }

    /// What `auditedStatement` ran.
    enum StatementOutcome: Sendable {
        /// Done and committed, with the statement's rows; nil when they were lost with the connection during a
        /// `COMMIT` that did commit, as its witness found (the caller reads the work back).
        case done(PostgresRows?)
        /// Not done (`done` did not hold) and rolled back; the statement's rows.
        case notDone(PostgresRows)
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
