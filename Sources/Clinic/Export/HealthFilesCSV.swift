import ClinicDomain
import ClinicPostgres
import Foundation

/// The county report: one CSV row per resident with their health-file headline figures, written by
/// `GET /v1/exports/health-files.csv` from a database cursor (`ExportStore.healthFiles`). RFC 4180 with formula
/// neutralisation (`CSVWriter`); the columns are stable, since spreadsheets and county templates refer to them.
enum HealthFilesCSV {
    static let columns = [
        "id", "nameBo", "nameZh", "nameLatin", "sex", "birthDate", "age", "grid", "household", "phone", "flags",
        "activeProblems", "latestBloodPressure", "latestBloodPressureDate", "barthelScore", "barthelBand",
        "selfCareScore", "selfCareBand", "lastConsultationDate",
    ]

    /// The header record with its CRLF.
    static var header: String { CSVWriter.row(columns) }

    /// The fields of one resident, in `columns` order, from a row of `ExportStore.healthFiles`; `today` gives the age.
    static func fields(_ row: PostgresRow, today: LocalDate) throws -> [String] {
        func text(_ column: String) throws -> String { try row.text(column) ?? "" }
        let birthDate = try row.decode(LocalDate.self, "birth_date")
        var bloodPressure = ""
        if let systolic = try row.text("systolic"), let diastolic = try row.text("diastolic") {
            bloodPressure = "\(systolic)/\(diastolic)"
        } else if let systolic = try row.text("systolic") {
            bloodPressure = systolic
        }
        return [
            try text("id"), try text("name_bo"), try text("name_zh"), try text("name_latin"), try text("sex"),
            birthDate.description, String(birthDate.age(on: today)), try text("grid"), try text("household"),
            try text("phone"), try text("flags"), try text("problems"), bloodPressure, try text("bp_date"),
            try text("barthel_score"), try text("barthel_band"), try text("self_care_score"),
            try text("self_care_band"), try text("last_consultation"),
        ]
    }
}
