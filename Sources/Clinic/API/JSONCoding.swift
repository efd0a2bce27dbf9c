import ClinicDomain
import Foundation

/// The API's JSON conventions in one place: lowerCamelCase keys as declared, instants as RFC 3339 with the
/// clinic's offset, dates as `YYYY-MM-DD` (by `LocalDate`'s own coding), sorted keys for stable output.
enum JSONCoding {
    /// `value` as JSON bytes: what every response body and stored JSON goes through.
    static func encode<T: Encodable>(_ value: T, timeZone: TimeZone) throws -> [UInt8] {
        try StreamingJSONEncoder(timeZone: timeZone).encode(value)
    }

    /// Foundation's encoder with the same conventions: the reference `encode` is tested against, and what it
    /// falls back to for values it does not write itself.
    static func foundationEncoder(timeZone: TimeZone) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date, timeZone: timeZone))
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an RFC 3339 instant with offset, e.g. 2026-12-01T09:30:00+08:00")
            }
            return date
        }
        return decoder
    }

    /// The dotted path of a decoding error (`vitals.systolic`, `diagnoses[0].text`) and a message for the client.
    static func describe(_ error: DecodingError) -> FieldError {
        func path(_ codingPath: [any CodingKey], _ extra: (any CodingKey)? = nil) -> String {
            var text = ""
            for key in codingPath + (extra.map { [$0] } ?? []) {
                if let index = key.intValue {
                    text = FieldPath.index(text, index)
                } else {
                    text = FieldPath.join(text, key.stringValue)
                }
            }
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context.codingPath, key), message: "is required")
        case .valueNotFound(let type, let context):
            return FieldError(field: path(context.codingPath), message: "must not be null (expected \(describe(type)))")
        case .typeMismatch(let type, let context):
            return FieldError(field: path(context.codingPath), message: "expected \(describe(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return FieldError(field: "body", message: "is not valid JSON")
            }
            return FieldError(field: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return FieldError(field: "body", message: "could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int32.Type, is Int64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is Array<Any>.Type: return "an array"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }
}
