import ClinicDomain
import ClinicPostgres
import Foundation

/// The health file's entries outside consultations: problems, medications, allergies, vitals, assessments.
/// Adds validate (422) and return the stored entry; a resident that does not exist is `notFound(.resident)` (the
/// resident is the path of these endpoints). `recordedBy` is the acting user's id, kept for the record.
enum HealthRecordStore {
    static func addProblem(
        residentId: UUID, _ input: NewProblem, recordedBy: UUID? = nil, today: LocalDate, on db: PostgresConnection
    ) async throws -> Problem {
        let problem = try input.validate(today: today)
        return try await insert(
            """
            INSERT INTO problems (clinic_id, resident_id, code, text, onset, status, recorded_by)
            SELECT r.clinic_id, r.id, \(problem.code), \(problem.text), \(problem.onset), \(problem.status.rawValue),
                    \(recordedBy)
            FROM residents r WHERE r.id = \(residentId)
            RETURNING *
            """, as: ClinicalSQL.problem, alias: "p", on: db)
    }

    /// Marks a problem active or resolved. `notFound(.resident)` when the problem is not this resident's.
    static func setProblemStatus(
        residentId: UUID, problemId: UUID, status: ProblemStatus, on db: PostgresConnection
    ) async throws -> Problem {
        try await insert(
            """
            UPDATE problems SET status = \(status.rawValue), updated_at = now()
            WHERE id = \(problemId) AND resident_id = \(residentId) RETURNING *
            """, as: ClinicalSQL.problem, alias: "p", on: db)
    }

    /// Active problems first, then by the time they were recorded.
    static func problems(residentId: UUID, on db: PostgresConnection) async throws -> [Problem] {
        try await list(
            "problems p", ClinicalSQL.problem, order: "p.status, p.created_at, p.id", residentId: residentId, on: db)
    }

    static func addMedication(
        residentId: UUID, _ input: NewMedication, recordedBy: UUID? = nil, on db: PostgresConnection
    ) async throws -> Medication {
        try input.validate()
        return try await insert(
            """
            INSERT INTO medications (clinic_id, resident_id, name, dose, since, until, recorded_by)
            SELECT r.clinic_id, r.id, \(ClinicalText.trimmed(input.name)), \(ClinicalText.clean(input.dose)),
                    \(input.since), \(input.until), \(recordedBy)
            FROM residents r WHERE r.id = \(residentId)
            RETURNING *
            """, as: ClinicalSQL.medication, alias: "m", on: db)
    }

    static func medications(residentId: UUID, on db: PostgresConnection) async throws -> [Medication] {
        try await list(
            "medications m", ClinicalSQL.medication, order: "m.created_at, m.id", residentId: residentId, on: db)
    }

    static func addAllergy(
        residentId: UUID, _ input: NewAllergy, recordedBy: UUID? = nil, on db: PostgresConnection
    ) async throws -> Allergy {
        let severity = try input.validate()
        return try await insert(
            """
            INSERT INTO allergies (clinic_id, resident_id, substance, reaction, severity, recorded_by)
            SELECT r.clinic_id, r.id, \(ClinicalText.trimmed(input.substance)), \(ClinicalText.clean(input.reaction)),
                    \(severity?.rawValue), \(recordedBy)
            FROM residents r WHERE r.id = \(residentId)
            RETURNING *
            """, as: ClinicalSQL.allergy, alias: "al", on: db)
    }

    static func allergies(residentId: UUID, on db: PostgresConnection) async throws -> [Allergy] {
        try await list(
            "allergies al", ClinicalSQL.allergy, order: "al.created_at, al.id", residentId: residentId, on: db)
    }

