import Foundation
import Testing

@testable import ClinicSupport

@Suite struct RandomUUIDTests {
    @Test func isAVersionFourUUIDInFoundationsText() {
        for _ in 0..<1_000 {
            let text = UUID.random().uuidString
            let version = text[text.index(text.startIndex, offsetBy: 14)]
            let variant = text[text.index(text.startIndex, offsetBy: 19)]
            #expect(version == "4", "\(text)")
            #expect("89AB".contains(variant), "\(text)")
            #expect(UUID(uuidString: text) != nil)
        }
    }

    /// Many blocks' worth from several threads at once: no UUID twice, and each of the 122 random bits is set about
    /// half of the time (a byte handed out twice, a block not refilled or a stuck bit would show).
    @Test func neverRepeatsAndEveryRandomBitVaries() async {
        let perTask = 5_000
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<8 { group.addTask { (0..<perTask).map { _ in UUID.random() } } }
            var all: [UUID] = []
            for await some in group { all += some }
            return all
        }
        #expect(ids.count == 8 * perTask)
        #expect(Set(ids).count == ids.count)

        var setBits = [Int](repeating: 0, count: 128)
        for id in ids {
            withUnsafeBytes(of: id.uuid) { bytes in
                for bit in 0..<128 where bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0 { setBits[bit] += 1 }
            }
        }
        let fixed: Set<Int> = [48, 49, 50, 51, 64, 65]  // the version's four bits and the variant's two
        for bit in 0..<128 where !fixed.contains(bit) {
            let share = Double(setBits[bit]) / Double(ids.count)
            #expect(share > 0.47 && share < 0.53, "bit \(bit) set in \(share) of the UUIDs")
        }
        #expect(setBits[49] == ids.count && setBits[48] == 0 && setBits[50] == 0 && setBits[51] == 0)
        #expect(setBits[64] == ids.count && setBits[65] == 0)
    }

    /// Pieces that do not divide the block: none overlaps another, across refills.
    @Test func handsOutEachPieceOnce() {
        let source = RandomBytes()
        var seen = Set<[UInt8]>()
        for _ in 0..<2_000 {
            var piece = [UInt8](repeating: 0, count: 24)
            piece.withUnsafeMutableBytes { source.take(into: $0) }
            #expect(seen.insert(piece).inserted)
        }
    }
}
