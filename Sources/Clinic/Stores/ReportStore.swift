import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// The monthly report's figures and the months submitted. The figures are defined in SQL, one function per figure
/// (migration 0017); this store only asks for them and keeps submitted ones.
enum ReportStore {
    /// A month submitted to the county: its figures as they were, when and by whom.
    struct Submission: Sendable, Equatable {
        var figures: JSONValue
        var submittedAt: Date
        var userId: UUID
        var username: String
    }

    /// The live figures of `clinic`'s month `month` (its first day), or nil for a clinic the caller may not see.
    static func figures(clinic: UUID, month: LocalDate, on db: PostgresConnection) async throws -> JSONValue? {
        let rows = try await db.query("SELECT monthly_report(\(clinic), \(month)) AS report")
        guard let text = try rows.first?.decode(String?.self, "report") else { return nil }
        return try JSONValue(parsing: text)
    }

    /// The month's submission of `clinic`, if there is one.
    static func submission(clinic: UUID, month: LocalDate, on db: PostgresConnection) async throws -> Submission? {
        try await submissions(clinics: [clinic], month: month, on: db)[clinic]
    }

    /// The month's submissions of `clinics`, by clinic.
    static func submissions(
        clinics: [UUID], month: LocalDate, on db: PostgresConnection
    ) async throws -> [UUID: Submission] {
        let rows = try await db.query(
            """
            SELECT clinic_id, figures, submitted_at, submitted_by, submitted_by_name FROM report_submissions
            WHERE clinic_id = ANY (\(clinics)) AND month = \(month)
            """)
        var found: [UUID: Submission] = [:]
        for row in rows {
            found[try row.decode(UUID.self, "clinic_id")] = Submission(
                figures: try row.decodeJSON(JSONValue.self, "figures"),
                submittedAt: try row.decode(Date.self, "submitted_at"),
                userId: try row.decode(UUID.self, "submitted_by"),
                username: try row.decode(String.self, "submitted_by_name"))
        }
        return found
    }

    /// Freezes the month's live figures of `clinic` as submitted by `user`, in one statement (the figures are those
    /// of the moment of the insert). Nil when the month was submitted already.
    static func submit(
        clinic: UUID, month: LocalDate, userId: UUID, username: String, on db: PostgresConnection
    ) async throws -> Submission? {
        let rows = try await db.query(
            """
            INSERT INTO report_submissions (clinic_id, month, figures, submitted_by, submitted_by_name)
            SELECT \(clinic), \(month), monthly_report(\(clinic), \(month)), \(userId), \(username)
            WHERE monthly_report(\(clinic), \(month)) IS NOT NULL
            ON CONFLICT (clinic_id, month) DO NOTHING
            RETURNING figures, submitted_at
            """)
        guard let row = rows.first else { return nil }
        return Submission(
            figures: try row.decodeJSON(JSONValue.self, "figures"), submittedAt: try row.decode(Date.self, "submitted_at"),
            userId: userId, username: username)
    }
}
