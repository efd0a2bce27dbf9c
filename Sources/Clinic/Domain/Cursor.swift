import Foundation

/// The position after the last row of a page, for keyset pagination: the value of the sort column and the row id
/// that breaks ties (`WHERE (sort, id) > ($1, $2)`). Short JSON keys keep the cursor short in URLs.
public struct KeysetKey: Codable, Sendable, Equatable, Hashable {
    public var sort: String
    public var id: UUID

    public init(sort: String, id: UUID) {
        self.sort = sort
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case sort = "s"
        case id = "i"
    }
}

/// Opaque `?cursor=` values: a small Codable key as JSON in base64url without padding.
/// Clients must not build or read cursors; the server must never trust one, so decoding any garbage gives nil
/// (a 400), never a crash.
public enum KeysetCursor {
    /// Cursors longer than this are refused unread; real ones are well under 200 characters.
    public static let maximumLength = 1024

    public static func encode(_ key: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(key) else { return "" }
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode<Key: Decodable>(_ type: Key.Type, from cursor: String) -> Key? {
        let bytes = Array(cursor.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength, bytes.count % 4 != 1 else { return nil }
        let isBase64URL = bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_")
        }
        guard isBase64URL else { return nil }
        let padded =
            cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            + String(repeating: "=", count: (4 - bytes.count % 4) % 4)
        guard let data = Data(base64Encoded: padded) else { return nil }
        return try? JSONDecoder().decode(Key.self, from: data)
    }

    /// Shorthand for the common key.
    public static func decodeKey(_ cursor: String) -> KeysetKey? { decode(KeysetKey.self, from: cursor) }
}
