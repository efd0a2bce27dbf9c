import ClinicDomain
import ClinicSupport
import Foundation

/// A value that writes its own JSON object, straight to bytes, for the items of the busiest lists (a week of slots
/// is fifty objects of twelve fields). `StreamingJSONEncoder` calls it instead of the value's `encode(to:)`:
/// through Codable every field went through a generic container's witnesses, and the encoder then sorted the
/// fields; that was a quarter of the server's CPU on a page of slots.
///
/// The fields must come out exactly as `encode(to:)` writes them through `JSONCoding.foundationEncoder`: keys in
/// sorted order (by Unicode scalars), optionals that are nil left out. The writer checks the order in debug builds,
/// and `StreamingJSONEncoderTests` compares the bytes of every conforming type with Foundation's.
protocol JSONObjectWriting: Encodable {
    func writeFields(to object: inout JSONObjectWriter)
}

/// The fields of one JSON object, written in key order. Keys are static ASCII names that need no escaping.
struct JSONObjectWriter {
    var out: [UInt8]
    private var count = 0
    #if DEBUG
        private var lastKey: StaticString?
    #endif

    init(out: [UInt8]) {
        self.out = out
    }

    private mutating func key(_ name: StaticString) {
        #if DEBUG
            if let lastKey {
                let (before, after) = (lastKey.description.unicodeScalars, name.description.unicodeScalars)
                assert(before.lexicographicallyPrecedes(after), "JSON keys out of order: \(lastKey) before \(name)")
            }
            lastKey = name
        #endif
        if count > 0 { out.append(UInt8(ascii: ",")) }
        count += 1
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        JSONString.append(value, to: &out)
    }

    mutating func field<Value: RawRepresentable<String>>(_ name: StaticString, _ value: Value) {
        field(name, value.rawValue)
    }

    mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        out += String(value).utf8
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        out += (value ? "true" : "false").utf8
    }

    mutating func field(_ name: StaticString, _ value: UUID) {
        key(name)
        quoted { UUIDText.appendUpper(value, to: &$0) }
    }

    mutating func field(_ name: StaticString, _ value: UUID?) {
        if let value { field(name, value) }
    }

    mutating func field(_ name: StaticString, _ value: ZonedInstant) {
        key(name)
        quoted { RFC3339.append(value.date, offsetSeconds: value.offsetSeconds, to: &$0) }
    }

    mutating func field(_ name: StaticString, _ value: LocalDate) {
        key(name)
        quoted { value.append(to: &$0) }
    }

    private mutating func quoted(_ body: (inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "\""))
        body(&out)
        out.append(UInt8(ascii: "\""))
    }
}
