import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// Helpers for store tests: dates in the clinic's zone, doctors, residents, a rota.
enum Fixture {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    static var today: LocalDate { LocalDate(Date(), in: zone) }

    /// The first date on or after `date` with ISO weekday `weekday`.
    static func next(_ weekday: Int, onOrAfter date: LocalDate) -> LocalDate {
        date.adding(days: (weekday - date.isoWeekday + 7) % 7)
    }

    static func doctor(
        _ name: String, modes: [ConsultationMode] = ConsultationMode.allCases, languages: [String] = ["bo"],
        pool: PostgresPool
    ) async throws -> Doctor {
        try await pool.withConnection {
            try await DoctorStore.create(NewDoctor(name: name, languages: languages, modes: modes), on: $0)
        }
    }

    static func resident(
        _ latin: String, flags: [PriorityFlag] = [], pool: PostgresPool
    ) async throws -> Resident {
        try await pool.withConnection {
            try await ResidentStore.create(
                NewResident(
                    names: ResidentNames(latin: latin), sex: .female,
                    birthDate: LocalDate(year: 1950, month: 3, day: 1)!, flags: flags),
                today: today, on: $0)
        }
    }

    /// `count` plain residents inserted in one statement; their ids.
    static func residents(_ count: Int, prefix: String, pool: PostgresPool) async throws -> [UUID] {
        let rows = try await pool.query(
            """
            INSERT INTO residents (clinic_id, name_latin, sex, birth_date)
            SELECT (SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), \(prefix) || ' ' || i, 'male', DATE '1960-01-01' FROM generate_series(1, \(count)) AS i
            RETURNING id
            """)
        return try rows.map { try $0.decode(UUID.self, "id") }
    }

    static func generate(from: LocalDate, to: LocalDate, replace: Bool = false, pool: PostgresPool) async throws
        -> RotaGeneration
    {
        try await pool.withTransaction { try await RotaStore.generate(from: from, to: to, replace: replace, on: $0) }
    }

    /// Slots of one doctor and mode on a date, by start.
    static func slots(doctor: UUID, date: LocalDate, mode: ConsultationMode, pool: PostgresPool) async throws
        -> [Slot]
    {
        try await pool.withConnection {
            try await SlotStore.list(
                SlotQuery(from: date, to: date, mode: mode, doctorId: doctor, limit: 500), on: $0
            ).items
        }
    }

    static func book(
        _ slot: Slot, resident: UUID, pool: PostgresPool
    ) async throws -> Appointment {
        try await pool.withTransaction {
            try await AppointmentStore.book(NewAppointment(slotId: slot.id, residentId: resident, mode: slot.mode), zone: zone, on: $0)
        }
    }

    static func booked(_ slotId: UUID, pool: PostgresPool) async throws -> Int {
        try await pool.query("SELECT booked FROM slots WHERE id = \(slotId)")[0].decode(Int.self, "booked")
    }
}

/// Expects `body` to throw `expected`.
func expectSchedulingError<T>(
    _ expected: SchedulingError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(expected), got success", sourceLocation: sourceLocation)
    } catch let error as SchedulingError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}
