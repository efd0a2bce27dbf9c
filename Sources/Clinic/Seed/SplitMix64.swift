/// SplitMix64: a small deterministic generator, the same on every platform, so a seed always gives the same
/// demo clinic (and a property test fails the same way every run).
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func int(in range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func pick<T>(_ values: [T]) -> T { values[int(in: 0..<values.count)] }
    mutating func sample<T>(_ values: [T], count: Int) -> [T] {
        var pool = values
        var chosen: [T] = []
        for _ in 0..<min(count, pool.count) { chosen.append(pool.remove(at: int(in: 0..<pool.count))) }
        return chosen
    }
}
