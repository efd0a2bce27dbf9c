import ClinicHTTP
import ClinicSupport
import Foundation
import Testing

@testable import Clinic

/// `JSONValue(parsing:)` against Foundation's `JSONDecoder` decoding a `JSONValue` (what request bodies went through
/// before): the same texts accepted, read as the same values, the same texts refused.
@Suite struct JSONValueParsingTests {
    static func foundation(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    static func parsed(_ bytes: [UInt8]) -> JSONValue? { try? JSONValue(parsing: bytes) }

    @Test func readsWhatFoundationReadsOnChosenTexts() {
        let texts = [
            "null", "true", "false", "0", "-0", "1", "-1", "1.0", "-1.0", "1e2", "1E+2", "2.0e0", "1e-2", "2E-1", "1.5",
            "1.5e1", "9.3e18", "1e18", "1e308", "1e309", "-1e400", "1e-400", "0e0", "-0e-0", "-0.0",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "9223372036854775807.0", "-9223372036854775808.0", "12345678901234567890", "100000000000000000000000.0",
            "0.0000000000000000000001e22", "1" + String(repeating: "0", count: 400), "01", "-01", "-", "1.", ".5", "1e",
            "+1", "Infinity", "NaN", "tru", "nul", "", "  ", " 1 ", "\u{0B}1", "\u{0C}1", "1 2", "[1]x", "[1] ",
            "[]", "{}", "[]]", "[1,2", "[1,]", "[1 ,]", "[1, ]", "[,]", "[,1]", "[1,,2]", "{,}", "{\"a\":1,}",
            "{\"a\":1 , }", "{\"a\" :[ true , null]}", "{\"a\"}", "{1:2}", "[true false]", "{\"a\":1 \"b\":2}",
            "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":2,\"a\":3}", "{\"\":1}", "\"abc", "\"\\/\"", "\"\\u00e9\"", "\"é\"",
            "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\uD800\\u0041\"", "\"\\u12\"", "\"\\U0041\"",
            "\"\\x\"", "\"\\u0000\"", "\"\\b\\f\\n\\r\\t\\\"\\\\\"", "\"a\u{01}b\"", "\"a\tb\"", "\"\u{7F}\"",
            "\u{FEFF}{}", "\u{FEFF}\u{FEFF}1", "1\u{FEFF}", "[\"a\", {\"b\": [1, 2.5, \"c\"]}]",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            #expect(Self.parsed(bytes) == Self.foundation(bytes), "\(text.debugDescription)")
        }
    }

    @Test func readsWhatFoundationReadsOnBytesThatAreNotUTF8() {
        let strings: [[UInt8]] = [
            [0xFF], [0xC3], [0xC3, 0xA9], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80],
            [0xF0, 0x9F, 0x98],
            [0xE2, 0x82, 0xAC],
        ]
        for inner in strings {
            for bytes in [[0x22] + inner + [0x22], [0x22, 0x5C, 0x6E] + inner + [0x22]] {
                #expect(Self.parsed(bytes) == Self.foundation(bytes), "\(bytes)")
            }
        }
    }

