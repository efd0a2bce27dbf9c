import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The rules 0004 enforces in the database itself, whatever the Swift code does.
@Suite struct ClinicalSchemaTests {
    @Test func instantsAreWrittenWithTheClinicOffset() async throws {
        let db = try await TestDatabase.forSuite()
        let row = try await db.pool.query(
            """
            SELECT clinic_instant('2026-12-01 01:30:00.25+00', 'Asia/Shanghai') AS shanghai,
                   clinic_instant('2026-12-01 01:30:00+00', 'America/St_Johns') AS st_johns,
                   clinic_instant('2026-12-01 01:30:00+00', 'UTC') AS utc
            """
        ).first!
        #expect(try row.decode(String.self, "shanghai") == "2026-12-01T09:30:00.250000+08:00")
        #expect(try row.decode(String.self, "st_johns") == "2026-11-30T22:00:00.000000-03:30")
        #expect(try row.decode(String.self, "utc") == "2026-12-01T01:30:00.000000+00:00")
        let parsed = ZonedInstant(rfc3339: try row.decode(String.self, "shanghai"))
        #expect(parsed?.offsetSeconds == 8 * 3600)
    }

    @Test func chronicConditionsFollowCodeThenText() async throws {
        let db = try await TestDatabase.forSuite()
        let row = try await db.pool.query(
            """
            SELECT clinic_chronic_condition('I10', 'x') AS a, clinic_chronic_condition('I15.0', NULL) AS b,
                   clinic_chronic_condition('E11.9', 'x') AS c, clinic_chronic_condition('E10', 'type 2 diabetes') AS d,
                   clinic_chronic_condition(NULL, 'Essential hypertension') AS e,
                   clinic_chronic_condition(NULL, '高血压') AS f,
                   clinic_chronic_condition(NULL, 'Pulmonary hypertension') AS g,
                   clinic_chronic_condition(NULL, '2型糖尿病') AS h, clinic_chronic_condition('I16', NULL) AS i
            """
        ).first!
        #expect(try row.decode(String?.self, "a") == "hypertension")
        #expect(try row.decode(String?.self, "b") == "hypertension")
        #expect(try row.decode(String?.self, "c") == "type2Diabetes")
        #expect(try row.decode(String?.self, "d") == nil)
        #expect(try row.decode(String?.self, "e") == "hypertension")
        #expect(try row.decode(String?.self, "f") == "hypertension")
        #expect(try row.decode(String?.self, "g") == nil)
        #expect(try row.decode(String?.self, "h") == "type2Diabetes")
        #expect(try row.decode(String?.self, "i") == nil)
    }
}
