import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicHTTP
@testable import ClinicPostgres
@testable import ClinicSupport

/// Delivery against a gateway played by a small HTTP server in the test: it checks each notice's signature, refuses
/// the first attempts, then takes it. Two server processes (two applications with pools of their own) deliver
/// from one database at once. Each test has a database of its own: delivery sends whatever is due.
@Suite struct NotificationDeliveryTests {
    static let secret = "test-secret-0123456789"

    /// The gateway's books.
    final class Receiver: Sendable {
        struct Books {
            var attempts: [String: Int] = [:]
            var accepted: [String] = []
            var inFlight: Set<String> = []
            /// Requests for a notice that arrived while another for it was still being answered.
            var overlaps = 0
            var badSignatures = 0
            var badBodies = 0
        }

        let books = LockedValue(Books())
        /// Refused this many times before it is taken.
        let refusals: Int
        /// Notices refused always, by recipient phone.
        let doomedPhone: String

        init(refusals: Int, doomedPhone: String = "none") {
            self.refusals = refusals
            self.doomedPhone = doomedPhone
        }

        func handle(_ request: HTTPRequest) async -> HTTPResponse {
            let key = request.headers["Idempotency-Key"] ?? ""
            let expected = "sha256=" + HMACSHA256.hex(request.body, key: Array(NotificationDeliveryTests.secret.utf8))
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
            let phone = (body?["recipient"] as? [String: Any])?["phone"] as? String
            let attempt = books.withValue { books -> Int? in
                if books.inFlight.contains(key) { books.overlaps += 1 }
                guard request.headers["X-Clinic-Signature"] == expected else {
                    books.badSignatures += 1
                    return nil
                }
                // The recipient and the text, not the register's names (those are for the desk's list).
                guard body?["id"] as? String == key, (body?["text"] as? String)?.isEmpty == false,
                    body?["residentNames"] == nil
                else {
                    books.badBodies += 1
                    return nil
                }
                books.inFlight.insert(key)
                books.attempts[key, default: 0] += 1
                return books.attempts[key]
            }
            guard let attempt else { return HTTPResponse(status: HTTPStatus(code: 401)) }
            try? await Task.sleep(for: .milliseconds(3))  // a gateway takes a moment: room for a second sender
            return books.withValue { books in
                books.inFlight.remove(key)
                if phone == doomedPhone || attempt <= refusals { return HTTPResponse(status: HTTPStatus(code: 503)) }
                books.accepted.append(key)
                return HTTPResponse(status: .ok, contentType: "application/json", body: Array("{}".utf8))
            }
        }
    }

    /// A server process's application over `db`, delivering to `url`.
    static func process(
        _ db: TestDatabase, url: URL, environment: [String: String] = [:]
    ) async throws -> ClinicApplication {
        var configuration = try ServerConfiguration.fromEnvironment(
            [
                "CLINIC_BCRYPT_COST": "4", "CLINIC_NOTIFY_URL": url.absoluteString, "CLINIC_NOTIFY_SECRET": secret,
                "CLINIC_QUIET_HOURS": "off",
            ].merging(environment) { $1 })
        // Retries within milliseconds (the variable's own unit is the second), unless the test names a wait.
        if environment["CLINIC_NOTIFY_RETRY_AFTER"] == nil { configuration.notifyRetryAfter = .milliseconds(10) }
        let application = ClinicApplication(pool: db.serverPool(maxConnections: 4), configuration: configuration)
        try await application.services.refreshSettings()
        return application
    }

    static func deliveryJob(_ application: ClinicApplication) throws -> Job {
        try #require(application.jobs.jobs.first { $0.name == "deliver-notifications" })
    }

