import ClinicSupport
import Foundation

/// A parameter value on its way to PostgreSQL: text or binary bytes with a type OID, or NULL.
package struct PostgresBind: Sendable {
    package var bytes: [UInt8]?
    /// The parameter type; 0 lets the server infer it from the statement.
    package var oid: UInt32
    var isBinary: Bool

    package init(text: String?, oid: UInt32 = 0) {
        self.bytes = text.map { Array($0.utf8) }
        self.oid = oid
        self.isBinary = false
    }

    package init(binary: [UInt8], oid: UInt32) {
        self.bytes = binary
        self.oid = oid
        self.isBinary = true
    }

    package static let null = PostgresBind(text: nil)
}

/// Well-known type OIDs of the built-in types we bind.
package enum PostgresOID {
    package static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    package static let int8: UInt32 = 20
    package static let int4: UInt32 = 23
    package static let text: UInt32 = 25
    package static let json: UInt32 = 114
    package static let float8: UInt32 = 701
    static let textArray: UInt32 = 1009
    package static let date: UInt32 = 1082
    package static let timestamptz: UInt32 = 1184
    package static let uuid: UInt32 = 2950
    static let uuidArray: UInt32 = 2951
    package static let jsonb: UInt32 = 3802
    static let int8Array: UInt32 = 1016
    package static let dateArray: UInt32 = 1182
}

/// A Swift value that can be bound as a query parameter.
package protocol PostgresEncodable: Sendable {
    var postgresBind: PostgresBind { get }
    /// The type sent with a NULL of this type, so `$1 IS NULL OR col = $1` still infers.
    static var nullOID: UInt32 { get }
}

extension PostgresEncodable {
    package static var nullOID: UInt32 { 0 }
}

/// A Swift value that can be read from a text-format result cell.
///
/// Public, with `PostgresRow`'s decoders, only so that other modules can specialise those decoders: Swift 6.3
/// does not specialise an `@inlinable` function in another module unless it and its types are public.
public protocol PostgresDecodable {
    init?(postgresText text: String)
    /// The same from the cell's bytes, read in place: worth writing for values longer than a small string (15
    /// bytes), which a `String` would put on the heap. By default, through `init?(postgresText:)`.
    init?(postgresBytes bytes: UnsafeBufferPointer<UInt8>)
}

extension PostgresDecodable {
    @inlinable
    public init?(postgresBytes bytes: UnsafeBufferPointer<UInt8>) {
        self.init(postgresText: String(decoding: bytes, as: UTF8.self))
    }
}

extension String: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.text }
    package var postgresBind: PostgresBind { PostgresBind(text: self, oid: PostgresOID.text) }
    public init?(postgresText text: String) { self = text }
}

extension Int: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.int8 }
    package var postgresBind: PostgresBind { PostgresBind(text: String(self), oid: PostgresOID.int8) }
    public init?(postgresText text: String) { self.init(text) }
}

extension Int64: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.int8 }
    package var postgresBind: PostgresBind { PostgresBind(text: String(self), oid: PostgresOID.int8) }
    public init?(postgresText text: String) { self.init(text) }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.int4 }
    package var postgresBind: PostgresBind { PostgresBind(text: String(self), oid: PostgresOID.int4) }
    public init?(postgresText text: String) { self.init(text) }
}

extension Double: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.float8 }
    package var postgresBind: PostgresBind {
        // Swift prints the shortest text that reads back exactly; PostgreSQL spells infinities in words.
        let text: String
        if isNaN { text = "NaN" } else if self == .infinity { text = "Infinity" } else if self == -.infinity {
            text = "-Infinity"
        } else { text = String(self) }
        return PostgresBind(text: text, oid: PostgresOID.float8)
    }
    public init?(postgresText text: String) {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default: self.init(text)
        }
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.bool }
    package var postgresBind: PostgresBind { PostgresBind(text: self ? "t" : "f", oid: PostgresOID.bool) }
    public init?(postgresText text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension UUID: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.uuid }
    package var postgresBind: PostgresBind { PostgresBind(text: UUIDText.lower(self), oid: PostgresOID.uuid) }
    public init?(postgresText text: String) {
        guard let id = UUIDText.parse(text) else { return nil }
        self = id
    }
    public init?(postgresBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let id = UUIDText.parse(utf8: bytes) else { return nil }
        self = id
    }
}

