import Foundation
import Testing

@testable import Clinic

/// A shallow check that a response object keeps to its published schema: every required property present, none
/// outside `properties` when the schema is closed, and nulls only where the property is nullable.
func expectConforms(
    _ object: [String: Any], to schema: JSONSchema?, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let schema else {
        Issue.record("no such schema", sourceLocation: sourceLocation)
        return
    }
    let members = schema.json.members
    let properties = members["properties"]?.members ?? [:]
    if case .array(let required)? = members["required"] {
        for case .string(let name) in required where object[name] == nil {
            Issue.record("required \(name) missing", sourceLocation: sourceLocation)
        }
    }
    if members["additionalProperties"] == .bool(false) {
        for key in object.keys where properties[key] == nil {
            Issue.record("\(key) is not in the schema", sourceLocation: sourceLocation)
        }
    }
    for (key, value) in object where value is NSNull {
        let property = properties[key]?.members ?? [:]
        let nullable: Bool =
            switch property["type"] {
            case .array(let types)?: types.contains(.string("null"))
            default: property["anyOf"] != nil
            }
        if !nullable { Issue.record("\(key) is null but not nullable", sourceLocation: sourceLocation) }
    }
}
