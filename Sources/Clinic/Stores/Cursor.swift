import Foundation

/// The position after the last row of a page, for keyset pagination: the value of the sort column and the row id
/// that breaks ties (`WHERE (sort, id) > ($1, $2)`). Short JSON keys keep the cursor short in URLs.
struct KeysetKey: Codable, Sendable, Equatable, Hashable {
    var sort: String
    var id: UUID

    enum CodingKeys: String, CodingKey {
        case sort = "s"
        case id = "i"
    }
}

/// Opaque `?cursor=` values: a small Codable key as JSON (`JSONCoding`'s conventions) in base64url without padding.
/// Clients must not build or read cursors; the server must never trust one, so decoding any garbage gives nil
/// (a 400), never a crash.
enum KeysetCursor {
    /// Cursors longer than this are refused unread; real ones are well under 200 characters.
    static let maximumLength = 1024

    static func encode(_ key: some Encodable) -> String {
        guard let json = try? JSONCoding.encode(key, timeZone: .gmt) else { return "" }
        // base64url without padding, by bytes: every list page ends with one of these.
        var text: [UInt8] = []
        for byte in Data(json).base64EncodedString().utf8 {
            switch byte {
            case UInt8(ascii: "+"): text.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): text.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: text.append(byte)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func decode<Key: Decodable>(_ type: Key.Type, from cursor: String) -> Key? {
        let bytes = Array(cursor.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength, bytes.count % 4 != 1 else { return nil }
        var base64: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                base64.append(byte)
            case UInt8(ascii: "-"): base64.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): base64.append(UInt8(ascii: "/"))
            default: return nil
            }
        }
        base64 += repeatElement(UInt8(ascii: "="), count: (4 - bytes.count % 4) % 4)
        guard let data = Data(base64Encoded: Data(base64)) else { return nil }
        return try? JSONCoding.decoder().decode(Key.self, from: data)
    }

    /// Shorthand for the common key.
    static func decodeKey(_ cursor: String) -> KeysetKey? { decode(KeysetKey.self, from: cursor) }
}