extension Date: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.timestamptz }
    /// Bound as an exact UTC timestamp with microseconds, the precision PostgreSQL keeps.
    package var postgresBind: PostgresBind {
        PostgresBind(text: PostgresTimestamp.format(self), oid: PostgresOID.timestamptz)
    }
    public init?(postgresText text: String) {
        guard let date = PostgresTimestamp.parse(text) else { return nil }
        self = date
    }
    public init?(postgresBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let date = PostgresTimestamp.parse(utf8: bytes) else { return nil }
        self = date
    }
}

/// Raw bytes, bound and read as `bytea`.
extension Data: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.bytea }
    package var postgresBind: PostgresBind { PostgresBind(binary: [UInt8](self), oid: PostgresOID.bytea) }
    public init?(postgresText text: String) {
        guard text.hasPrefix("\\x") else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity((text.utf8.count - 2) / 2)
        var high: UInt8?
        for char in text.utf8.dropFirst(2) {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else { return nil }
        self.init(bytes)
    }
}

/// A JSON document bound as `jsonb`: the text is sent as is and checked by the server.
package struct PostgresJSON: PostgresEncodable, PostgresDecodable, Sendable, Equatable {
    package static var nullOID: UInt32 { PostgresOID.jsonb }
    package var text: String
    package init(text: String) { self.text = text }
    /// Encodes any `Encodable` value with sorted keys, so equal values give equal documents.
    package init(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }
    package func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
    package var postgresBind: PostgresBind { PostgresBind(text: text, oid: PostgresOID.jsonb) }
    package init?(postgresText text: String) { self.text = text }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    package var postgresBind: PostgresBind {
        switch self {
        case .some(let value): return value.postgresBind
        case .none: return PostgresBind(text: nil, oid: Wrapped.nullOID)
        }
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    package static var nullOID: UInt32 { Element.arrayOID }
    /// Bound as a one-dimensional array literal, each element quoted.
    package var postgresBind: PostgresBind {
        var text = "{"
        for (index, element) in enumerated() {
            if index > 0 { text += "," }
            if let value = element.arrayElementText {
                text += "\""
                for char in value.unicodeScalars {
                    if char == "\"" || char == "\\" { text += "\\" }
                    text.unicodeScalars.append(char)
                }
                text += "\""
            } else {
                text += "NULL"
            }
        }
        text += "}"
        return PostgresBind(text: text, oid: Element.arrayOID)
    }
}

/// An element type that can be sent inside a PostgreSQL array.
package protocol PostgresArrayElement: Sendable {
    static var arrayOID: UInt32 { get }
    var arrayElementText: String? { get }
}

extension String: PostgresArrayElement {
    package static var arrayOID: UInt32 { PostgresOID.textArray }
    package var arrayElementText: String? { self }
}

extension UUID: PostgresArrayElement {
    package static var arrayOID: UInt32 { PostgresOID.uuidArray }
    package var arrayElementText: String? { UUIDText.lower(self) }
}

extension Int: PostgresArrayElement {
    package static var arrayOID: UInt32 { PostgresOID.int8Array }
    package var arrayElementText: String? { String(self) }
}

/// Parses PostgreSQL's text form of a one-dimensional array of text-like values: `{a,"b c",NULL}`.
package enum PostgresArrayText {
    package static func parse(_ text: String) -> [String?]? {
        var scalars = Array(text.unicodeScalars)
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        scalars = Array(scalars.dropFirst().dropLast())
        if scalars.isEmpty { return [] }
        var result: [String?] = []
        var index = 0
        while index <= scalars.count {
            var value = String.UnicodeScalarView()
            var quoted = false
            if index < scalars.count, scalars[index] == "\"" {
                quoted = true
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    value.append(scalars[index])
                    index += 1
                }
                index += 1  // closing quote
            } else {
                while index < scalars.count, scalars[index] != "," {
                    value.append(scalars[index])
                    index += 1
                }
            }
            let string = String(value)
            result.append(!quoted && string == "NULL" ? nil : string)
            index += 1  // comma
        }
        return result
    }
}
