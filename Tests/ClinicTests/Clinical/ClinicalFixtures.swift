import Foundation

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// Plain SQL inserts for the rows clinical tests need, so they do not depend on the scheduling stores.
enum ClinicalFixtures {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    static func resident(
        born: LocalDate, grid: String? = nil, flags: [String] = [], name: String = "Test Resident",
        on db: PostgresConnection
    ) async throws -> UUID {
        try await db.query(
            """
            INSERT INTO residents (clinic_id, name_latin, sex, birth_date, grid, flags, phone)
            VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), \(name), 'female', \(born), \(grid), \(flags), '13800138000') RETURNING id
            """
        ).first!.decode(UUID.self, "id")
    }

    static func resident(age: Int, today: LocalDate = today, grid: String? = nil, flags: [String] = [],
                         name: String = "Test Resident", on db: PostgresConnection) async throws -> UUID {
        let born = LocalDate(year: today.year - age, month: 1, day: 1)!
        return try await resident(born: born, grid: grid, flags: flags, name: name, on: db)
    }

    static func doctor(_ name: String = "Dr Test", on db: PostgresConnection) async throws -> UUID {
        try await db.query("INSERT INTO doctors (clinic_id, name) VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), \(name)) RETURNING id").first!.decode(UUID.self, "id")
    }

    /// Another health room named `name` in `timeZone`, with the defaults' weekdays, a morning session and slot lengths.
    @discardableResult
    static func clinic(_ name: String, timeZone: String = "Asia/Shanghai", id: UUID = UUID(), pool: PostgresPool)
        async throws -> UUID
    {
        try await pool.query(
            """
            INSERT INTO clinics (id, name, code, time_zone, clinic_weekdays, sessions, slot_minutes, priority_hold_hours)
            VALUES (\(id), \(name), \("T-" + id.uuidString.prefix(8)), \(timeZone), '{2,4}',
                '[{"name":"morning","start":"09:30","end":"12:30"}]'::jsonb, '{"onsite":15,"remote":20,"home":60}'::jsonb,
                24)
            """)
        return id
    }

    /// An appointment of `residentId` with `doctorId` at `start` (30 minutes), with its rota assignment and slot.
    static func appointment(
        residentId: UUID, doctorId: UUID, start: Date, status: AppointmentStatus = .booked, mode: String = "remote",
        on db: PostgresConnection
    ) async throws -> UUID {
        let end = start.addingTimeInterval(1800)
        return try await db.query(
            """
            WITH a AS (
                INSERT INTO rota_assignments (clinic_id, date, session, doctor_id, modes, starts_at, ends_at)
                VALUES ((SELECT clinic_id FROM residents WHERE id = \(residentId)), \(LocalDate(start, in: shanghai)), \(UUID().uuidString), \(doctorId), '{onsite,remote,home}',
                        \(start), \(end))
                RETURNING id, clinic_id
            ), s AS (
                INSERT INTO slots (clinic_id, assignment_id, doctor_id, date, session, mode, starts_at, ends_at, capacity,
                                   booked)
                SELECT clinic_id, id, \(doctorId), \(LocalDate(start, in: shanghai)), 'morning', \(mode), \(start), \(end), 1, 1
                FROM a RETURNING id, clinic_id
            )
            INSERT INTO appointments (clinic_id, slot_id, resident_id, doctor_id, mode, starts_at, ends_at, status)
            SELECT clinic_id, id, \(residentId), \(doctorId), \(mode), \(start), \(end), \(status.rawValue) FROM s
            RETURNING id
            """
        ).first!.decode(UUID.self, "id")
    }

    static var today: LocalDate { LocalDate(Date(), in: shanghai) }

    static func instant(_ date: Date) -> ZonedInstant { ZonedInstant(date, in: shanghai) }

    /// A minute before now, `daysAgo` days back, but never before that day's midnight in the clinic's zone: a
    /// consultation that ends "today" (or n days ago) keeps that clinic date, and the follow-up due date the tests
    /// expect, when the suite runs in the first minute after midnight.
    static func justEnded(daysAgo: Double = 0) -> Date {
        let moment = Date().addingTimeInterval(-daysAgo * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = shanghai
        return max(moment.addingTimeInterval(-60), calendar.startOfDay(for: moment))
    }

    /// A valid consultation input that ended `endedDaysAgo` days ago and lasted 20 minutes.
    static func consultation(
        residentId: UUID, mode: String = "remote", channel: String? = "video", endedDaysAgo: Double = 0,
        appointmentId: UUID? = nil, vitals: Vitals? = nil, followUpDays: Int? = nil
    ) -> NewConsultation {
        let end = justEnded(daysAgo: endedDaysAgo)
        return NewConsultation(
            residentId: residentId, appointmentId: appointmentId, mode: mode, channel: channel,
            startedAt: instant(end.addingTimeInterval(-1200)), endedAt: instant(end),
            notes: ConsultationNotes(
                subjective: "Headache for three days", objective: "Alert", assessment: "Hypertension",
                plan: "Continue amlodipine"),
            vitals: vitals, diagnoses: [.init(code: "i10", text: "Essential hypertension")],
            treatments: [.init(kind: "tibetanPlaster", text: "Plaster on the lower back")],
            advice: "Less salt in butter tea",
            followUp: followUpDays.map { .init(inDays: $0, mode: "remote", note: "Check blood pressure") })
    }
}
