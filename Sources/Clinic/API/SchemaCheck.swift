import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// One rule of a published schema that a request breaks.
struct SchemaViolation: Sendable, Equatable {
    var field: String
    var message: String
    /// A wrong shape (type, required member, unknown member of a closed object, format): the request is malformed
    /// (400), as when the handler's decoding fails. Otherwise a value out of its stated bounds (422).
    var malformed: Bool
}

/// Checks request input against the JSON Schema the route publishes, so the server refuses whatever
/// `GET /openapi.json` refuses (schema-driven clients and fuzzers rely on it). The keywords are those `JSONSchema`
/// writes: type, enum, minLength/maxLength (in Unicode code points, as JSON Schema counts), pattern, format (date,
/// date-time, uuid), minimum/maximum, items/minItems/maxItems/uniqueItems, properties/required/additionalProperties,
/// minProperties and anyOf. `$ref` is not followed (request schemas are written inline).
enum SchemaCheck {
    static func violations(of value: JSONValue, against schema: JSONValue, at path: String = "") -> [SchemaViolation] {
        let rules = schema.members
        let field = path.isEmpty ? "body" : path
        // When no branch fits: the complaints of the closest branch whose type fits (a selfCare assessment is told
        // about its own items; a nullable member about its non-null form), along with the other keywords'.
        if case .array(let branches)? = rules["anyOf"] {
            let found = branches.map { violations(of: value, against: $0, at: path) }
            if !found.contains(where: \.isEmpty) {
                // Every branch asks for one member: "at least one of" them (names, a vital sign).
                let wanted = found.compactMap { $0.count == 1 && $0[0].message == "is required" ? $0[0].field : nil }
                if wanted.count == found.count {
                    let names = wanted.map { String($0.split(separator: ".").last ?? "") }.joined(separator: ", ")
                    return [SchemaViolation(field: field, message: "needs at least one of " + names, malformed: false)]
                }
                let typed = found.filter { !$0.contains { $0.field == field && $0.malformed } }
                // Closest: the fewest members missing, then the fewest complaints.
                func distance(_ list: [SchemaViolation]) -> (Int, Int) {
                    (list.filter { $0.message == "is required" }.count, list.count)
                }
                let closest = (typed.isEmpty ? found : typed).min { distance($0) < distance($1) } ?? []
                return closest + violations(of: value, against: .object(rules.filter { $0.key != "anyOf" }), at: path)
            }
        }
        if let types = allowedTypes(rules["type"]), !types.contains(where: { Self.value(value, is: $0) }) {
            let names = types.filter { $0 != "null" }.joined(separator: " or ")
            let expected = names.isEmpty ? "null" : names
            return [SchemaViolation(field: field, message: "must be \(expected)", malformed: true)]
        }
        if case .array(let allowed)? = rules["enum"], !allowed.contains(value) {
            let names = allowed.compactMap { if case .string(let text) = $0 { text } else { nil } }
            let message = "must be one of " + names.joined(separator: ", ")
            return [SchemaViolation(field: field, message: message, malformed: false)]
        }
        switch value {
        case .string(let text):
            return stringViolations(text, rules).map { SchemaViolation(field: field, message: $0.0, malformed: $0.1) }
        case .int, .double:
            return numberViolations(value, rules).map { SchemaViolation(field: field, message: $0, malformed: false) }
        case .array(let items):
            return arrayViolations(items, rules, at: path)
        case .object(let members):
            return objectViolations(members, rules, at: path)
        case .null, .bool:
            return []
        }
    }

