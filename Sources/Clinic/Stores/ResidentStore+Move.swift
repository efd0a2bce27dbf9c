import ClinicDomain
import ClinicPostgres
import Foundation

extension ResidentStore {
    /// Moves a resident to clinic `clinicId` (a county admin's act: it needs both clinics in scope). The rule:
    /// the health file goes with the resident (consultations and their addenda, problems, medications, allergies,
    /// vital signs, assessments), for the new clinic's staff and doctors to care from; what happened in the old
    /// clinic stays its own record there (past appointments, walk-ins, audit rows). A resident booked or queued
    /// in the old clinic is refused (`residentHasBookings`, 409) until those are cancelled or done. Moving to the
    /// clinic the resident is in changes nothing. One statement: all of it moves or none.
    static func move(_ id: UUID, to clinicId: UUID, on db: PostgresConnection) async throws -> Resident {
        let current = try await db.query(
            """
            SELECT r.clinic_id,
                EXISTS (SELECT 1 FROM appointments a WHERE a.resident_id = r.id
                        AND a.status IN ('booked', 'checkedIn') AND a.ends_at > now())
                OR EXISTS (SELECT 1 FROM walk_in_queue q WHERE q.resident_id = r.id AND q.status = 'waiting') AS busy
            FROM residents r WHERE r.id = \(id)
            """)
        guard let row = current.first else { throw SchedulingError.notFound(.resident) }
        if try row.decode(UUID.self, "clinic_id") == clinicId { return try await get(id, on: db) }
        if try row.decode(Bool.self, "busy") { throw SchedulingError.residentHasBookings }
        try await db.query(
            """
            WITH moved AS (
                UPDATE residents SET clinic_id = \(clinicId), updated_at = now() WHERE id = \(id) RETURNING id
            ), consultations_moved AS (
                UPDATE consultations SET clinic_id = \(clinicId) WHERE resident_id IN (SELECT id FROM moved)
                RETURNING id
            ), addenda AS (
                UPDATE consultation_addenda SET clinic_id = \(clinicId)
                WHERE consultation_id IN (SELECT id FROM consultations_moved)
            ), problems_moved AS (
                UPDATE problems SET clinic_id = \(clinicId) WHERE resident_id IN (SELECT id FROM moved)
            ), medications_moved AS (
                UPDATE medications SET clinic_id = \(clinicId) WHERE resident_id IN (SELECT id FROM moved)
            ), allergies_moved AS (
                UPDATE allergies SET clinic_id = \(clinicId) WHERE resident_id IN (SELECT id FROM moved)
            ), vitals_moved AS (
                UPDATE vital_signs SET clinic_id = \(clinicId) WHERE resident_id IN (SELECT id FROM moved)
            ), assessments_moved AS (
                UPDATE assessments SET clinic_id = \(clinicId) WHERE resident_id IN (SELECT id FROM moved)
            )
            SELECT count(*) AS n FROM moved
            """)
        return try await get(id, on: db)
    }
}
