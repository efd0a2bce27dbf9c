import ClinicDomain
import ClinicPostgres
import Foundation

/// One health-file entry by id, exactly as its add returned it: for answering a repeated add again.
extension HealthRecordStore {
    static func problem(_ id: UUID, on db: PostgresConnection) async throws -> Problem? {
        try await entry("problems p", ClinicalSQL.problem, id, on: db)
    }

    static func medication(_ id: UUID, on db: PostgresConnection) async throws -> Medication? {
        try await entry("medications m", ClinicalSQL.medication, id, on: db)
    }

    static func allergy(_ id: UUID, on db: PostgresConnection) async throws -> Allergy? {
        try await entry("allergies al", ClinicalSQL.allergy, id, on: db)
    }

    static func vitalSigns(_ id: UUID, on db: PostgresConnection) async throws -> VitalSignsEntry? {
        try await entry("vital_signs v", ClinicalSQL.vitalSigns, id, on: db)
    }

    static func assessment(_ id: UUID, on db: PostgresConnection) async throws -> AssessmentRecord? {
        try await entry("assessments s", ClinicalSQL.assessment, id, on: db)
    }

    /// The row of `table` (with its alias, as `ClinicalSQL`'s JSON expects it) under `id`, as JSON built in SQL.
    private static func entry<T: Decodable>(
        _ table: String, _ json: String, _ id: UUID, on db: PostgresConnection
    ) async throws -> T? {
        let alias = String(table.split(separator: " ").last!)
        let rows = try await db.query(
            """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE))
            SELECT \(ClinicalSQL.raw(json)) AS record FROM \(ClinicalSQL.raw(table)) CROSS JOIN zone
            WHERE \(ClinicalSQL.raw(alias)).id = \(id)
            """)
        return try rows.first?.decodeJSON(T.self, "record")
    }
}
