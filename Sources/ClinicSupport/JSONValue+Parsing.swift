/// JSON text read straight into a `JSONValue`, accepting and reading exactly what Foundation's `JSONDecoder` does when
/// it decodes a `JSONValue` (the tests compare the two on hand-picked and generated texts), at a fraction of the
/// cost: the decoder found each value's kind by trying and failing the others in turn, an error thrown per attempt.
///
/// What Foundation accepts beyond RFC 8259, and so this does too: one leading byte-order mark, a trailing comma in an
/// array or object (`[1,]`, `{"a":1,}`). Where they differ in reading: a repeated key keeps its first value; a number
/// with a fraction or exponent that is a whole number within `Int` (`1.0`, `1e2`) is `.int`; a number that is not
/// finite as a `Double` (`1e400`) is refused. Containers nest at most 512 deep.
extension JSONValue {
    package struct ParseError: Error, Equatable, CustomStringConvertible {
        /// The byte offset where reading stopped.
        package let offset: Int
        package let reason: String
        package var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    package static let maximumDepth = 512

    package init(parsing bytes: [UInt8]) throws(ParseError) {
        var result: Result<JSONValue, ParseError> = .success(.null)
        bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            result = Result { () throws(ParseError) in try reader.document() }
        }
        self = try result.get()
    }

    package init(parsing text: String) throws(ParseError) {
        try self.init(parsing: Array(text.utf8))
    }
}

/// A single pass over the bytes; `index` is the next byte to read.
private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func fail(_ reason: String) -> JSONValue.ParseError { JSONValue.ParseError(offset: index, reason: reason) }

    mutating func document() throws(JSONValue.ParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let value = try self.value()
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected text after the value") }
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func value() throws(JSONValue.ParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONValue.ParseError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw fail("unexpected end of text") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw fail("unexpected character")
        }
        index += count
    }

    mutating func enter() throws(JSONValue.ParseError) {
        depth += 1
        guard depth <= JSONValue.maximumDepth else { throw fail("nested too deeply") }
    }

    /// After a container's opening bracket or a comma: true if the container closes here (empty, or a trailing comma).
    mutating func closes(_ bracket: UInt8) throws(JSONValue.ParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of text") }
        guard bytes[index] == bracket else { return false }
        index += 1
        depth -= 1
        return true
    }

    mutating func array() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        if try closes(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try value())
        } while try !ends(UInt8(ascii: "]"))
        return .array(elements)
    }

    mutating func object() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        index += 1
        var members: [String: JSONValue] = [:]
        if try closes(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected :") }
            index += 1
            let member = try value()
            if members[key] == nil { members[key] = member }  // the first of a repeated key, as Foundation
        } while try !ends(UInt8(ascii: "}"))
        return .object(members)
    }

    /// After a member of a container: true if the container closes (directly or after a trailing comma), false
    /// after a comma that another member follows.
    mutating func ends(_ bracket: UInt8) throws(JSONValue.ParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of text") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return try closes(bracket)
        case bracket:
            index += 1
            depth -= 1
            return true
        default: throw fail("expected , or \(Character(Unicode.Scalar(bracket)))")
        }
    }

    /// A string from its opening quote; its bytes must be valid UTF-8 and free of control characters.
    mutating func string() throws(JSONValue.ParseError) -> String {
        index += 1
        let start = index
        // The common case, no escapes: the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try validated(start..<index)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("a control character in a string") }
            index += 1
        }
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw fail("a string that is not UTF-8")
                }
                index += 1
                return text
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &utf8)
            case ..<0x20:
                throw fail("a control character in a string")
            default:
                utf8.append(byte)
                index += 1
            }
        }
        throw fail("unexpected end of text")
    }

    func validated(_ range: Range<Int>) throws(JSONValue.ParseError) -> String {
        guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
            throw fail("a string that is not UTF-8")
        }
        return text
    }

    /// One escape after its backslash, appended as UTF-8.
    mutating func escape(into utf8: inout [UInt8]) throws(JSONValue.ParseError) {
        guard index < bytes.count else { throw fail("unexpected end of text") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xD800...0xDBFF).contains(scalar) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else { throw fail("a lone surrogate") }
                index += 2
                let low = UInt32(try hex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail("a lone surrogate") }
            utf8.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw fail("an unknown escape")
        }
    }

    mutating func hex4() throws(JSONValue.ParseError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw fail("unexpected end of text") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("a bad \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`: an `Int` when it is written as one and fits, or when
    /// it has a fraction or exponent but is a whole number strictly within `Int`'s range; otherwise a finite `Double`.
    mutating func number() throws(JSONValue.ParseError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("a bad number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("a bad number") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("a bad number") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral, let value = Int(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { throw fail("a number out of range") }
        if !integral, value.rounded(.towardZero) == value, value > -0x1p63, value < 0x1p63 {
            return .int(Int(value))
        }
        return .double(value)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
}
