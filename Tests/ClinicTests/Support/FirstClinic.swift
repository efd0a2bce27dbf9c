import ClinicDomain
import ClinicPostgres
import Foundation

@testable import Clinic

/// The install's first clinic, which a single-room test works in; and the store calls of such tests, in it.
enum FirstClinic {
    static func id(on db: PostgresConnection) async throws -> UUID {
        try await db.query("SELECT id FROM clinics ORDER BY created_at, id LIMIT 1")[0].decode(UUID.self, "id")
    }

    static func id(_ pool: PostgresPool) async throws -> UUID {
        try await pool.withConnection { try await id(on: $0) }
    }
}

extension ResidentStore {
    static func create(_ input: NewResident, today: LocalDate, on db: PostgresConnection) async throws -> Resident {
        try await create(input, clinicId: try await FirstClinic.id(on: db), today: today, on: db)
    }
}

extension DoctorStore {
    static func create(_ input: NewDoctor, on db: PostgresConnection) async throws -> Doctor {
        try await create(input, clinicId: try await FirstClinic.id(on: db), on: db)
    }
}

extension ClosureStore {
    static func add(_ closure: Closure, on db: PostgresConnection) async throws -> Closure {
        try await add(closure, clinicId: try await FirstClinic.id(on: db), on: db).closure
    }
}

extension RotaStore {
    static func generate(
        from: LocalDate, to: LocalDate, replace: Bool = false, doctorsPerSession: Int = 1, on db: PostgresConnection
    ) async throws -> RotaGeneration {
        try await generate(
            clinicId: try await FirstClinic.id(on: db), from: from, to: to, replace: replace,
            doctorsPerSession: doctorsPerSession, on: db)
    }
}

extension ClinicSettingsStore {
    @discardableResult
    static func put(_ settings: ClinicSettings, on db: PostgresConnection) async throws -> ClinicSettings {
        try await put(try await FirstClinic.id(on: db), settings, on: db).settings
    }
}
