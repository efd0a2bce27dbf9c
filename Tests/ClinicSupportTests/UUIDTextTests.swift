import Foundation
import Testing

@testable import ClinicSupport

@Suite struct UUIDTextTests {
    @Test func readsAndWritesWhatFoundationDoes() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(UUIDText.parse(id.uuidString) == id)
            #expect(UUIDText.parse(id.uuidString.lowercased()) == id)
            var out: [UInt8] = []
            UUIDText.appendUpper(id, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == id.uuidString)
            #expect(UUIDText.upper(id) == id.uuidString)
            #expect(UUIDText.lower(id) == id.uuidString.lowercased())
        }
        #expect(UUIDText.parse("00000000-0000-4000-8000-00000000000a") == UUID(uuidString: "00000000-0000-4000-8000-00000000000A"))
    }

    @Test func refusesWhatIsNotAUUID() {
        for text in [
            "", "not a uuid", "00000000-0000-4000-8000-00000000000", "00000000-0000-4000-8000-00000000000ab",
            "000000000000-4000-8000-0000-00000000", "00000000-0000-4000-8000-00000000000g",
            "{00000000-0000-4000-8000-000000000000}", "00000000_0000_4000_8000_000000000000",
            "0000000０-0000-4000-8000-000000000000",
            // the bytes beside the digits and letters: each just outside a range the parser accepts
            "/0000000-0000-4000-8000-000000000000", "0000000:-0000-4000-8000-000000000000",
            "00000000-@000-4000-8000-000000000000", "00000000-0000-`000-8000-000000000000",
            "00000000-0000-4000-G000-000000000000", "00000000-0000-4000-8000-00000000000g",
        ] {
            #expect(UUIDText.parse(text) == nil, "\(text)")
            #expect(UUID(uuidString: text) == nil, "Foundation agrees on \(text)")
        }
    }
}
