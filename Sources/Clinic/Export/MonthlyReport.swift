import ClinicDomain
import ClinicSupport
import Foundation

/// The monthly report's figures as lines to print or export, and the county's total of several clinics' figures.
/// The figures themselves come from SQL (migration 0017); this only lays them out and adds them up.
enum MonthlyReport {
    /// One figure of one or more reports side by side: `key` names it for machines (`appointments.noShow`,
    /// `doctors.<id>.consultations`), `label` for people.
    struct Line: Sendable, Equatable {
        var section: String
        var key: String
        var label: String
        var values: [Int?]
    }

    /// The fixed figures, in the order a reader goes through them: section, then the path below it.
    static let fixedPaths: [[String]] = [
        ["sessions", "rostered"], ["sessions", "held"], ["sessions", "uncovered"],
        ["consultations", "total"], ["consultations", "residents"],
        ["consultations", "byMode", "onsite"], ["consultations", "byMode", "remote"],
        ["consultations", "byMode", "home"], ["consultations", "byChannel", "video"],
        ["consultations", "byChannel", "phone"],
        ["appointments", "booked"], ["appointments", "completed"], ["appointments", "noShow"],
        ["appointments", "cancelled"], ["appointments", "displaced"], ["appointments", "rebooked"],
        ["appointments", "open"], ["appointments", "priority"],
        ["elderly", "total"], ["elderly", "seenLast90Days"], ["elderly", "seenLast90DaysClinical"],
        ["elderly", "assessed"],
    ] + AssessmentBand.allCases.map { ["elderly", "byBand", $0.rawValue] } + [
        ["chronic", "hypertension", "total"], ["chronic", "hypertension", "reviewedThisQuarter"],
        ["chronic", "diabetes", "total"], ["chronic", "diabetes", "reviewedThisQuarter"],
        ["outreach", "visits"],
    ] + ["seenWell", "notHome", "needsDoctor", "hospitalised", "movedAway", "deceased"].map {
        ["outreach", "byOutcome", $0]
    }

    /// The sections in print order.
    static let sections = ["sessions", "doctors", "consultations", "appointments", "elderly", "chronic", "outreach"]

    /// The lines of `reports` side by side (one value per report; nil where a report lacks the figure), labelled in
    /// `language`: the fixed figures, then each doctor's sessions and consultations, then the visits by grid.
    static func lines(_ reports: [JSONValue], language: Language) -> [Line] {
        var lines: [Line] = fixedPaths.map { path in
            Line(
                section: path[0], key: path.joined(separator: "."),
                label: MonthlyReportLabels.figure(path, language),
                values: reports.map { $0.at(path)?.int })
        }
        // Doctors: a doctor serving several clinics is one pair of lines.
        var doctors: [(id: String, name: String)] = []
        for report in reports {
            for doctor in report.at(["doctors"])?.array ?? [] {
                guard case .string(let id)? = doctor.at(["doctorId"]), !doctors.contains(where: { $0.id == id })
                else { continue }
                let name = doctor.at(["name"])?.string ?? ""
                let institution = doctor.at(["institution"])?.string ?? ""
                doctors.append((id, institution.isEmpty ? name : "\(name) (\(institution))"))
            }
        }
        for doctor in doctors.sorted(by: { $0.name < $1.name }) {
            for figure in ["sessions", "consultations"] {
                lines.append(
                    Line(
                        section: "doctors", key: "doctors.\(doctor.id).\(figure)",
                        label: doctor.name + " · " + MonthlyReportLabels.figure(["doctors", figure], language),
                        values: reports.map { report in
                            guard let doctors = report.at(["doctors"])?.array else { return nil }
                            let own = doctors.first { $0.at(["doctorId"])?.string == doctor.id }
                            return own?.at([figure])?.int ?? 0
                        }))
            }
        }
        var grids: [String] = []
        for report in reports {
            for grid in report.at(["outreach", "byGrid"])?.array ?? [] {
                if let name = grid.at(["grid"])?.string, !grids.contains(name) { grids.append(name) }
            }
        }
        for grid in grids.sorted(by: GridNames.precedes) {
            lines.append(
                Line(
                    section: "outreach", key: "outreach.byGrid.\(grid)",
                    label: MonthlyReportLabels.figure(["outreach", "byGrid"], language) + " · "
                        + (grid.isEmpty ? MonthlyReportLabels.noGrid(language) : grid),
                    values: reports.map { report in
                        // A county total has no figure per grid (see `total`): blank, not a sum or a zero.
                        guard !isTotal(report) else { return nil }
                        let own = report.at(["outreach", "byGrid"])?.array.first {
                            $0.at(["grid"])?.string == grid
                        }
                        return own?.at(["visits"])?.int ?? 0
                    }))
        }
        return sections.flatMap { section in lines.filter { $0.section == section } }
    }

    /// The county's total of several clinics' figures, in the same shape: counts added up, a doctor serving
    /// several of the clinics one entry with their sessions and consultations added. Visits by grid are left out
    /// (`byGrid` empty): each health room names its own grids, so two rooms' "Grid 1" are different neighbourhoods
    /// and their sum would count no place; the total's `clinics` says how many clinics it adds up.
    static func total(_ reports: [JSONValue], month: String) -> JSONValue {
        var total = reports.dropFirst().reduce(reports.first ?? .object([:])) { add($0, $1) }
        total = total.setting("month", .string(month))
        var members = total.members
        members["clinicId"] = nil
        members["clinicName"] = nil
        members["clinics"] = .int(reports.count)
        if let outreach = members["outreach"] { members["outreach"] = outreach.setting("byGrid", .array([])) }
        return .object(members)
    }

    /// Whether `report` is a county total (`total` writes how many clinics it adds up).
    static func isTotal(_ report: JSONValue) -> Bool { report.at(["clinics"]) != nil }

    private static func add(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        switch (a, b) {
        case (.int(let x), .int(let y)): return .int(x + y)
        case (.object(let x), .object(let y)):
            return .object(x.merging(y) { add($0, $1) })
        case (.array(let x), .array(let y)):
            var merged = x
            for item in y {
                let key = item.at(["doctorId"])
                if let key, let index = merged.firstIndex(where: { $0.at(["doctorId"]) == key }) {
                    merged[index] = add(merged[index], item)
                } else {
                    merged.append(item)
                }
            }
            return .array(merged)
        default:
            return a == b ? a : .null
        }
    }
}

extension JSONValue {
    /// The value at `path` of nested objects, if there is one.
    func at(_ path: [String]) -> JSONValue? {
        var value = self
        for key in path {
            guard let next = value.members[key] else { return nil }
            value = next
        }
        return value
    }
}
