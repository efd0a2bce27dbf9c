import Foundation
import Testing

@testable import ClinicSupport

/// HMAC-SHA256 against the test vectors of RFC 4231 (section 4), keys shorter than, equal to and longer than a block.
@Suite struct HMACTests {
    static func bytes(_ byte: UInt8, _ count: Int) -> [UInt8] { [UInt8](repeating: byte, count: count) }

    static let vectors: [(name: String, key: [UInt8], data: [UInt8], mac: String)] = [
        (
            "1", bytes(0x0b, 20), Array("Hi There".utf8),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            "2", Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            "3", bytes(0xaa, 20), bytes(0xdd, 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        (
            "4", Array(1...25), bytes(0xcd, 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        (
            "6", bytes(0xaa, 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            "7", bytes(0xaa, 131),
            Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. The key needs"
                    + " to be hashed before being used by the HMAC algorithm.").utf8),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test func rfc4231Vectors() {
        for vector in Self.vectors {
            #expect(HMACSHA256.hex(vector.data, key: vector.key) == vector.mac, "test case \(vector.name)")
        }
        // Test case 5 is truncated to 128 bits.
        let truncated = HMACSHA256.hex(Array("Test With Truncation".utf8), key: Self.bytes(0x0c, 20)).prefix(32)
        #expect(truncated == "a3b6167473100ee06e0c796c2955552b")
    }
}
