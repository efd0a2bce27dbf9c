import ClinicDomain
import ClinicPostgres
import Foundation

/// What a fresh demo shows of schedule changes (issue 20): one visiting doctor recalled for a clinic day ahead, so the
/// displaced work list holds a few bookings (priority residents first) with their `displaced` notices; and the notice
/// outbox in each of its states: the booking notices of the first days sent, a few failed at the gateway, the rest
/// (and the displacement notices) waiting, as they would be before an SMS gateway is set.
enum DemoScheduleChanges {
    static let reason = "Recalled to the county hospital for a training course"

    /// Returns how many appointments the recall displaced. Runs in the caller's (county) scope.
    @discardableResult
    static func seed(pool: PostgresPool, clinic: ClinicRecord, today: LocalDate) async throws -> Int {
        // The doctor with the fewest (but at least three) bookings on one clinic day from three to fourteen days on.
        let candidates = try await pool.query(
            """
            SELECT a.doctor_id, s.date, count(*)::int AS n FROM appointments a JOIN slots s ON s.id = a.slot_id
            WHERE a.clinic_id = \(clinic.id) AND a.status = 'booked'
              AND s.date BETWEEN \(today.adding(days: 3)) AND \(today.adding(days: 14))
            GROUP BY a.doctor_id, s.date HAVING count(*) >= 3
            ORDER BY n, s.date, a.doctor_id LIMIT 1
            """)
        var displaced = 0
        if let pick = candidates.first {
            let doctorId = try pick.decode(UUID.self, "doctor_id")
            let date = try pick.decode(LocalDate.self, "date")
            displaced = try await pool.withTransaction { db in
                try await DoctorStore.addUnavailability(
                    doctorId: doctorId, NewUnavailability(from: date, to: date, reason: reason), on: db
                ).displaced.count
            }
        }
        // The outbox: booking notices of the first week sent a minute after they were written; three of them failed
        // after every attempt at the gateway; the others still waiting.
        try await pool.query(
            """
            UPDATE notifications n SET status = 'sent', attempts = 1, sent_at = n.created_at + interval '1 minute',
                next_attempt_at = n.created_at + interval '1 minute'
            WHERE n.clinic_id = \(clinic.id) AND n.kind = 'booked' AND n.status = 'pending'
              AND n.starts_at < \(today.adding(days: 7).instant(at: LocalTime(hour: 0, minute: 0)!, in: clinic.settings.zoneOrUTC))
            """)
        try await pool.query(
            """
            UPDATE notifications SET status = 'failed', reason = 'gateway', attempts = 8, sent_at = NULL,
                last_error = 'HTTP 503 from the SMS gateway'
            WHERE id IN (SELECT id FROM notifications WHERE clinic_id = \(clinic.id) AND kind = 'booked'
                         AND status = 'sent' ORDER BY starts_at DESC, id LIMIT 3)
            """)
        return displaced
    }
}