    /// A set of vitals taken outside a consultation (screening). Impossible values are 422; plausible abnormal
    /// ones (SpO₂ 85 % at altitude) are stored and flagged.
    static func addVitals(
        residentId: UUID, _ input: NewVitalSigns, recordedBy: UUID? = nil, now: Date = Date(),
        on db: PostgresConnection
    ) async throws -> VitalSignsEntry {
        try input.validate(now: now)
        guard
            let birthDate = try await db.query("SELECT birth_date FROM residents WHERE id = \(residentId)")
                .first?.decode(LocalDate.self, "birth_date")
        else { throw ClinicalError.notFound(.resident) }
        let flags = input.vitals.flags(ageInYears: birthDate.age(on: LocalDate(input.takenAt.date, in: ClinicalSQL.utc)))
        return try await insert(
            """
            INSERT INTO vital_signs (clinic_id, resident_id, taken_at, vitals, flags, source, recorded_by)
            SELECT r.clinic_id, r.id, \(input.takenAt.date), \(try PostgresJSON(input.vitals)), \(flags), 'screening',
                    \(recordedBy)
            FROM residents r WHERE r.id = \(residentId)
            RETURNING *
            """, as: ClinicalSQL.vitalSigns, alias: "v", on: db)
    }

    /// Newest first.
    static func vitals(
        residentId: UUID, limit: Int = ListLimit.maximum, on db: PostgresConnection
    ) async throws -> [VitalSignsEntry] {
        try await list(
            "vital_signs v", ClinicalSQL.vitalSigns, order: "v.taken_at DESC, v.id DESC", residentId: residentId,
            limit: limit, on: db)
    }

    /// Scores the assessment on the server (items outside the form's points are 422) and stores it.
    static func addAssessment(
        residentId: UUID, _ input: NewAssessment, assessedBy: UUID? = nil, now: Date = Date(),
        on db: PostgresConnection
    ) async throws -> AssessmentRecord {
        let checked = try input.validate(now: now)
        return try await insert(
            """
            INSERT INTO assessments (clinic_id, resident_id, kind, items, score, band, taken_at, assessed_by)
            SELECT r.clinic_id, r.id, \(checked.kind.rawValue), \(try PostgresJSON(checked.items)),
                    \(checked.score.score), \(checked.score.band), \(input.takenAt?.date ?? now), \(assessedBy)
            FROM residents r WHERE r.id = \(residentId)
            RETURNING *
            """, as: ClinicalSQL.assessment, alias: "s", on: db)
    }

    /// Newest first.
    static func assessments(residentId: UUID, on db: PostgresConnection) async throws -> [AssessmentRecord] {
        try await list(
            "assessments s", ClinicalSQL.assessment, order: "s.taken_at DESC, s.id DESC", residentId: residentId,
            on: db)
    }

    // MARK: shared

    /// Runs a write returning the row, and builds the record's JSON from it in the same statement.
    private static func insert<T: Decodable>(
        _ write: PostgresQuery, as json: String, alias: String, on db: PostgresConnection
    ) async throws -> T {
        let query: PostgresQuery = """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE)), \(ClinicalSQL.raw(alias)) AS (\(write))
            SELECT \(ClinicalSQL.raw(json)) AS record FROM \(ClinicalSQL.raw(alias)) CROSS JOIN zone
            """
        let rows: PostgresRows
        do {
            rows = try await db.query(query)
        } catch where ClinicalSQL.isForeignKey(error, on: "resident_id") {
            throw ClinicalError.notFound(.resident)
        }
        guard let row = rows.first else { throw ClinicalError.notFound(.resident) }
        return try row.decodeJSON(T.self, "record")
    }

    /// A resident's entries of one table as a JSON array in one statement; `notFound(.resident)` when the
    /// resident does not exist.
    private static func list<T: Decodable>(
        _ table: String, _ json: String, order: String, residentId: UUID, limit: Int = 10_000,
        on db: PostgresConnection
    ) async throws -> [T] {
        let alias = String(table.split(separator: " ").last!)
        let rows = try await db.query(
            """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE))
            SELECT EXISTS (SELECT 1 FROM residents WHERE id = \(residentId)) AS found,
                   (SELECT coalesce(json_agg(\(ClinicalSQL.raw(json)) ORDER BY \(ClinicalSQL.raw(order))), '[]')
                    FROM (SELECT * FROM \(ClinicalSQL.raw(table)) WHERE \(ClinicalSQL.raw(alias)).resident_id = \(residentId)
                          ORDER BY \(ClinicalSQL.raw(order)) LIMIT \(limit)) \(ClinicalSQL.raw(alias))) AS items
            FROM zone
            """)
        guard let row = rows.first, try row.decode(Bool.self, "found") else { throw ClinicalError.notFound(.resident) }
        return try row.decodeJSON([T].self, "items")
    }
}
