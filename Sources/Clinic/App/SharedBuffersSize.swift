import Foundation

/// How much of the machine's memory a new private cluster gives PostgreSQL's page cache (`shared_buffers`):
/// a quarter of what this process may use (the machine's memory, or a container's limit when lower), PostgreSQL's
/// own advice for a dedicated server, never under its default of 128MB and never over 8GB.
///
/// One health room's database fits in 128MB; a county's 20 does not, and a room's export then read a third of its
/// pages back from the kernel after the other rooms' searches had evicted them (BENCHMARKS.md, "Reads at county
/// size"). Only a cluster's first start writes it; `ALTER SYSTEM SET shared_buffers` overrides it.
enum SharedBuffersSize {
    static let floorMegabytes = 128
    static let ceilingMegabytes = 8 * 1024

    /// Megabytes for a machine (or container) of `memoryBytes`.
    static func megabytes(forMemory memoryBytes: UInt64) -> Int {
        let quarter = memoryBytes / 4 / (1024 * 1024)
        return Int(min(max(quarter, UInt64(floorMegabytes)), UInt64(ceilingMegabytes)))
    }

    /// Megabytes for this machine.
    static func forThisMachine() -> Int {
        megabytes(forMemory: min(ProcessInfo.processInfo.physicalMemory, containerLimit() ?? .max))
    }

    /// The memory limit of this process's control group (v2, then v1), if one is set.
    static func containerLimit() -> UInt64? {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                let limit = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines))
            else { continue }
            return limit
        }
        return nil
    }
}
