import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// The audit log: one row per access to a resident's data, written in the transaction of the access, so an access
/// that commits is always recorded and a rolled-back one never is. Rows are never changed (the database refuses).
enum AuditStore {
    /// Appends one event; returns its id.
    @discardableResult
    static func record(_ event: AuditEvent, on db: PostgresConnection) async throws -> UUID {
        let id = UUID.random()
        try await db.query(try insert(event, id: id), prepare: true)
        return id
    }

    /// The SQLSTATE `audited_work_not_done` (migration 0026) raises: a row written on condition found its work undone.
    static let workNotDoneState = "CL002"

    /// Queues the row to go out with the transaction's next statement, typically its `COMMIT`: no round trip of
    /// its own. If the insert fails, that statement fails and the transaction rolls back. The row, under an id
    /// chosen here, is also the transaction's commit witness: if the connection is lost during `COMMIT`, finding
    /// it tells that the transaction committed.
    ///
    /// `done`: for work queued in the same round trip, whose result is not known when the row is sent: a boolean SQL
    /// expression read after the work ("this transaction wrote the row with the id the server chose"). When it is
    /// false, the insert fails with `workNotDoneState` and the transaction rolls back.
    static func recordWithNextStatement(_ event: AuditEvent, done: PostgresQuery? = nil, on db: PostgresConnection) throws {
        let id = UUID.random()
        db.sendWithNextQuery(try insert(event, id: id, done: done), prepare: true)
        db.setCommitWitness("SELECT EXISTS (SELECT 1 FROM audit_log WHERE id = \(id)) AS committed")
    }

    /// No `RETURNING`: a row of no clinic (a doctor's or a county user's sign-in) is one only the county scope may
    /// read back, and its writer need not.
    private static func insert(_ event: AuditEvent, id: UUID, done: PostgresQuery? = nil) throws -> PostgresQuery {
        var query: PostgresQuery = """
            INSERT INTO audit_log (id, clinic_id, user_id, role, action, resident_id, resource_type, resource_id,
                                   request_id, server_request_id, remote_address, detail)
            SELECT \(id), coalesce((SELECT clinic_id FROM residents WHERE id = \(event.residentId)), \(event.clinicId)),
                \(event.userId), \(event.role?.rawValue), \(event.action.rawValue), \(event.residentId),
                \(event.resourceType), \(event.resourceId), \(event.requestId), \(event.serverRequestId),
                \(event.remoteAddress), \(try detailJSON(event.detail))
            """
        if let done { query.append(" WHERE CASE WHEN \(done) THEN true ELSE audited_work_not_done() END") }
        return query
    }

    /// The detail as `jsonb` text, written by the API's own encoder (Foundation's cost a booking 3 % of the server's
    /// time). Its keys are sorted, though `jsonb` keeps its own order; it holds no instants, so the zone is moot.
    private static func detailJSON(_ detail: [String: AuditValue]) throws -> PostgresJSON {
        PostgresJSON(text: String(decoding: try JSONCoding.encode(detail, timeZone: .gmt), as: UTF8.self))
    }

    /// A page of the log, newest first, continuing after `filter.cursor`.
    ///
    /// - Throws: `ValidationError` on the `cursor` field when the cursor does not decode (the API's 400).
    static func list(_ filter: AuditFilter, on db: PostgresConnection) async throws -> AuditPage {
        let limit = min(max(filter.limit, 1), AuditFilter.maximumLimit)
        var query: PostgresQuery = """
            SELECT a.id, a.at, a.user_id, u.username, a.role, a.action, a.resident_id, a.resource_type,
                   a.resource_id, a.request_id, a.server_request_id, a.remote_address, a.detail,
                   r.id AS named_resident, r.name_bo, r.name_zh, r.name_latin
            FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN residents r ON r.id = a.resident_id
            WHERE true
            """
        if let clinicId = filter.clinicId { query.append(" AND a.clinic_id = \(clinicId)") }
        if let residentId = filter.residentId { query.append(" AND a.resident_id = \(residentId)") }
        if let userId = filter.userId { query.append(" AND a.user_id = \(userId)") }
        if let from = filter.from { query.append(" AND a.at >= \(from)") }
        if let to = filter.to { query.append(" AND a.at < \(to)") }
        if let cursor = filter.cursor {
            guard let key = KeysetCursor.decodeKey(cursor), let at = Date(postgresText: key.sort) else {
                throw ValidationError(field: "cursor", message: "is not a cursor of this list")
            }
            query.append(" AND (a.at, a.id) < (\(at), \(key.id))")
        }
        query.append(" ORDER BY a.at DESC, a.id DESC LIMIT \(limit + 1)")
        let rows = try await db.query(query)
        var items = try rows.map(entry(from:))
        var nextCursor: String?
        if items.count > limit {
            items.removeLast()
            // The instant as the database printed it, to the microsecond, so the next page starts exactly here.
            if let last = items.last, let at = try rows[limit - 1].text("at") {
                nextCursor = KeysetCursor.encode(KeysetKey(sort: at, id: last.id))
            }
        }
        return AuditPage(items: items, nextCursor: nextCursor)
    }

    static func entry(from row: PostgresRow) throws -> AuditEntry {
        AuditEntry(
            id: try row.decode(UUID.self, "id"), at: try row.decode(Date.self, "at"),
            userId: try row.decode(UUID?.self, "user_id"), username: try row.decode(String?.self, "username"),
            role: try row.decode(String?.self, "role").flatMap(Role.init(rawValue:)),
            action: AuditAction(rawValue: try row.decode(String.self, "action")),
            residentId: try row.decode(UUID?.self, "resident_id"),
            residentNames: try row.decode(UUID?.self, "named_resident") == nil
                ? nil
                : ResidentNames(
                    bo: try row.decode(String?.self, "name_bo"), zh: try row.decode(String?.self, "name_zh"),
                    latin: try row.decode(String?.self, "name_latin")),
            resourceType: try row.decode(String.self, "resource_type"),
            resourceId: try row.decode(String?.self, "resource_id"),
            requestId: try row.decode(String?.self, "request_id"),
            serverRequestId: try row.decode(String?.self, "server_request_id"),
            remoteAddress: try row.decode(String?.self, "remote_address"),
            detail: try row.decodeJSON([String: AuditValue].self, "detail"))
    }
}
