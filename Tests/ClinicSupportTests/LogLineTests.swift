import Foundation
import Testing

@testable import ClinicSupport

/// The hand-built log line must stay valid JSON whatever a field holds.
@Suite struct LogLineTests {
    @Test(arguments: [
        "plain", "quote \" backslash \\ slash /", "line\nbreak\ttab\r", "\u{01}\u{1F}\u{08}\u{0C}", "卓玛 བཀྲ་ཤིས་", "",
    ])
    func escapedStringsReadBackUnchanged(_ text: String) throws {
        var line: [UInt8] = []
        JSONString.append(text, to: &line, escapingSlash: true)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(String(decoding: line, as: UTF8.self))]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    @Test func timestampIsISO8601InUTC() {
        let stamp = Log.timestamp()
        #expect(stamp.count == 20 && stamp.hasSuffix("Z"))
        #expect(ISO8601DateFormatter().date(from: stamp) != nil)
    }
}