    /// `count` pending notices of residents with phones (and one whose phone the receiver always refuses).
    static func notices(_ count: Int, doomedPhone: String? = nil, db: TestDatabase) async throws -> [UUID] {
        let doctor = try await Fixture.doctor("Dr Delivery", pool: db.pool).id
        var ids: [UUID] = []
        for index in 0..<count {
            let resident = try await NoticeFixture.resident(
                ResidentNames(bo: "བསོད་ནམས", latin: "Resident \(index)"), languages: index % 2 == 0 ? ["bo"] : ["zh"],
                phone: index == 0 ? (doomedPhone ?? "139 0000 1000") : "139 0000 \(1000 + index)", pool: db.pool)
            ids.append(
                try #require(
                    try await NoticeFixture.notice(
                        .booked, resident: resident, doctor: doctor, start: NoticeFixture.at("2031-06-03"),
                        pool: db.pool)))
        }
        return ids
    }

    @Test func twoProcessesDeliverEachNoticeOnceThroughRefusals() async throws {
        let db = try await TestDatabase.fresh()
        let receiver = Receiver(refusals: 2, doomedPhone: "139 0000 0666")
        let gateway = try startTestServer { await receiver.handle($0) }
        let url = URL(string: "http://127.0.0.1:\(gateway.port)/notify")!
        let ids = try await Self.notices(30, doomedPhone: "139 0000 0666", db: db)
        let doomed = ids[0]
        let first = try await Self.process(db, url: url, environment: ["CLINIC_NOTIFY_MAX_ATTEMPTS": "4"])
        let second = try await Self.process(db, url: url, environment: ["CLINIC_NOTIFY_MAX_ATTEMPTS": "4"])
        defer {
            first.services.pool.close()
            second.services.pool.close()
        }
        let jobs = (try Self.deliveryJob(first), try Self.deliveryJob(second))
        var rounds = 0
        while rounds < 500 {
            rounds += 1
            async let one = first.jobs.run(jobs.0)
            async let two = second.jobs.run(jobs.1)
            #expect(await [one, two] == [.succeeded, .succeeded])
            let pending = try await db.pool.query("SELECT count(*) AS n FROM notifications WHERE status = 'pending'")
            if try pending[0].decode(Int.self, "n") == 0 { break }
            try await Task.sleep(for: .milliseconds(15))
        }
        let books = receiver.books.value
        let delivered = Set(ids.dropFirst().map(\.uuidString))
        #expect(books.badSignatures == 0 && books.badBodies == 0 && books.overlaps == 0)
        #expect(books.accepted.count == delivered.count && Set(books.accepted) == delivered)
        for id in delivered { #expect(books.attempts[id] == 3, "\(id)") }
        #expect(books.attempts[doomed.uuidString] == 4)

        let rows = try await db.pool.query(
            "SELECT id, status, reason, attempts, sent_at IS NOT NULL AS stamped, last_error FROM notifications")
        for row in rows {
            let id = try row.decode(UUID.self, "id")
            if id == doomed {
                #expect(try row.decode(String.self, "status") == "failed")
                #expect(try row.decode(String?.self, "reason") == "gateway" && row.decode(Int.self, "attempts") == 4)
                #expect(try row.decode(String?.self, "last_error") == "HTTP 503")
            } else {
                #expect(try row.decode(String.self, "status") == "sent" && row.decode(Bool.self, "stamped"))
                #expect(try row.decode(Int.self, "attempts") == 3)
            }
        }
        // The API shows why it failed.
        let failed = try await ClinicScope.county.run {
            try await first.services.pool.withConnection { try await NotificationStore.get(doomed, on: $0) }
        }
        #expect(failed.map { first.services.notices.notice($0).reason } == "gateway")
        await gateway.shutdown(gracePeriod: .seconds(1))
    }

    @Test func nothingGoesOutInQuietHoursAndHeldNoticesWaitForTheirEnd() async throws {
        let db = try await TestDatabase.fresh()
        let receiver = Receiver(refusals: 0)
        let gateway = try startTestServer { await receiver.handle($0) }
        let url = URL(string: "http://127.0.0.1:\(gateway.port)/notify")!
        let ids = try await Self.notices(3, db: db)
        // A window around this minute on the clinic's clock (Asia/Shanghai).
        let now = LocalTime(Date(), in: NoticeFixture.zone).minutesSinceMidnight
        func clock(_ minutes: Int) -> LocalTime {
            let wrapped = (minutes % 1440 + 1440) % 1440
            return LocalTime(hour: wrapped / 60, minute: wrapped % 60)!
        }
        let window = try #require(QuietHours(start: clock(now - 60), end: clock(now + 60)))
        let quiet = try await Self.process(db, url: url, environment: ["CLINIC_QUIET_HOURS": window.description])
        defer { quiet.services.pool.close() }
        #expect(await quiet.jobs.run(try Self.deliveryJob(quiet)) == .succeeded)
        #expect(receiver.books.value.attempts.isEmpty)
        let end = try #require(window.end(ofWindowAt: Date(), in: NoticeFixture.zone))
        let rows = try await db.pool.query("SELECT status, attempts, next_attempt_at FROM notifications")
        #expect(rows.count == 3)
        for row in rows {
            #expect(try row.decode(String.self, "status") == "pending" && row.decode(Int.self, "attempts") == 0)
            let held = try row.decode(Date.self, "next_attempt_at")
            #expect(abs(held.timeIntervalSince(end)) < 0.001, "held until \(held), the window ends \(end)")
        }
        // At the window's end they go.
        try await db.pool.query("UPDATE notifications SET next_attempt_at = now()")
        let awake = try await Self.process(db, url: url)
        defer { awake.services.pool.close() }
        #expect(await awake.jobs.run(try Self.deliveryJob(awake)) == .succeeded)
        #expect(Set(receiver.books.value.accepted) == Set(ids.map(\.uuidString)))
        await gateway.shutdown(gracePeriod: .seconds(1))
    }

    /// No gateway listening: the attempt is counted, the error kept, the notice due again after the backoff.
    @Test func anUnreachableGatewayCostsAnAttemptAndABackoff() async throws {
        let db = try await TestDatabase.fresh()
        let closed = try startTestServer { _ in HTTPResponse(status: .ok) }
        let url = URL(string: "http://127.0.0.1:\(closed.port)/notify")!
        await closed.shutdown(gracePeriod: .seconds(1))  // nothing listens there now
        let ids = try await Self.notices(1, db: db)
        let process = try await Self.process(db, url: url, environment: ["CLINIC_NOTIFY_RETRY_AFTER": "60s"])
        defer { process.services.pool.close() }
        #expect(await process.jobs.run(try Self.deliveryJob(process)) == .succeeded)
        let row = try #require(
            try await db.pool.query(
                """
                SELECT status, attempts, last_error, next_attempt_at > now() + interval '25 seconds' AS later
                FROM notifications WHERE id = \(ids[0])
                """
            ).first)
        #expect(try row.decode(String.self, "status") == "pending" && row.decode(Int.self, "attempts") == 1)
        #expect(try row.decode(String?.self, "last_error")?.isEmpty == false && row.decode(Bool.self, "later"))
    }

    @Test func withoutAGatewayURLThereIsNoDeliveryJob() async throws {
        let app = try await TestApp.forSuite()
        #expect(!app.application.jobs.jobs.contains { $0.name == "deliver-notifications" })
        #expect(app.application.jobs.jobs.contains { $0.name == "notification-reminders" })
    }
}
