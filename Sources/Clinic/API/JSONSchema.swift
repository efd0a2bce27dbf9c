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
    static let time = JSONSchema(["type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"])
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

    static func array(of items: JSONSchema, maxItems: Int? = nil, uniqueItems: Bool = false) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "array", "items": items.json]
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

    /// This schema or `null`.
    var nullable: JSONSchema {
        if case .string(let type)? = json.members["type"] {
            return JSONSchema(json.setting("type", [.string(type), "null"]))
        }
        return JSONSchema(["anyOf": [json, ["type": "null"]]])
    }

    /// The list envelope of the API: `{"items": [...], "nextCursor": ...}`.
    static func page(of item: JSONSchema) -> JSONSchema {
        .object(["items": .array(of: item), "nextCursor": JSONSchema.string.nullable], required: ["items"])
    }

    /// Adds a description (shown in the published document).
    func described(_ text: String) -> JSONSchema { JSONSchema(json.setting("description", .string(text))) }
}
