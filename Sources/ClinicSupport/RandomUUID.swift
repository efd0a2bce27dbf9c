import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension UUID {
    /// A new random (version 4) UUID from the kernel's CSPRNG. Use it, not `UUID()`: on Linux, Foundation opens,
    /// reads and closes `/dev/urandom` for every UUID, six of the eighteen system calls a booking made (issue 23).
    /// The bytes come 256 at a time (`getentropy`, one system call for sixteen UUIDs) and each is handed out once.
    package static func random() -> UUID {
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { RandomBytes.shared.take(into: $0) }
        raw.6 = (raw.6 & 0x0F) | 0x40  // version 4: random
        raw.8 = (raw.8 & 0x3F) | 0x80  // the RFC 4122 variant
        return UUID(uuid: raw)
    }
}

/// Kernel randomness fetched in blocks and handed out in pieces, each byte once, under a lock.
final class RandomBytes: @unchecked Sendable {
    static let shared = RandomBytes()

    /// `getentropy`'s limit for one call.
    private static let blockSize = 256
    private let lock = NSLock()
    private var block = [UInt8](repeating: 0, count: RandomBytes.blockSize)
    private var used = RandomBytes.blockSize

    /// Fills `out` (at most a block) with bytes no one else was given.
    func take(into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count <= Self.blockSize)
        lock.withLock {
            if used + out.count > Self.blockSize {
                refill()
                used = 0
            }
            block.withUnsafeBytes { bytes in
                out.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[used..<used + out.count]))
            }
            used += out.count
        }
    }

    private func refill() {
        let status = block.withUnsafeMutableBytes { getentropy($0.baseAddress, $0.count) }
        // getentropy fails only for a size over 256 or a kernel without getrandom(2) (before Linux 3.17).
        precondition(status == 0, "getentropy failed: errno \(errno)")
    }
}
