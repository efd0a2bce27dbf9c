import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// The consultation form's typed values and the `POST /v1/consultations` body made from them. Blank rows and blank
/// optional fields are left out, so the API's own rules decide everything else; its field names
/// (`vitals.systolic`, `diagnoses[1].text`) are mapped back to the form's fields (`diagnoses.2.text` when the
/// first row was left blank) so each error shows next to the field that caused it.
struct ConsultationForm {
    static let diagnosisRows = 3
    static let treatmentRows = 3
    static let noteNames = ClinicalWords.notes.map(\.0)
    static let vitalNames = ClinicalWords.vitals.map(\.0)

    /// Every field the form has.
    static let fieldNames: [String] =
        ["residentId", "appointmentId", "idempotencyKey", "updatedAt", "mode", "channel", "startedAt", "endedAt", "advice"]
        + noteNames.map { "notes." + $0 } + vitalNames.map { "vitals." + $0 }
        + (0..<diagnosisRows).flatMap { ["diagnoses.\($0).code", "diagnoses.\($0).text"] }
        + (0..<treatmentRows).flatMap { ["treatments.\($0).kind", "treatments.\($0).text"] }
        + ["followUp.inDays", "followUp.mode", "followUp.note"]

    var values: [String: String]

    init(values: [String: String]) { self.values = values }

    /// The submitted form.
    init(form: QueryParameters) {
        var values: [String: String] = [:]
        for name in Self.fieldNames { values[name] = form[name] }
        self.values = values
    }

    subscript(name: String) -> String { values[name] ?? "" }

    private func given(_ name: String) -> String? {
        let value = self[name]
        return value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : value
    }

    /// Form rows that hold anything, in order: their position in the API's list is their index here.
    var diagnosisRowsSent: [Int] {
        (0..<Self.diagnosisRows).filter { given("diagnoses.\($0).code") != nil || given("diagnoses.\($0).text") != nil }
    }
    var treatmentRowsSent: [Int] {
        (0..<Self.treatmentRows).filter {
            given("treatments.\($0).kind") != nil || given("treatments.\($0).text") != nil
        }
    }

    /// The API body; times typed in the clinic's zone become RFC 3339 with its offset (text that is no time is
    /// passed on as typed, so the API names the field).
    func body(zone: TimeZone) -> JSONValue {
        var body: [String: JSONValue] = [:]
        body["residentId"] = .string(self["residentId"])
        if let appointment = given("appointmentId") { body["appointmentId"] = .string(appointment) }
        if let mode = given("mode") { body["mode"] = .string(mode) }
        if let channel = given("channel") { body["channel"] = .string(channel) }
        for name in ["startedAt", "endedAt"] {
            guard let typed = given(name) else { continue }
            body[name] = .string(ClinicTime.instant(local: typed, zone) ?? typed)
        }
        var notes: [String: JSONValue] = [:]
        for name in Self.noteNames { notes[name] = .string(self["notes." + name]) }
        body["notes"] = .object(notes)
        var vitals: [String: JSONValue] = [:]
        for name in Self.vitalNames {
            guard let typed = given("vitals." + name) else { continue }
            vitals[name] = Self.number(typed)
        }
        if !vitals.isEmpty { body["vitals"] = .object(vitals) }
        body["diagnoses"] = .array(
            diagnosisRowsSent.map { row in
                var item: [String: JSONValue] = ["text": .string(self["diagnoses.\(row).text"])]
                if let code = given("diagnoses.\(row).code") { item["code"] = .string(code) }
                return .object(item)
            })
        body["treatments"] = .array(
            treatmentRowsSent.map { row in
                .object([
                    "kind": .string(self["treatments.\(row).kind"]), "text": .string(self["treatments.\(row).text"]),
                ])
            })
        if let advice = given("advice") { body["advice"] = .string(advice) }
        if given("followUp.inDays") != nil || given("followUp.note") != nil || given("followUp.mode") != nil {
            var followUp: [String: JSONValue] = [:]
            if let days = given("followUp.inDays") { followUp["inDays"] = Self.number(days) }
            if let mode = given("followUp.mode") { followUp["mode"] = .string(mode) }
            if let note = given("followUp.note") { followUp["note"] = .string(note) }
            body["followUp"] = .object(followUp)
        }
        return .object(body)
    }

    /// The form field an API error names: `diagnoses[1].text` → `diagnoses.<row>.text`; others as they are.
    func formField(_ apiField: String) -> String {
        for (list, rows) in [("diagnoses", diagnosisRowsSent), ("treatments", treatmentRowsSent)] {
            guard apiField.hasPrefix(list + "[") else { continue }
            let rest = apiField.dropFirst(list.count + 1)
            guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]), rows.indices.contains(index)
            else { return apiField }
            return list + "." + String(rows[index]) + rest[rest.index(after: close)...]
        }
        return apiField
    }

    /// The problem's field errors under the form's field names.
    func errors(_ problem: ConsoleAPI.Problem) -> [FieldError] {
        problem.errors.map { FieldError(field: formField($0.field), message: $0.message) }
    }

    /// A number as the API reads it: whole numbers as integers, decimals (with `.` or `,`) as numbers, anything
    /// else as the text typed (the API then says what it must be).
    static func number(_ typed: String) -> JSONValue {
        let text = typed.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        if let whole = Int(text) { return .int(whole) }
        if let decimal = Double(text), decimal.isFinite { return .double(decimal) }
        return .string(typed)
    }
}
