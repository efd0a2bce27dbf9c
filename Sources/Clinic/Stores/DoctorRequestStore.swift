import ClinicDomain
import ClinicPostgres
import Foundation

/// Doctor requests a `needsDoctor` visit opened: the desk's work list, closing one, and booking one through the green
/// channel (`AppointmentStore.book(..., greenChannel: true)` then `markBooked`, in one transaction).
enum DoctorRequestStore {
    static let columns: PostgresQuery = """
        dr.id, dr.clinic_id, dr.resident_id, dr.visit_id, dr.created_at, dr.note, dr.status, dr.appointment_id,
        dr.close_reason, r.name_bo, r.name_zh, r.name_latin, r.phone, r.grid, r.address, v.visited_at, v.systolic,
        v.diastolic, u.username AS visited_by
        """
    static let from: PostgresQuery = """
        doctor_requests dr JOIN residents r ON r.id = dr.resident_id JOIN outreach_visits v ON v.id = dr.visit_id
        LEFT JOIN users u ON u.id = v.recorded_by
        """

    /// The open requests, oldest first.
    static func open(limit: Int = ListLimit.maximum, zone: TimeZone, on db: PostgresConnection) async throws
        -> [DoctorRequest]
    {
        let limit = try ListLimit.checked(limit)
        return try await db.query(
            "SELECT \(columns) FROM \(from) WHERE dr.status = 'open' ORDER BY dr.created_at, dr.id LIMIT \(limit)"
        ).map { try request($0, zone: zone) }
    }

    static func get(_ id: UUID, zone: TimeZone, on db: PostgresConnection) async throws -> DoctorRequest {
        let rows = try await db.query("SELECT \(columns) FROM \(from) WHERE dr.id = \(id)")
        guard let row = rows.first else { throw OutreachError.noSuchRequest }
        return try request(row, zone: zone)
    }

    /// The open request `id`, locked for the caller's transaction. 404 unknown (or another clinic's), 409 not open.
    static func lockOpen(_ id: UUID, zone: TimeZone, on db: PostgresConnection) async throws -> DoctorRequest {
        guard try await db.query("SELECT 1 FROM doctor_requests WHERE id = \(id) FOR UPDATE").first != nil else {
            throw OutreachError.noSuchRequest
        }
        let request = try await get(id, zone: zone, on: db)
        guard request.status == .open else { throw OutreachError.requestNotOpen(request.status) }
        return request
    }

    /// Closes an open request without a booking.
    static func close(_ id: UUID, reason: String, zone: TimeZone, on db: PostgresConnection) async throws
        -> DoctorRequest
    {
        var v = Validator()
        v.check(TextRules.clean(reason) != nil, field: "reason", message: "must not be blank")
        v.include(TextRules.reasonErrors(reason))
        try v.finish()
        _ = try await lockOpen(id, zone: zone, on: db)
        try await db.query(
            """
            UPDATE doctor_requests SET status = 'closed', close_reason = \(TextRules.clean(reason)), updated_at = now()
            WHERE id = \(id)
            """)
        return try await get(id, zone: zone, on: db)
    }

    /// Books the resident of the open request `requestId` through the green channel and marks the request booked.
    /// Errors: as `AppointmentStore.book`; 404 no such request, 409 `request-not-open`, 422 another resident's.
    static func book(_ input: NewAppointment, requestId: UUID, zone: TimeZone, on db: PostgresConnection) async throws
        -> Appointment
    {
        let request = try await lockOpen(requestId, zone: zone, on: db)
        guard request.residentId == input.residentId else { throw OutreachError.requestForAnotherResident }
        let appointment = try await AppointmentStore.book(input, greenChannel: true, zone: zone, on: db)
        try await markBooked(requestId, appointmentId: appointment.id, on: db)
        return appointment
    }

    /// Marks a locked open request booked with `appointmentId`.
    static func markBooked(_ id: UUID, appointmentId: UUID, on db: PostgresConnection) async throws {
        try await db.query(
            """
            UPDATE doctor_requests SET status = 'booked', appointment_id = \(appointmentId), updated_at = now()
            WHERE id = \(id) AND status = 'open'
            """)
    }

    static func request(_ row: PostgresRow, zone: TimeZone) throws -> DoctorRequest {
        DoctorRequest(
            id: try row.decode(UUID.self, "id"), clinicId: try row.decode(UUID.self, "clinic_id"),
            residentId: try row.decode(UUID.self, "resident_id"), visitId: try row.decode(UUID.self, "visit_id"),
            createdAt: ZonedInstant(try row.decode(Date.self, "created_at"), in: zone),
            note: try row.decode(String?.self, "note"),
            status: DoctorRequestStatus(rawValue: try row.decode(String.self, "status")) ?? .open,
            appointmentId: try row.decode(UUID?.self, "appointment_id"),
            closeReason: try row.decode(String?.self, "close_reason"),
            names: ResidentNames(
                bo: try row.decode(String?.self, "name_bo"), zh: try row.decode(String?.self, "name_zh"),
                latin: try row.decode(String?.self, "name_latin")),
            phone: try row.decode(String?.self, "phone"), grid: try row.decode(String?.self, "grid"),
            address: try row.decode(String?.self, "address"),
            visitedAt: ZonedInstant(try row.decode(Date.self, "visited_at"), in: zone),
            systolic: try row.decode(Int?.self, "systolic"), diastolic: try row.decode(Int?.self, "diastolic"),
            visitedBy: try row.decode(String?.self, "visited_by"))
    }
}