    /// A query parameter's value as sent (text) against its schema: nil when it keeps it, else why not.
    static func violation(ofQueryValue text: String, against schema: JSONValue) -> String? {
        let rules = schema.members
        let value: JSONValue
        switch allowedTypes(rules["type"])?.first {
        case "integer":
            guard text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (48...57).contains($0) }), let number = Int(text)
            else { return "must be a whole number" }
            value = .int(number)
        case "number":
            guard let number = Double(text), number.isFinite else { return "must be a number" }
            value = .double(number)
        case "boolean":
            guard let flag = ["true": true, "false": false][text] else { return "must be true or false" }
            value = .bool(flag)
        default:
            value = .string(text)
        }
        return violations(of: value, against: schema, at: "query").first?.message
    }

    private static func allowedTypes(_ type: JSONValue?) -> [String]? {
        switch type {
        case .string(let name)?: return [name]
        case .array(let names)?: return names.compactMap { if case .string(let name) = $0 { name } else { nil } }
        default: return nil
        }
    }

    private static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("integer", .int), ("number", .int), ("number", .double):
            return true
        case ("integer", .double(let number)):
            return number.rounded() == number && number.isFinite
        default:
            return false
        }
    }

    private static func stringViolations(_ text: String, _ rules: [String: JSONValue]) -> [(String, Bool)] {
        var found: [(String, Bool)] = []
        let length = text.unicodeScalars.count
        if case .int(let minimum)? = rules["minLength"], length < minimum {
            found.append((minimum == 1 ? "must not be empty" : "must be at least \(minimum) characters", false))
        }
        if case .int(let maximum)? = rules["maxLength"], length > maximum {
            // Too long is enough to refuse it; the pattern and format are not run over text of any length a client
            // may send (a pattern with nested repetition costs time in the square of the length).
            found.append(("must be at most \(maximum) characters", false))
            return found
        }
        // Every published pattern comes with a maxLength (OpenAPIDocumentTests checks it); the bound stands here too,
        // so no pattern ever runs over text of any length a client may send.
        if rules["pattern"] != nil, rules["maxLength"] == nil, length > Self.longestPatternInput {
            found.append(("must be at most \(Self.longestPatternInput) characters", false))
        } else if case .string(let pattern)? = rules["pattern"], !matches(text, pattern) {
            found.append((rules["x-pattern-message"]?.string ?? "must match \(pattern)", false))
        }
        if case .string(let format)? = rules["format"] {
            switch format {
            case "date" where LocalDate(text) == nil: found.append(("must be a date YYYY-MM-DD", true))
            case "date-time" where RFC3339.parse(text) == nil:
                found.append(("must be an RFC 3339 instant with offset", true))
            case "uuid" where UUID(uuidString: text) == nil: found.append(("must be a UUID", true))
            default: break
            }
        }
        return found
    }

    private static func numberViolations(_ value: JSONValue, _ rules: [String: JSONValue]) -> [String] {
        let number: Double
        switch value {
        case .int(let whole): number = Double(whole)
        case .double(let real): number = real
        default: return []
        }
        var found: [String] = []
        if let minimum = rules["minimum"].flatMap(Self.number), number < minimum {
            found.append("must be at least \(Self.text(minimum))")
        }
        if let maximum = rules["maximum"].flatMap(Self.number), number > maximum {
            found.append("must be at most \(Self.text(maximum))")
        }
        if let step = rules["multipleOf"].flatMap(Self.number), step > 0, (number / step).rounded() != number / step {
            found.append("must be a multiple of \(Self.text(step))")
        }
        return found
    }

    private static func arrayViolations(_ items: [JSONValue], _ rules: [String: JSONValue], at path: String)
        -> [SchemaViolation]
    {
        let field = path.isEmpty ? "body" : path
        var found: [SchemaViolation] = []
        if case .int(let minimum)? = rules["minItems"], items.count < minimum {
            found.append(
                SchemaViolation(field: field, message: "must have at least \(minimum) items", malformed: false))
        }
        if case .int(let maximum)? = rules["maxItems"], items.count > maximum {
            found.append(SchemaViolation(field: field, message: "must have at most \(maximum) items", malformed: false))
        }
        if rules["uniqueItems"] == .bool(true), Set(items.map(Self.key)).count < items.count {
            found.append(SchemaViolation(field: field, message: "must not repeat an item", malformed: false))
        }
        if let itemSchema = rules["items"] {
            for (index, item) in items.enumerated() {
                found += violations(of: item, against: itemSchema, at: FieldPath.index(path, index))
            }
        }
        return found
    }

    private static func objectViolations(_ members: [String: JSONValue], _ rules: [String: JSONValue], at path: String)
        -> [SchemaViolation]
    {
        var found: [SchemaViolation] = []
        let properties = rules["properties"]?.members ?? [:]
        if case .array(let required)? = rules["required"] {
            for case .string(let name) in required where members[name] == nil {
                found.append(
                    SchemaViolation(field: FieldPath.join(path, name), message: "is required", malformed: true))
            }
        }
        if case .int(let minimum)? = rules["minProperties"], members.count < minimum {
            let field = path.isEmpty ? "body" : path
            found.append(SchemaViolation(field: field, message: "needs at least \(minimum) members", malformed: false))
        }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            let memberPath = FieldPath.join(path, name)
            if let schema = properties[name] {
                found += violations(of: member, against: schema, at: memberPath)
            } else if rules["additionalProperties"] == .bool(false) {
                found.append(SchemaViolation(field: memberPath, message: "is not a known member", malformed: true))
            } else if let schema = rules["additionalProperties"], case .object = schema {
                found += violations(of: member, against: schema, at: memberPath)
            }
        }
        return found
    }

    /// The longest text a pattern is run over when its schema states no maxLength.
    static let longestPatternInput = 1_000

    /// Compiled patterns, by source; the schemas hold a handful.
    private static let patterns = LockedValue<[String: NSRegularExpression]>([:])

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        let compiled = patterns.withValue { cache -> NSRegularExpression? in
            if let known = cache[pattern] { return known }
            let made = try? NSRegularExpression(pattern: pattern)
            cache[pattern] = made
            return made
        }
        guard let compiled else { return true }
        return compiled.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let whole): return Double(whole)
        case .double(let real): return real
        default: return nil
        }
    }

    private static func text(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    /// A hashable spelling of a value, for `uniqueItems`.
    private static func key(_ value: JSONValue) -> String {
        (try? JSONCoding.encode(value, timeZone: .gmt)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
