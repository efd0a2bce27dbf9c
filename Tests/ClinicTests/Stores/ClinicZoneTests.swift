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
        let other = UUID()
        try await db.pool.query(
            """
            INSERT INTO clinics (id, name, code, time_zone, clinic_weekdays, sessions, slot_minutes, priority_hold_hours)
            VALUES (\(other), 'Health Room in Nepal time', \("NPT-" + other.uuidString.prefix(8)), 'Asia/Kathmandu',
                '{2,4}', '[{"name":"morning","start":"09:30","end":"12:30"}]'::jsonb,
                '{"onsite":15,"remote":20,"home":60}'::jsonb, 24)
            """)
        #expect(firstZone != "Asia/Kathmandu")
        #expect(try await Self.zone(.clinics([other]), db) == "Asia/Kathmandu")
        #expect(try await Self.zone(.clinics([first]), db) == firstZone)
        // County-wide work, and a doctor serving both: the first clinic's.
        #expect(try await Self.zone(.county, db) == firstZone)
        #expect(try await Self.zone(.clinics([first, other]), db) == firstZone)
        #expect(try await Self.zone(.nobody, db) == firstZone)
    }
}
