import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The default seed shows schedule changes: a few displaced appointments of a recalled doctor, each with its notice,
/// and notices sent, waiting and failed.
@Suite struct DemoScheduleChangesTests {
    @Test func theSeedShowsDisplacedBookingsAndNoticesInEveryState() async throws {
        let db = try await TestDatabase.fresh()
        defer { db.pool.close() }
        let today = ClinicSettingsStore.today(in: .default)
        try await DemoClinic.seed(pool: db.pool, residents: 60, today: today)
        let counts = try await db.pool.query(
            """
            SELECT (SELECT count(*) FROM appointments WHERE status = 'displaced')::int AS displaced,
                (SELECT count(*) FROM notifications WHERE kind = 'displaced')::int AS displaced_notices,
                (SELECT count(*) FROM doctor_unavailability WHERE reason = \(DemoScheduleChanges.reason))::int AS away,
                (SELECT count(*) FROM notifications WHERE status = 'sent')::int AS sent,
                (SELECT count(*) FROM notifications WHERE status = 'pending')::int AS pending,
                (SELECT count(*) FROM notifications WHERE status = 'failed')::int AS failed
            """)[0]
        let displaced = try counts.decode(Int.self, "displaced")
        #expect(displaced >= 3)
        #expect(try counts.decode(Int.self, "displaced_notices") == displaced)
        #expect(try counts.decode(Int.self, "away") == 1)
        for status in ["sent", "pending", "failed"] {
            #expect(try counts.decode(Int.self, status) > 0, "no \(status) notice")
        }
    }
}
