import Foundation

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// Residents and notices for the notification tests, written as the appointment paths write them
/// (`appointment_notice()`), in the install's first clinic.
enum NoticeFixture {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    static func resident(
        _ names: ResidentNames, languages: [String], phone: String? = nil, contact: EmergencyContact? = nil,
        pool: PostgresPool
    ) async throws -> UUID {
        try await pool.withConnection {
            try await ResidentStore.create(
                NewResident(
                    names: names, sex: .female, birthDate: LocalDate(year: 1948, month: 5, day: 2)!,
                    languages: languages, phone: phone, emergencyContact: contact),
                today: Fixture.today, on: $0
            ).id
        }
    }

    /// A notice about a (made-up) appointment at `start`; its id, or nil when none is written (opted out).
    @discardableResult
    static func notice(
        _ kind: NoticeKind, resident: UUID, doctor: UUID, start: Date, mode: ConsultationMode = .onsite,
        previous: Date? = nil, appointment: UUID? = nil, pool: PostgresPool
    ) async throws -> UUID? {
        try await pool.query(
            """
            SELECT appointment_notice(\(kind.rawValue), (SELECT clinic_id FROM residents WHERE id = \(resident)),
                \(appointment), \(resident), \(doctor), \(mode.rawValue), \(start),
                \(start.addingTimeInterval(900)), \(previous)) AS id
            """
        ).first?.decode(UUID?.self, "id")
    }

    /// 10:00 on `date` in the clinic's zone.
    static func at(_ date: String, _ time: String = "10:00") -> Date {
        LocalDate(date)!.instant(at: LocalTime(time)!, in: zone)
    }
}
