import ClinicHTTP
import ClinicSupport
import Foundation

/// The register and edit form's values, as typed or as the API returned them, and the JSON each sends: the whole
/// resident for `POST /v1/residents`, only what changed for `PATCH /v1/residents/{id}`. The form's field names follow
/// the API's (`names.bo`, `emergencyContact.phone`), so a field error the API names lands next to its field.
struct ResidentForm: Sendable, Equatable {
    /// The single-line fields, by form name.
    static let textFields = [
        "names.bo", "names.zh", "names.latin", "sex", "birthDate", "ethnicity", "phone", "idNumber", "address", "grid",
        "household", "emergencyContact.name", "emergencyContact.phone", "emergencyContact.relationship",
    ]
    /// Optional fields the API clears with `null`.
    static let clearable = ["ethnicity", "phone", "idNumber", "address", "grid", "household"]
    /// The languages offered as checkboxes (a resident's other languages are kept and shown too).
    static let offeredLanguages = ["bo", "zh", "en"]
    static let flagValues = ["livesAlone", "emptyNest", "disabled", "lowIncome", "specialHardship"]
    /// The hidden field with the key that makes a double submit register once.
    static let keyField = "_key"

    var text: [String: String] = [:]
    var languages: [String] = []
    var flags: [String] = []
    /// The `Idempotency-Key` of this rendering of the form.
    var key: String = ResidentForm.newKey()

    static func newKey() -> String { "console-resident-" + UUIDText.lower(UUID.random()) }

    subscript(name: String) -> String { text[name] ?? "" }

    init() {}

    /// What the browser sent.
    init(form: QueryParameters) {
        for name in Self.textFields { text[name] = form[name] ?? "" }
        languages = Self.unique(form.all("languages"))
        flags = Self.unique(form.all("flags"))
        if let key = form[Self.keyField], !key.isEmpty { self.key = key }
    }

    /// The resident as the API returned it (the ID number is masked there, so its field starts blank).
    init(resident: JSONValue) {
        for name in Self.textFields {
            let parts = name.split(separator: ".").map(String.init)
            let value = parts.count == 2 ? resident[parts[0]][parts[1]] : resident[name]
            text[name] = value.text
        }
        text["idNumber"] = ""
        languages = resident["languages"].array.compactMap(\.string)
        flags = resident["flags"].array.compactMap(\.string)
    }

    /// The body of `POST /v1/residents`: blank optional fields left out, so the API's defaults apply.
    func createJSON() -> JSONValue {
        var body: [String: JSONValue] = [
            "names": namesJSON, "languages": .array(languages.map { .string($0) }),
            "flags": .array(flags.map { .string($0) }),
        ]
        for name in ["sex", "birthDate"] + Self.clearable where !self[name].isEmpty {
            body[name] = .string(self[name])
        }
        if contactJSON != .null { body["emergencyContact"] = contactJSON }
        return .object(body)
    }

    /// The body of `PATCH /v1/residents/{id}`: each field that differs from `original` (a blanked optional field
    /// as `null`, which clears it); the ID number only when one was typed, since the original is masked.
    func patchJSON(from original: ResidentForm) -> JSONValue {
        var body: [String: JSONValue] = [:]
        if ["names.bo", "names.zh", "names.latin"].contains(where: { self[$0] != original[$0] }) {
            body["names"] = namesJSON
        }
        for name in ["sex", "birthDate"] where self[name] != original[name] { body[name] = .string(self[name]) }
        for name in Self.clearable where name != "idNumber" && self[name] != original[name] {
            body[name] = self[name].isEmpty ? .null : .string(self[name])
        }
        if !self["idNumber"].isEmpty { body["idNumber"] = .string(self["idNumber"]) }
        if Set(languages) != Set(original.languages) { body["languages"] = .array(languages.map { .string($0) }) }
        if Set(flags) != Set(original.flags) { body["flags"] = .array(flags.map { .string($0) }) }
        if ["name", "phone", "relationship"].contains(where: {
            self["emergencyContact." + $0] != original["emergencyContact." + $0]
        }) {
            body["emergencyContact"] = contactJSON
        }
        return .object(body)
    }

    /// The names typed; blank scripts left out (the API asks for at least one).
    private var namesJSON: JSONValue {
        var names: [String: JSONValue] = [:]
        for script in ["bo", "zh", "latin"] where !self["names." + script].isEmpty {
            names[script] = .string(self["names." + script])
        }
        return .object(names)
    }

    /// The emergency contact, or null when every part is blank.
    private var contactJSON: JSONValue {
        var contact: [String: JSONValue] = [:]
        for part in ["name", "phone", "relationship"] where !self["emergencyContact." + part].isEmpty {
            contact[part] = .string(self["emergencyContact." + part])
        }
        return contact.isEmpty ? .null : .object(contact)
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The form field an API field error belongs to: `flags[1]` to `flags`, `names` stays the names group.
    static func formField(_ apiField: String) -> String {
        if let bracket = apiField.firstIndex(of: "[") { return String(apiField[..<bracket]) }
        if apiField == "emergencyContact" { return "emergencyContact.name" }
        return apiField
    }
}
