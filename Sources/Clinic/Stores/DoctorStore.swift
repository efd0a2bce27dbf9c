import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// Visiting doctors and the periods they cannot come.
enum DoctorStore {
    static let columns: PostgresQuery = "id, name, institution, languages, modes, active"

    /// `clinicId`: the clinic whose admin registers the doctor (they reach it from then on); nil for a county admin.
    static func create(_ input: NewDoctor, clinicId: UUID?, on db: PostgresConnection) async throws -> Doctor {
        try input.validate()
        let rows = try await db.query(
            """
            INSERT INTO doctors (clinic_id, name, institution, languages, modes, active)
            VALUES (\(clinicId), \(input.name.trimmingCharacters(in: .whitespacesAndNewlines)),
                \(input.institution.trimmingCharacters(in: .whitespacesAndNewlines)), \(input.languages),
                \(input.modes), \(input.active))
            RETURNING \(columns)
            """)
        return try doctor(rows[0])
    }

    /// Every doctor, by name (ten or so: no pagination). `activeOnly` leaves out inactive ones.
    static func list(activeOnly: Bool = false, on db: PostgresConnection) async throws -> [Doctor] {
        let rows = try await db.query(
            "SELECT \(columns) FROM doctors WHERE active OR NOT \(activeOnly) ORDER BY name, id")
        return try rows.map(doctor)
    }

    static func get(_ id: UUID, on db: PostgresConnection) async throws -> Doctor {
        let rows = try await db.query("SELECT \(columns) FROM doctors WHERE id = \(id)")
        guard let row = rows.first else { throw SchedulingError.notFound(.doctor) }
        return try doctor(row)
    }

    /// Changes the fields given. The rota already generated is left as it is: deactivating a doctor does not
    /// drop their assignments (an administrator swaps them).
    static func patch(_ id: UUID, _ patch: DoctorPatch, on db: PostgresConnection) async throws -> Doctor {
        try patch.validate()
        let rows = try await db.query(
            """
            UPDATE doctors SET
                name = coalesce(\(patch.name?.trimmingCharacters(in: .whitespacesAndNewlines)), name),
                institution = coalesce(\(patch.institution?.trimmingCharacters(in: .whitespacesAndNewlines)), institution),
                languages = coalesce(\(patch.languages), languages),
                modes = coalesce(\(patch.modes), modes),
                active = coalesce(\(patch.active), active),
                updated_at = now()
            WHERE id = \(id) RETURNING \(columns)
            """)
        guard let row = rows.first else { throw SchedulingError.notFound(.doctor) }
        return try doctor(row)
    }

    /// Records a period the doctor cannot serve (404 for an unknown doctor, 422 for `to` before `from`). Their
    /// sessions in that period, in every clinic, will not run: they are uncovered and their future bookings
    /// displaced (`SessionCancellation`), in the caller's transaction. With `dryRun` nothing changes and the
    /// bookings that would be displaced are returned.
    static func addUnavailability(
        doctorId: UUID, _ input: NewUnavailability, dryRun: Bool = false, on db: PostgresConnection
    ) async throws -> (period: Unavailability, displaced: [SessionCancellation.Displaced]) {
        try input.validate()
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let days = SessionCancellation.Sessions.doctorDays(doctorId: doctorId, from: input.from, to: input.to)
        if dryRun {
            _ = try await get(doctorId, on: db)
            let period = Unavailability(
                id: UUID.random(), doctorId: doctorId, from: input.from, to: input.to, reason: reason)
            return (period, try await SessionCancellation.affected(days, on: db))
        }
        let rows = try await db.query(
            """
            INSERT INTO doctor_unavailability (doctor_id, period, reason)
            SELECT id, daterange(\(input.from), \(input.to), '[]'), \(reason) FROM doctors WHERE id = \(doctorId)
            RETURNING id
            """)
        guard let row = rows.first else { throw SchedulingError.notFound(.doctor) }
        let period = Unavailability(
            id: try row.decode(UUID.self, "id"), doctorId: doctorId, from: input.from, to: input.to, reason: reason)
        return (period, try await SessionCancellation.uncover(days, cause: .unavailable, on: db))
    }

    /// A doctor's unavailability periods overlapping the range, by start.
    static func unavailability(
        doctorId: UUID? = nil, from: LocalDate, to: LocalDate, on db: PostgresConnection
    ) async throws -> [Unavailability] {
        let rows = try await db.query(
            """
            SELECT id, doctor_id, lower(period) AS first, upper(period) - 1 AS last, reason
            FROM doctor_unavailability
            WHERE (\(doctorId)::uuid IS NULL OR doctor_id = \(doctorId))
              AND period && daterange(\(from), \(to), '[]')
            ORDER BY lower(period), id
            """)
        return try rows.map { row in
            Unavailability(
                id: try row.decode(UUID.self, "id"), doctorId: try row.decode(UUID.self, "doctor_id"),
                from: try row.decode(LocalDate.self, "first"), to: try row.decode(LocalDate.self, "last"),
                reason: try row.decode(String.self, "reason"))
        }
    }

    static func doctor(_ row: PostgresRow) throws -> Doctor {
        Doctor(
            id: try row.decode(UUID.self, "id"), name: try row.decode(String.self, "name"),
            institution: try row.decode(String.self, "institution"),
            languages: try row.decodeArray(String.self, "languages"),
            modes: try row.decodeArray(String.self, "modes").compactMap(ConsultationMode.init(rawValue:)),
            active: try row.decode(Bool.self, "active"))
    }
}
