import ClinicDomain
import ClinicPostgres
import Foundation

/// The health rooms of the county and each one's settings (`clinics`). Not clinic-scoped rows: every signed-in
/// caller may know a clinic's name and hours; who may change them is the routes' to say.
enum ClinicSettingsStore {
    static let columns: PostgresQuery =
        "id, name, code, time_zone, clinic_weekdays, sessions, slot_minutes, priority_hold_hours, created_at"

    /// One clinic's settings; `notFound(.clinicSettings)` when there is no such clinic.
    static func get(_ clinicId: UUID, on db: PostgresConnection) async throws -> ClinicSettings {
        try await clinic(clinicId, on: db).settings
    }

    static func clinic(_ clinicId: UUID, on db: PostgresConnection) async throws -> ClinicRecord {
        let rows = try await db.query("SELECT \(columns) FROM clinics WHERE id = \(clinicId)", prepare: true)
        guard let row = rows.first else { throw SchedulingError.notFound(.clinicSettings) }
        return try record(row)
    }

    /// Every clinic, oldest first (the first is the one a new install starts with).
    static func all(on db: PostgresConnection) async throws -> [ClinicRecord] {
        try await db.query("SELECT \(columns) FROM clinics ORDER BY created_at, id").map(record)
    }

    /// Validates (422) and adds a clinic; `duplicateClinicCode` (409) when its code is taken.
    static func create(_ settings: ClinicSettings, code: String?, on db: PostgresConnection) async throws
        -> ClinicRecord
    {
        try ClinicSettingsRules.validate(settings)
        try ClinicRecord.validate(code: code)
        do {
            let rows = try await db.query(
                """
                INSERT INTO clinics (name, code, time_zone, clinic_weekdays, sessions, slot_minutes, priority_hold_hours)
                VALUES (\(settings.name), \(code), \(settings.timeZone), \(settings.clinicWeekdays)::smallint[],
                        \(try PostgresJSON(settings.sessions)), \(try PostgresJSON(settings.slotMinutes)),
                        \(settings.priorityHoldHours))
                RETURNING \(columns)
                """)
            return try record(rows[0])
        } catch let error as PostgresError where error.sqlState == "23505" {
            throw SchedulingError.duplicateClinicCode
        }
    }

    /// Validates (422) and replaces a clinic's settings (and its code, when `code` is given). Slots already
    /// materialised keep their times; only rota generated afterwards follows the new sessions and slot lengths.
    static func put(_ clinicId: UUID, _ settings: ClinicSettings, code: String? = nil, on db: PostgresConnection)
        async throws -> ClinicRecord
    {
        try ClinicSettingsRules.validate(settings)
        try ClinicRecord.validate(code: code)
        do {
            let rows = try await db.query(
                """
                UPDATE clinics SET name = \(settings.name), time_zone = \(settings.timeZone),
                    clinic_weekdays = \(settings.clinicWeekdays)::smallint[], sessions = \(try PostgresJSON(settings.sessions)),
                    slot_minutes = \(try PostgresJSON(settings.slotMinutes)),
                    priority_hold_hours = \(settings.priorityHoldHours), code = coalesce(\(code), code), updated_at = now()
                WHERE id = \(clinicId)
                RETURNING \(columns)
                """)
            guard let row = rows.first else { throw SchedulingError.notFound(.clinicSettings) }
            return try record(row)
        } catch let error as PostgresError where error.sqlState == "23505" {
            throw SchedulingError.duplicateClinicCode
        }
    }

    /// Today's date on the clinic's wall clock.
    static func today(in settings: ClinicSettings, now: Date = Date()) -> LocalDate {
        LocalDate(now, in: settings.zoneOrUTC)
    }

    static func record(_ row: PostgresRow) throws -> ClinicRecord {
        ClinicRecord(
            id: try row.decode(UUID.self, "id"), code: try row.decode(String?.self, "code"),
            settings: ClinicSettings(
                name: try row.decode(String.self, "name"),
                timeZone: try row.decode(String.self, "time_zone"),
                clinicWeekdays: try row.decodeArray(Int.self, "clinic_weekdays"),
                sessions: try row.decodeJSON([ClinicSession].self, "sessions"),
                slotMinutes: try row.decodeJSON(SlotMinutes.self, "slot_minutes"),
                priorityHoldHours: try row.decode(Int.self, "priority_hold_hours")),
            createdAt: try row.decode(Date.self, "created_at"))
    }
}

/// A health room: its id and code beside its settings.
struct ClinicRecord: Sendable, Equatable {
    var id: UUID
    var code: String?
    var settings: ClinicSettings
    var createdAt: Date

    /// A code staff and reports use: 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit.
    static func validate(code: String?) throws(ValidationError) {
        guard let code else { return }
        let bytes = Array(code.utf8)
        let ok = (1...32).contains(bytes.count) && bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        } && bytes[0] != UInt8(ascii: ".") && bytes[0] != UInt8(ascii: "_") && bytes[0] != UInt8(ascii: "-")
        if !ok {
            throw ValidationError(
                field: "code", message: "must be 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit")
        }
    }
}
