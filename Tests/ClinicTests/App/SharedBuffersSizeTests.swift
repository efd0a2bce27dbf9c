import Testing

@testable import Clinic

/// The private cluster's page cache: a quarter of the memory, never under PostgreSQL's 128MB default nor over 8GB.
@Suite struct SharedBuffersSizeTests {
    static let gibibyte: UInt64 = 1024 * 1024 * 1024

    @Test func aQuarterOfTheMemory() {
        #expect(SharedBuffersSize.megabytes(forMemory: 24 * Self.gibibyte) == 6 * 1024)
        #expect(SharedBuffersSize.megabytes(forMemory: 2 * Self.gibibyte) == 512)
    }

    @Test func neverUnderTheDefaultNorOverEightGigabytes() {
        #expect(SharedBuffersSize.megabytes(forMemory: 256 * 1024 * 1024) == 128)
        #expect(SharedBuffersSize.megabytes(forMemory: 0) == 128)
        #expect(SharedBuffersSize.megabytes(forMemory: 256 * Self.gibibyte) == 8 * 1024)
        #expect(SharedBuffersSize.megabytes(forMemory: .max) == 8 * 1024)
    }

    @Test func thisMachineIsWithinTheBounds() {
        let megabytes = SharedBuffersSize.forThisMachine()
        #expect((128...8192).contains(megabytes))
    }
}
