import ClinicPostgres
import Foundation
import Testing

@testable import Clinic

/// Clinical records give their instants, and the work lists count their dates, in the caller's clinic's zone: a
/// health room in another zone than the first sees its own (`ClinicalSQL.zoneCTE`).
@Suite struct ClinicZoneTests {
    static func zone(_ scope: ClinicScope, _ db: TestDatabase) async throws -> String {
        try await scope.run {
            try await db.pool.query("WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE)) SELECT tz FROM zone")[0]
                .decode(String.self, "tz")
        }
    }

    @Test func theCallersClinicGivesTheZone() async throws {
        let db = try await TestDatabase.forSuite()
        let first = try await FirstClinic.id(db.pool)
        let firstZone = try await db.pool.query("SELECT time_zone FROM clinics WHERE id = \(first)")[0]
            .decode(String.self, "time_zone")
        let other = try await ClinicalFixtures.clinic(
            "Health Room in Nepal time", timeZone: "Asia/Kathmandu", pool: db.pool)
        #expect(firstZone != "Asia/Kathmandu")
        #expect(try await Self.zone(.clinics([other]), db) == "Asia/Kathmandu")
        #expect(try await Self.zone(.clinics([first]), db) == firstZone)
        // County-wide work, and a doctor serving both: the first clinic's.
        #expect(try await Self.zone(.county, db) == firstZone)
        #expect(try await Self.zone(.clinics([first, other]), db) == firstZone)
        #expect(try await Self.zone(.nobody, db) == firstZone)
    }
}
