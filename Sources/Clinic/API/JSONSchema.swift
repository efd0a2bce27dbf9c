import ClinicSupport
import Foundation

/// A JSON Schema (2020-12, as OpenAPI 3.1 uses) for a request or response body, written next to the handler
/// that reads or writes it so the published contract and the code change together.
struct JSONSchema: Sendable, Equatable {
    var json: JSONValue

    init(_ json: JSONValue) { self.json = json }

    static let string = JSONSchema(["type": "string"])
    static let boolean = JSONSchema(["type": "boolean"])
    static let number = JSONSchema(["type": "number"])
    static let integer = JSONSchema(["type": "integer"])
    static let uuid = JSONSchema(["type": "string", "format": "uuid"])
    static let date = JSONSchema(["type": "string", "format": "date"])
    static let dateTime = JSONSchema(["type": "string", "format": "date-time"])
    /// A wall-clock time `HH:MM`.
    static let time = JSONSchema.string(maxLength: 5, pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$")
        .explained("must be a time of day HH:MM")
    /// Unicode control characters (Cc), which the server refuses in kept text: they break printouts and CSV rows.
    static let controls = "\\x00-\\x1F\\x7F-\\x9F"
    /// Control characters other than tab, line feed and carriage return (refused in clinical notes).
    static let controlsBesidesLineBreaks = "\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F"
    /// What trimming removes besides control characters: Unicode spaces and separators (Z*), and U+FEFF.
    static let spaces = " \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF"

    /// Free text the server keeps as typed: at most `maxLength` characters, no control characters; with
    /// `required`, not blank either (the server trims before it judges emptiness).
    static func text(maxLength: Int, required: Bool = false, lineBreaks: Bool = false) -> JSONSchema {
        let refused = lineBreaks ? controlsBesidesLineBreaks : controls
        let pattern =
            required ? "^[^\(refused)]*[^\(refused)\(spaces)\\t\\n\\r][^\(refused)]*$" : "^[^\(refused)]*$"
        let refusal =
            lineBreaks ? "contain control characters other than line breaks and tabs" : "contain control characters"
        return .string(minLength: required ? 1 : nil, maxLength: maxLength, pattern: pattern)
            .explained(required ? "must not be only spaces nor " + refusal : "must not " + refusal)
    }

    /// A lower-case primary language subtag (`bo`, `zh`, `en`).
    static let languageTag = JSONSchema.string(maxLength: 8, pattern: "^[a-z]{2,8}$")
        .explained("must be a lower-case language code of 2 to 8 letters")
    /// A list of languages: each once, at most ten.
    static let languages = JSONSchema.array(of: languageTag, maxItems: 10, uniqueItems: true)
    /// A phone number as typed: digits, spaces and hyphens after an optional leading `+`, 5 to 20 digits.
    static let phone = JSONSchema.string(maxLength: 64, pattern: "^[ \\t]*\\+?[ -]*([0-9][ -]*){5,20}[ \\t]*$")
        .explained(phoneMessage)
    static let phoneMessage = "must be 5 to 20 digits, with spaces, '-' and a leading '+' allowed"

    /// A yes/no query parameter as the server reads it: `true` or `false`, also `1` or `0`.
    static let queryBoolean = JSONSchema.enumeration(["true", "false", "1", "0"])
    /// Any JSON value (free-form objects such as an emergency contact).
    static let any = JSONSchema([:])

    static func string(minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "string"]
        if let minLength { members["minLength"] = .int(minLength) }
        if let maxLength { members["maxLength"] = .int(maxLength) }
        if let pattern { members["pattern"] = .string(pattern) }
        return JSONSchema(.object(members))
    }

    static func integer(minimum: Int? = nil, maximum: Int? = nil) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "integer"]
        if let minimum { members["minimum"] = .int(minimum) }
        if let maximum { members["maximum"] = .int(maximum) }
        return JSONSchema(.object(members))
    }

    static func number(minimum: Double? = nil, maximum: Double? = nil) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "number"]
        if let minimum { members["minimum"] = .double(minimum) }
        if let maximum { members["maximum"] = .double(maximum) }
        return JSONSchema(.object(members))
    }

    /// One of the given strings.
    static func enumeration(_ values: [String]) -> JSONSchema {
        JSONSchema(["type": "string", "enum": .array(values.map { .string($0) })])
    }

    static func array(
        of items: JSONSchema, minItems: Int? = nil, maxItems: Int? = nil, uniqueItems: Bool = false
    ) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "array", "items": items.json]
        if let minItems { members["minItems"] = .int(minItems) }
        if let maxItems { members["maxItems"] = .int(maxItems) }
        if uniqueItems { members["uniqueItems"] = true }
        return JSONSchema(.object(members))
    }

    /// An object with these properties; `additionalProperties` is closed unless `open`.
    static func object(_ properties: [String: JSONSchema], required: [String] = [], open: Bool = false)
        -> JSONSchema
    {
        var members: [String: JSONValue] = [
            "type": "object",
            "properties": .object(properties.mapValues(\.json)),
        ]
        if !required.isEmpty { members["required"] = .array(required.sorted().map { .string($0) }) }
        if !open { members["additionalProperties"] = false }
        return JSONSchema(.object(members))
    }

    /// A map from any key to `values`.
    static func dictionary(of values: JSONSchema) -> JSONSchema {
        JSONSchema(["type": "object", "additionalProperties": values.json])
    }

    /// A reference to a named schema in `components.schemas`.
    static func ref(_ name: String) -> JSONSchema { JSONSchema(["$ref": .string("#/components/schemas/" + name)]) }

    /// This schema or `null`. A formatted string is spelled `anyOf`, so tools that read `format` only with a single
    /// `type` still check it.
    var nullable: JSONSchema {
        if case .string(let type)? = json.members["type"], json.members["format"] == nil {
            return JSONSchema(json.setting("type", [.string(type), "null"]))
        }
        return JSONSchema(["anyOf": [json, ["type": "null"]]])
    }

    /// The list envelope of the API: `{"items": [...], "nextCursor": ...}`.
    static func page(of item: JSONSchema) -> JSONSchema {
        .object(["items": .array(of: item), "nextCursor": JSONSchema.string.nullable], required: ["items"])
    }

    /// What a text that does not match the schema's `pattern` is told (`errors[].message`), in words a person
    /// reads rather than the pattern itself; published as `x-pattern-message`. Every pattern has one.
    func explained(_ message: String) -> JSONSchema { JSONSchema(json.setting("x-pattern-message", .string(message))) }

    /// Adds a description (shown in the published document).
    func described(_ text: String) -> JSONSchema { JSONSchema(json.setting("description", .string(text))) }
}
