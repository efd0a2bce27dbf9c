import ClinicDomain
import ClinicPostgres
import Foundation

extension ConsultationStore {
    /// One addendum by id, as `addAddendum` returned it.
    static func addendum(_ id: UUID, on db: PostgresConnection) async throws -> Addendum? {
        let rows = try await db.query(
            """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE))
            SELECT \(ClinicalSQL.raw(ClinicalSQL.addendum)) AS addendum FROM consultation_addenda a CROSS JOIN zone
            WHERE a.id = \(id)
            """)
        return try rows.first?.decodeJSON(Addendum.self, "addendum")
    }
}
