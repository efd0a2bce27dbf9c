import Foundation
import Testing

@testable import Clinic

@Suite struct CursorTests {
    static let id = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!

    @Test func roundTripsAKey() throws {
        let key = KeysetKey(sort: "2026-12-01T09:30:00+08:00", id: Self.id)
        let cursor = KeysetCursor.encode(key)
        #expect(KeysetCursor.decodeKey(cursor) == key)
        #expect(KeysetCursor.decode(KeysetKey.self, from: cursor) == key)
    }

    @Test func isURLSafeWithoutPadding() {
        for length in 0..<40 {
            let cursor = KeysetCursor.encode(KeysetKey(sort: String(repeating: "?>", count: length), id: Self.id))
            #expect(!cursor.contains("="))
            #expect(!cursor.contains("+"))
            #expect(!cursor.contains("/"))
            #expect(KeysetCursor.decodeKey(cursor)?.sort.count == length * 2)
        }
    }

    @Test func keepsTibetanAndChineseSortValues() {
        let key = KeysetKey(sort: "བཀྲ་ཤིས་ 扎西", id: Self.id)
        #expect(KeysetCursor.decodeKey(KeysetCursor.encode(key)) == key)
    }

    @Test func isStableForTheSameKey() {
        let key = KeysetKey(sort: "a", id: Self.id)
        #expect(KeysetCursor.encode(key) == KeysetCursor.encode(key))
        #expect(KeysetCursor.encode(key) == "eyJpIjoiNkY5NjE5RkYtOEI4Ni1EMDExLUI0MkQtMDBDMDRGQzk2NEZGIiwicyI6ImEifQ")
    }

    @Test func otherCodableKeysWork() {
        struct DateKey: Codable, Equatable {
            var date: String
            var rank: Int
        }
        let key = DateKey(date: "2026-12-01", rank: 3)
        #expect(KeysetCursor.decode(DateKey.self, from: KeysetCursor.encode(key)) == key)
        #expect(KeysetCursor.decode(DateKey.self, from: KeysetCursor.encode(KeysetKey(sort: "x", id: Self.id))) == nil)
    }

    @Test(arguments: [
        "", "=", "!!!!", "a", "abcde", "eyJ", "e30", "bnVsbA", "W10", "eyJzIjoiYSJ9",
        "eyJpIjoibm90LWEtdXVpZCIsInMiOiJhIn0",
        "eyJpIjoiNkY5NjE5RkYtOEI4Ni1EMDExLUI0MkQtMDBDMDRGQzk2NEZGIiwicyI6ImEifQ==",
        "eyJpIjoiNkY5NjE5RkYtOEI4Ni1EMDExLUI0MkQtMDBDMDRGQzk2NEZGIiwicyI6ImEifQ ", "བཀྲ", "%00", "a+b/c",
    ])
    func garbageDecodesToNil(cursor: String) {
        #expect(KeysetCursor.decodeKey(cursor) == nil)
    }

    @Test func overlongCursorIsRefusedUnread() {
        let key = KeysetKey(sort: String(repeating: "x", count: 2000), id: Self.id)
        let cursor = KeysetCursor.encode(key)
        #expect(cursor.utf8.count > KeysetCursor.maximumLength)
        #expect(KeysetCursor.decodeKey(cursor) == nil)
    }

    @Test func randomInputNeverCrashes() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("ABCxyz0189-_+/=!{}\"é藏 ")
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...64, using: &random)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            _ = KeysetCursor.decodeKey(text)
        }
        let bytes = (0..<5_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        for start in stride(from: 0, to: bytes.count - 48, by: 7) {
            let base64 = Data(bytes[start..<start + 48]).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            #expect(KeysetCursor.decodeKey(base64) == nil)
        }
    }
}
