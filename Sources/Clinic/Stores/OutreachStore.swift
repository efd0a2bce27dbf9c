import ClinicDomain
import ClinicPostgres
import Foundation

/// Outreach visits and what they set going: a doctor request (`needsDoctor`), or a resident no longer cared for here
/// (`movedAway`, `deceased`: inactive, their future bookings cancelled with their notices, their open requests
/// closed), all in the caller's transaction. A grid worker's work runs with their grids in scope (migration 0016),
/// so a resident of another grid is not found (404).
enum OutreachStore {
    /// The SQLSTATE migration 0018 raises when a booking or a walk-in names an inactive resident.
    static let residentInactiveState = "CL101"

    static let columns: PostgresQuery = """
        v.id, v.clinic_id, v.resident_id, v.visited_at, v.outcome, v.systolic, v.diastolic, v.note, v.recorded_by,
        v.created_at, (SELECT dr.id FROM doctor_requests dr WHERE dr.visit_id = v.id) AS doctor_request_id
        """

    /// Records a visit by `recordedBy` and its effects. Errors: 422 (`ValidationError`), 404 (no such resident).
    static func record(
        _ input: NewOutreachVisit, residentId: UUID, recordedBy: UUID, zone: TimeZone, on db: PostgresConnection
    ) async throws -> OutreachVisit {
        let outcome = try input.validated()
        let resident = try await db.query(
            "SELECT clinic_id FROM residents WHERE id = \(residentId) FOR UPDATE")
        guard let clinicId = try resident.first?.decode(UUID.self, "clinic_id") else {
            throw SchedulingError.notFound(.resident)
        }
        let note = TextRules.clean(input.note)
        let inserted = try await db.query(
            """
            WITH v AS (
                INSERT INTO outreach_visits (clinic_id, resident_id, visited_at, outcome, systolic, diastolic, note,
                    recorded_by)
                VALUES (\(clinicId), \(residentId), \(input.visitedAt.date), \(outcome.rawValue), \(input.systolic),
                    \(input.diastolic), \(note), \(recordedBy))
                RETURNING *)
            SELECT v.id FROM v
            """)
        let visitId = try inserted.first!.decode(UUID.self, "id")
        switch outcome {
        case .needsDoctor:
            try await db.query(
                """
                INSERT INTO doctor_requests (clinic_id, resident_id, visit_id, note)
                VALUES (\(clinicId), \(residentId), \(visitId), \(note))
                """)
        case .movedAway, .deceased:
            try await makeInactive(residentId, reason: outcome.rawValue, since: input.visitedAt.date, zone: zone, on: db)
        case .seenWell, .notHome, .hospitalised:
            break
        }
        return try await visit(visitId, zone: zone, on: db)
    }

    /// Marks the resident inactive, cancels their bookings to come (booked or displaced; each with its `cancelled`
    /// notice, none to a deceased resident, and its seat freed) and closes their open doctor requests.
    static func makeInactive(
        _ residentId: UUID, reason: String, since: Date, zone: TimeZone, on db: PostgresConnection
    ) async throws {
        try await db.query(
            """
            UPDATE residents SET inactive_reason = \(reason), inactive_since = \(since), updated_at = now()
            WHERE id = \(residentId)
            """)
        let ahead = try await db.query(
            """
            SELECT id FROM appointments
            WHERE resident_id = \(residentId) AND status IN ('booked', 'displaced') AND starts_at > now()
            ORDER BY starts_at FOR UPDATE
            """)
        for row in ahead {
            _ = try await AppointmentStore.cancel(try row.decode(UUID.self, "id"), reason: reason, zone: zone, on: db)
        }
        try await db.query(
            """
            UPDATE doctor_requests SET status = 'closed', close_reason = \(reason), updated_at = now()
            WHERE resident_id = \(residentId) AND status = 'open'
            """)
    }

    /// An admin's undoing of `makeInactive`: the resident is cared for here again (cancelled bookings stay cancelled).
    static func reactivate(_ residentId: UUID, on db: PostgresConnection) async throws {
        try await db.query(
            """
            UPDATE residents SET inactive_reason = NULL, inactive_since = NULL, updated_at = now()
            WHERE id = \(residentId)
            """)
    }

    static func visit(_ id: UUID, zone: TimeZone, on db: PostgresConnection) async throws -> OutreachVisit {
        let rows = try await db.query("SELECT \(columns) FROM outreach_visits v WHERE v.id = \(id)")
        guard let row = rows.first else { throw SchedulingError.notFound(.resident) }
        return try visit(row, zone: zone)
    }

    /// A resident's visits, newest first (404 when the resident is not visible to the caller).
    static func visits(
        residentId: UUID, limit: Int = ListLimit.maximum, zone: TimeZone, on db: PostgresConnection
    ) async throws -> [OutreachVisit] {
        let limit = try ListLimit.checked(limit)
        guard try await db.query("SELECT 1 FROM residents WHERE id = \(residentId)").first != nil else {
            throw SchedulingError.notFound(.resident)
        }
        return try await db.query(
            """
            SELECT \(columns) FROM outreach_visits v WHERE v.resident_id = \(residentId)
            ORDER BY v.visited_at DESC, v.id LIMIT \(limit)
            """
        ).map { try visit($0, zone: zone) }
    }

    static func visit(_ row: PostgresRow, zone: TimeZone) throws -> OutreachVisit {
        OutreachVisit(
            id: try row.decode(UUID.self, "id"), clinicId: try row.decode(UUID.self, "clinic_id"),
            residentId: try row.decode(UUID.self, "resident_id"),
            visitedAt: ZonedInstant(try row.decode(Date.self, "visited_at"), in: zone),
            outcome: OutreachOutcome(rawValue: try row.decode(String.self, "outcome")) ?? .seenWell,
            systolic: try row.decode(Int?.self, "systolic"), diastolic: try row.decode(Int?.self, "diastolic"),
            note: try row.decode(String?.self, "note"), recordedBy: try row.decode(UUID.self, "recorded_by"),
            createdAt: ZonedInstant(try row.decode(Date.self, "created_at"), in: zone),
            doctorRequestId: try row.decode(UUID?.self, "doctor_request_id"))
    }
}
