import ClinicDomain
import ClinicPostgres
import Foundation

extension NotificationStore {
    /// Writes the reminders due at `now`, in every clinic in scope, and returns how many.
    ///
    /// An appointment is reminded once its reminder moment has come: `at` (the clinic's wall clock) on the day
    /// before its start, in the clinic's zone. So the job reminds the next day's bookings from `at` on, and a server
    /// that was down at `at` still reminds those that have not started when it is back. Only booked appointments
    /// that have not started are reminded, and not one whose resident was told of this very time after the moment
    /// came (booked, moved or rebooked to it since: that notice said it all). `appointment_notice()` writes at most
    /// one reminder per appointment and start time (a unique index), so several processes, or runs, write one, and
    /// a rescheduled appointment is reminded again for its new time.
    @discardableResult
    static func writeReminders(at now: Date, time at: LocalTime, on db: PostgresConnection) async throws -> Int {
        let rows = try await db.query(
            """
            WITH due AS (
                SELECT a.*, (((a.starts_at AT TIME ZONE c.time_zone)::date - 1) + \(at.description)::time)
                            AT TIME ZONE c.time_zone AS moment
                FROM appointments a JOIN clinics c ON c.id = a.clinic_id
                WHERE a.status = 'booked' AND a.starts_at > \(now) AND a.starts_at < \(now) + interval '2 days'
            )
            SELECT appointment_notice('reminder', d.clinic_id, d.id, d.resident_id, d.doctor_id, d.mode, d.starts_at,
                                      d.ends_at) AS id
            FROM due d
            WHERE d.moment <= \(now)
              AND NOT EXISTS (SELECT 1 FROM notifications n
                              WHERE n.appointment_id = d.id AND n.starts_at = d.starts_at
                                AND (n.kind = 'reminder'
                                     OR (n.kind IN ('booked', 'rescheduled', 'rebooked', 'doctorChanged')
                                         AND n.created_at >= d.moment)))
            """)
        return try rows.filter { try $0.decode(UUID?.self, "id") != nil }.count
    }
}
