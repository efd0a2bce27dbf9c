/// HMAC-SHA256 (RFC 2104) over `SHA256`: signs what the server sends a notification gateway, so the gateway can tell
/// the server's requests from anyone else's.
package enum HMACSHA256 {
    /// SHA-256's block size: a longer key is hashed first, a shorter one padded with zeros.
    static let blockSize = 64

    package static func authenticate(_ message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> [UInt8] {
        var block = Array(key)
        if block.count > blockSize { block = SHA256.hash(block) }
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.hash(block.map { $0 ^ 0x36 } + Array(message))
        return SHA256.hash(block.map { $0 ^ 0x5c } + inner)
    }

    /// The MAC as lower-case hex, as the `X-Clinic-Signature` header carries it.
    package static func hex(_ message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> String {
        authenticate(message, key: key).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
