import Foundation
import Testing

@testable import ClinicDomain

/// How a printed page says when it was made: the instant's own wall clock, to the minute.
@Suite struct ZonedInstantTests {
    @Test func minuteTextIsTheWallClockOfTheInstantsOffset() throws {
        let instant = try #require(ZonedInstant(rfc3339: "2026-12-07T17:49:33.680099Z"))
        #expect(ZonedInstant(instant.date, offsetSeconds: 8 * 3600).minuteText == "2026-12-08 01:49")
        #expect(instant.minuteText == "2026-12-07 17:49")
        #expect(ZonedInstant(instant.date, offsetSeconds: -5 * 3600).minuteText == "2026-12-07 12:49")
        // Before 1970 and just before midnight: the day is the one before, not a negative remainder.
        #expect(ZonedInstant(Date(timeIntervalSince1970: -30), offsetSeconds: 0).minuteText == "1969-12-31 23:59")
        #expect(ZonedInstant(Date(timeIntervalSince1970: 0), offsetSeconds: 0).minuteText == "1970-01-01 00:00")
        #expect(ZonedInstant(instant.date, offsetSeconds: 8 * 3600).clockText == "01:49")
    }
}
