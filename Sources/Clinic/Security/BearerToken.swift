import ClinicSupport
import Foundation

/// Bearer tokens: 256 random bits as 43 characters of base64url. Only their SHA-256 is stored, so the token
/// table alone lets nobody sign in; a 256-bit secret needs no slow hash.
enum BearerToken {
    static let length = 43

    /// A fresh token from the system's CSPRNG (`getrandom` on Linux).
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        return base64URL(bytes)
    }

    /// True for text shaped like a token we issued; anything else is refused without a database round trip.
    static func isWellFormed(_ token: String) -> Bool {
        let bytes = Array(token.utf8)
        return bytes.count == length && bytes.allSatisfy(isBase64URL)
    }

    /// The token of an `Authorization: Bearer <token>` header value (scheme case-insensitive, RFC 6750), or nil.
    static func fromAuthorizationHeader(_ value: String) -> String? {
        let parts = value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = String(parts[1])
        return isWellFormed(token) ? token : nil
    }

    /// The stored form: SHA-256 of the token's text.
    static func hash(_ token: String) -> Data { Data(SHA256.hash(Array(token.utf8))) }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }
}