    @Test func nestsAsDeeplyAsFoundationAndNoDeeper() {
        for depth in [511, 512, 513, 5000] {
            let arrays = Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
            #expect((Self.parsed(arrays) != nil) == (depth <= JSONValue.maximumDepth))
            #expect(Self.parsed(arrays) == Self.foundation(arrays), "arrays \(depth)")
            let objects = Array(
                (String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)).utf8)
            #expect(Self.parsed(objects) == Self.foundation(objects), "objects \(depth)")
        }
    }

    /// Random documents, written with random spacing, escapes and trailing commas, then each broken a few ways (a byte
    /// dropped, changed or doubled): Foundation and the parser agree on every one.
    @Test func readsWhatFoundationReadsOnGeneratedTexts() {
        var random = SplitMix64(seed: 23)
        var accepted = 0
        var refused = 0
        for _ in 0..<400 {
            let text = Array(Self.document(depth: 0, &random).utf8)
            var variants = [text]
            for _ in 0..<6 where !text.isEmpty {
                var broken = text
                let at = Int.random(in: 0..<broken.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: broken.remove(at: at)
                case 1: broken[at] = Self.alphabet.randomElement(using: &random)!
                default: broken.insert(broken[at], at: at)
                }
                variants.append(broken)
            }
            for bytes in variants {
                let expected = Self.foundation(bytes)
                #expect(Self.parsed(bytes) == expected, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
                if expected == nil { refused += 1 } else { accepted += 1 }
            }
        }
        // Both kinds in number, so the comparison says something about each.
        #expect(
            accepted + refused == 2800 && accepted > 500 && refused > 500, "\(accepted) accepted, \(refused) refused")
    }

    static let alphabet = Array("{}[]\",:\\ -+.0123456789eEtrufalsn\u{01}\t".utf8) + [0xC3, 0xFF]

    static func document(depth: Int, _ random: inout SplitMix64) -> String {
        let space = { (random: inout SplitMix64) in [" ", "", "\n", "\t", "  "].randomElement(using: &random)! }
        switch Int.random(in: 0..<(depth > 3 ? 6 : 9), using: &random) {
        case 0: return "null"
        case 1: return Bool.random(using: &random) ? "true" : "false"
        case 2: return String(Int.random(in: -1_000_000...1_000_000, using: &random))
        case 3:
            return ["1.5", "-0.25", "3e2", "1E-3", "2.0", "1e400", "12345678901234567890", "-7.0e1"]
                .randomElement(using: &random)!
        case 4, 5: return string(&random)
        case 6:
            let count = Int.random(in: 0...3, using: &random)
            let elements = (0..<count).map { _ in space(&random) + document(depth: depth + 1, &random) }
            let trailing = count > 0 && Int.random(in: 0..<4, using: &random) == 0 ? "," : ""
            return "[" + elements.joined(separator: ",") + trailing + space(&random) + "]"
        default:
            let count = Int.random(in: 0...3, using: &random)
            let members = (0..<count).map { _ in
                space(&random) + string(&random) + space(&random) + ":" + document(depth: depth + 1, &random)
            }
            let trailing = count > 0 && Int.random(in: 0..<4, using: &random) == 0 ? "," : ""
            return "{" + members.joined(separator: ",") + trailing + space(&random) + "}"
        }
    }

    static func string(_ random: inout SplitMix64) -> String {
        let pieces = ["a", "é", "ཀ", "中", "😀", "\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00", "\\/", " ", "key"]
        let count = Int.random(in: 0...4, using: &random)
        return "\"" + (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined() + "\""
    }
}

@Suite struct DeclaresJSONTests {
    @Test func readsTheMediaTypeOfContentType() throws {
        let json = [
            "application/json", "Application/JSON", "application/json; charset=utf-8", " application/json ;x=y",
            "\tapplication/json\t", "application/problem+json", "application/merge-patch+JSON;charset=utf-8",
        ]
        let other = [
            "", "text/plain", "application/jsonx", "application/x-www-form-urlencoded", ";application/json",
            "application/json-seq", "json",
        ]
        for (values, declares) in [(json, true), (other, false)] {
            for value in values {
                let request = try HTTPRequest(method: .post, target: "/v1/x", headers: ["Content-Type": value])
                #expect(request.declaresJSON == declares, "\(value.debugDescription)")
            }
        }
        #expect(try HTTPRequest(method: .post, target: "/v1/x").declaresJSON == false)
        let form = try HTTPRequest(
            method: .post, target: "/console/x",
            headers: ["Content-Type": " Application/X-WWW-Form-Urlencoded ; charset=UTF-8"])
        #expect(form.mediaType == "application/x-www-form-urlencoded")
    }
}
