import ClinicDomain
import ClinicPostgres
import Foundation

/// The whole health file of a resident in one statement: each part is a JSON array built by a subquery, so the
/// cost does not grow with the number of entries (no N+1).
enum HealthFileStore {
    /// How many vitals entries and consultations the file carries (newest first); older ones are read through
    /// the per-kind lists.
    static let historyLimit = 50

    /// Throws `notFound(.resident)`. Consultations and pending follow-ups follow `visibility` (staff: `.overview`,
    /// no notes, no follow-up notes).
    static func load(
        residentId: UUID, visibility: ConsultationVisibility, on db: PostgresConnection
    ) async throws -> HealthFile {
        let sql = """
            WITH \(ClinicalSQL.zoneCTE)
            SELECT EXISTS (SELECT 1 FROM residents WHERE id = $1) AS found,
                (SELECT coalesce(json_agg(\(ClinicalSQL.problem) ORDER BY p.status, p.created_at, p.id), '[]')
                 FROM problems p WHERE p.resident_id = $1) AS problems,
                (SELECT coalesce(json_agg(\(ClinicalSQL.medication) ORDER BY m.created_at, m.id), '[]')
                 FROM medications m WHERE m.resident_id = $1) AS medications,
                (SELECT coalesce(json_agg(\(ClinicalSQL.allergy) ORDER BY al.created_at, al.id), '[]')
                 FROM allergies al WHERE al.resident_id = $1) AS allergies,
                (SELECT coalesce(json_agg(\(ClinicalSQL.vitalSigns) ORDER BY v.taken_at DESC, v.id DESC), '[]')
                 FROM (SELECT * FROM vital_signs WHERE resident_id = $1
                       ORDER BY taken_at DESC, id DESC LIMIT $2) v) AS vitals,
                (SELECT coalesce(json_agg(\(ClinicalSQL.assessment) ORDER BY s.taken_at DESC, s.id DESC), '[]')
                 FROM assessments s WHERE s.resident_id = $1) AS assessments,
                (SELECT coalesce(json_agg(\(ClinicalSQL.consultation(visibility))
                                          ORDER BY c.started_at DESC, c.id DESC), '[]')
                 FROM (SELECT * FROM consultations WHERE resident_id = $1
                       ORDER BY started_at DESC, id DESC LIMIT $2) c) AS consultations,
                (SELECT coalesce(json_agg(\(ClinicalSQL.pendingFollowUp(visibility)) ORDER BY c.follow_up_due, c.id), '[]')
                 FROM consultations c WHERE c.resident_id = $1 AND \(ClinicalSQL.followUpPending)) AS follow_ups
            FROM zone
            """
        let rows = try await db.query(
            PostgresQuery(unsafeSQL: sql, binds: [residentId.postgresBind, historyLimit.postgresBind]))
        guard let row = rows.first, try row.decode(Bool.self, "found") else { throw ClinicalError.notFound(.resident) }
        let vitals = try row.decodeJSON([VitalSignsEntry].self, "vitals")
        return HealthFile(
            residentId: residentId,
            problems: try row.decodeJSON([Problem].self, "problems"),
            medications: try row.decodeJSON([Medication].self, "medications"),
            allergies: try row.decodeJSON([Allergy].self, "allergies"),
            latestVitals: vitals.first,
            vitalsHistory: vitals,
            assessments: try row.decodeJSON([AssessmentRecord].self, "assessments"),
            consultations: try row.decodeJSON([Consultation].self, "consultations"),
            followUpsDue: try row.decodeJSON([PendingFollowUp].self, "follow_ups"))
    }
}
