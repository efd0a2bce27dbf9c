import ClinicDomain
import ClinicPostgres
import Foundation

/// The clinic's single settings row.
enum ClinicSettingsStore {
    static func get(on db: PostgresConnection) async throws -> ClinicSettings {
        let rows = try await db.query(
            """
            SELECT name, time_zone, clinic_weekdays, sessions, slot_minutes, priority_hold_hours
            FROM clinic_settings WHERE id
            """, prepare: true)
        guard let row = rows.first else { throw SchedulingError.notFound(.clinicSettings) }
        return ClinicSettings(
            name: try row.decode(String.self, "name"),
            timeZone: try row.decode(String.self, "time_zone"),
            clinicWeekdays: try row.decodeArray(Int.self, "clinic_weekdays"),
            sessions: try row.decodeJSON([ClinicSession].self, "sessions"),
            slotMinutes: try row.decodeJSON(SlotMinutes.self, "slot_minutes"),
            priorityHoldHours: try row.decode(Int.self, "priority_hold_hours"))
    }

    /// Validates (422) and replaces the settings. Slots already materialised keep their times; only rota
    /// generated afterwards follows the new sessions and slot lengths.
    static func put(_ settings: ClinicSettings, on db: PostgresConnection) async throws -> ClinicSettings {
        try ClinicSettingsRules.validate(settings)
        try await db.query(
            """
            UPDATE clinic_settings SET name = \(settings.name), time_zone = \(settings.timeZone),
                clinic_weekdays = \(settings.clinicWeekdays)::smallint[], sessions = \(try PostgresJSON(settings.sessions)),
                slot_minutes = \(try PostgresJSON(settings.slotMinutes)),
                priority_hold_hours = \(settings.priorityHoldHours), updated_at = now()
            WHERE id
            """)
        return settings
    }

    /// The clinic's zone (UTC if the stored id no longer resolves, which `put` prevents).
    static func zone(on db: PostgresConnection) async throws -> TimeZone {
        let rows = try await db.query("SELECT time_zone FROM clinic_settings WHERE id", prepare: true)
        let name = try rows.first?.decode(String.self, "time_zone") ?? "UTC"
        return ClinicSettingsRules.zone(named: name) ?? TimeZone(identifier: "UTC")!
    }

    /// Today's date on the clinic's wall clock.
    static func today(in settings: ClinicSettings, now: Date = Date()) -> LocalDate {
        LocalDate(now, in: settings.zoneOrUTC)
    }
}
