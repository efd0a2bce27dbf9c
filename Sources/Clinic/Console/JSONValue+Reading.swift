import ClinicSupport

/// Reading an API answer in a page: missing members read as `null`, so a page shows a blank, never crashes.
extension JSONValue {
    subscript(key: String) -> JSONValue { members[key] ?? .null }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var int: Int? {
        switch self {
        case .int(let value): value
        case .double(let value) where value == value.rounded(): Int(exactly: value)
        default: nil
        }
    }

    var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var array: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }

    var isNull: Bool { self == .null }

    /// A string, number or boolean as text; anything else as the empty string.
    var text: String {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        default: ""
        }
    }
}
