import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

@Suite struct RFC3339Tests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    @Test func formatsInTheClinicOffset() {
        let instant = Date(timeIntervalSince1970: 1_796_088_600)  // 2026-12-01T01:30:00Z
        #expect(RFC3339.format(instant, timeZone: shanghai) == "2026-12-01T09:30:00+08:00")
        #expect(RFC3339.format(instant, timeZone: TimeZone(identifier: "UTC")!) == "2026-12-01T01:30:00Z")
        #expect(RFC3339.format(instant, timeZone: TimeZone(secondsFromGMT: -(3 * 3600 + 1800))!) == "2026-11-30T22:00:00-03:30")
    }

    @Test func keepsMicroseconds() {
        let instant = Date(timeIntervalSince1970: 1_796_088_600.123456)
        let text = RFC3339.format(instant, timeZone: shanghai)
        #expect(text == "2026-12-01T09:30:00.123456+08:00")
        #expect(RFC3339.parse(text).map { abs($0.timeIntervalSince(instant)) < 0.000_001 } == true)
    }

    @Test func formatsInstantsBeforeTheEpoch() {
        let instant = Date(timeIntervalSince1970: -1.5)
        #expect(RFC3339.format(instant, timeZone: TimeZone(identifier: "UTC")!) == "1969-12-31T23:59:58.5Z")
    }

    /// A year of five digits is written plainly, as `LocalDate` writes it (the API accepts none such).
    @Test func formatsAYearPast9999Plainly() {
        let instant = Date(timeIntervalSince1970: 253_402_300_800)
        #expect(RFC3339.format(instant, timeZone: TimeZone(identifier: "UTC")!) == "10000-01-01T00:00:00Z")
    }

    @Test func parsesOffsetsAndZulu() {
        let expected = Date(timeIntervalSince1970: 1_796_088_600)
        #expect(RFC3339.parse("2026-12-01T09:30:00+08:00") == expected)
        #expect(RFC3339.parse("2026-12-01T01:30:00Z") == expected)
        #expect(RFC3339.parse("2026-12-01T01:30:00.5Z") == expected.addingTimeInterval(0.5))
        #expect(RFC3339.parse("2026-12-01T01:30:00.1234567890Z") != nil)
    }

    @Test(arguments: [
        "", "2026-12-01", "2026-12-01T09:30:00", "2026-12-01 09:30:00Z", "2026-13-01T09:30:00Z",
        "2026-12-01T25:30:00Z", "2026-12-01T09:30:00+8:00", "2026-12-01T09:30:00.Z", "2026-12-01T09:30:00Zjunk",
        "2026-02-30T09:30:00Z", "abcd-12-01T09:30:00Z",
    ])
    func refusesMalformedInstants(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func decodingErrorsNameTheField() throws {
        struct Vitals: Decodable { var systolic: Int }
        struct Body: Decodable { var vitals: Vitals; var takenAt: Date }
        let decoder = JSONCoding.decoder()
        do {
            _ = try decoder.decode(Body.self, from: Data(#"{"vitals":{"systolic":"high"},"takenAt":"2026-12-01T09:30:00Z"}"#.utf8))
            Issue.record("decoded a string as a number")
        } catch let error as DecodingError {
            #expect(JSONCoding.describe(error) == FieldError(field: "vitals.systolic", message: "expected a whole number"))
        }
        do {
            _ = try decoder.decode(Body.self, from: Data(#"{"vitals":{"systolic":120}}"#.utf8))
            Issue.record("decoded without a required field")
        } catch let error as DecodingError {
            #expect(JSONCoding.describe(error).field == "takenAt")
        }
        do {
            _ = try decoder.decode(Body.self, from: Data(#"{"vitals":{"systolic":120},"takenAt":"yesterday"}"#.utf8))
            Issue.record("decoded a bad instant")
        } catch let error as DecodingError {
            #expect(JSONCoding.describe(error).field == "takenAt")
        }
        do {
            _ = try decoder.decode(Body.self, from: Data("{not json".utf8))
            Issue.record("decoded malformed JSON")
        } catch let error as DecodingError {
            #expect(JSONCoding.describe(error).field == "body")
        }
    }

    @Test func errorsMapToStatuses() {
        #expect(ProblemMapping.apiError(for: ValidationError(field: "birthDate", message: "is in the future")).status == 422)
        #expect(ProblemMapping.apiError(for: PostgresError(kind: .connectionLost, message: "gone")).status == 503)
        #expect(ProblemMapping.apiError(for: PostgresError(kind: .poolTimeout, message: "busy")).status == 503)
        #expect(ProblemMapping.apiError(for: PostgresError(kind: .server, sqlState: "23505", message: "dup")).status == 409)
        #expect(
            ProblemMapping.apiError(for: PostgresError(kind: .server, sqlState: AuditStore.workNotDoneState, message: "x"))
                .status == 409)
        #expect(ProblemMapping.apiError(for: PostgresError(kind: .server, sqlState: "42P01", message: "x")).status == 500)
        struct Unknown: Error {}
        let hidden = ProblemMapping.apiError(for: Unknown())
        #expect(hidden.status == 500 && hidden.detail?.contains("Unknown") == false)
    }
}
