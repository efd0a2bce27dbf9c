import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// `GET /v1/notifications` and `POST /v1/notifications/{id}/retry` through real HTTP: the text in the resident's
/// language and script, the roles, the pages, and what a retry does to each status.
@Suite(.serialized) struct NotificationAPITests {
    static func doctor(_ app: TestApp) async throws -> UUID {
        let rows = try await app.pool.query("SELECT id FROM doctors WHERE name = 'Dr Tenzin Notices'")
        if let row = rows.first { return try row.decode(UUID.self, "id") }
        return try await Fixture.doctor("Dr Tenzin Notices", pool: app.pool).id
    }

    @Test func aTibetanReadingResidentsNoticeIsInTibetanScript() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await Self.doctor(app)
        let resident = try await NoticeFixture.resident(
            ResidentNames(bo: "ཚེ་རིང་སྒྲོལ་མ", zh: "次仁卓玛", latin: "Tsering Dolma"), languages: ["bo", "zh"],
            phone: "139 0891 0001", pool: app.pool)
        let id = try #require(
            try await NoticeFixture.notice(
                .booked, resident: resident, doctor: doctor, start: NoticeFixture.at("2031-03-04"), pool: app.pool))
        let staff = try await app.signIn(.staff).client
        let listed = try await staff.get("/v1/notifications?residentId=\(resident)", headers: ["Accept-Language": "en"])
        #expect(listed.status == 200)
        let notice = try #require(listed.items.first)
        #expect(listed.items.count == 1 && notice["id"] as? String == id.uuidString)
        expectConforms(notice, to: NotificationRoutes.schemas["Notification"])
        #expect(notice["language"] as? String == "bo" && notice["kind"] as? String == "booked")
        #expect(notice["status"] as? String == "pending" && notice["attempts"] as? Int == 0)
        #expect(notice["reason"] == nil && notice["sentAt"] == nil && notice["appointmentId"] == nil)
        #expect(notice["residentId"] as? String == resident.uuidString && notice["clinicId"] is String)
        // Who it is about, in every script the register holds, whatever the notice's language.
        let names = try #require(notice["residentNames"] as? [String: String])
        #expect(names == ["bo": "ཚེ་རིང་སྒྲོལ་མ", "zh": "次仁卓玛", "latin": "Tsering Dolma"])
        let recipient = try #require(notice["recipient"] as? [String: Any])
        #expect(recipient["name"] as? String == "ཚེ་རིང་སྒྲོལ་མ" && recipient["relation"] as? String == "self")
        #expect(recipient["phone"] as? String == "139 0891 0001")
        let text = try #require(notice["text"] as? String)
        #expect(ProblemLanguageTests.hasTibetan(text) && !ProblemLanguageTests.hasHan(text), "\(text)")
        // 2031-03-04 is a Tuesday; Tibetan digits, the doctor's name, the place.
        for part in ["ཚེ་རིང་སྒྲོལ་མ", "ཕྱི་ལོ་༢༠༣༡ ཟླ་༣ ཚེས་༤ གཟའ་མིག་དམར", "༡༠:༠༠", "Dr Tenzin Notices", "ལ་ཕེབས་རོགས"] {
            #expect(text.contains(part), "\(part) in \(text)")
        }
        #expect((notice["createdAt"] as? String)?.hasSuffix("+08:00") == true)

        // The first of the resident's languages that is bo, zh or en; else zh.
        for (languages, expected) in [(["ug", "en", "bo"], "en"), (["ug"], "zh"), (["zh", "bo"], "zh")] {
            let other = try await NoticeFixture.resident(
                ResidentNames(bo: "བསོད་ནམས", zh: "索朗", latin: "Sonam"), languages: languages, phone: "139 0891 0002",
                pool: app.pool)
            try await NoticeFixture.notice(
                .reminder, resident: other, doctor: doctor, start: NoticeFixture.at("2031-03-06"), mode: .remote,
                pool: app.pool)
            let item = try #require(try await staff.get("/v1/notifications?residentId=\(other)").items.first)
            #expect(item["language"] as? String == expected, "\(languages)")
            let text = item["text"] as? String ?? ""
            #expect(expected == "zh" ? text.contains("索朗") && text.contains("视频或电话") : text.contains("Sonam"))
        }
    }

    @Test func onlyTheFrontDeskAndAdminsReadNotices() async throws {
        let app = try await TestApp.forSuite()
        for role in [Role.doctor, .countyViewer] {
            let client = try await app.signIn(role).client
            #expect(try await client.get("/v1/notifications").status == 403, "\(role)")
            #expect(try await client.post("/v1/notifications/\(UUID())/retry").status == 403, "\(role)")
        }
        for role in [Role.admin, .staff, .countyAdmin] {
            #expect(try await app.signIn(role).client.get("/v1/notifications").status == 200, "\(role)")
        }
        #expect(try await app.anonymous.get("/v1/notifications").status == 401)
        let staff = try await app.signIn(.staff).client
        #expect(try await staff.get("/v1/notifications?status=lost").status == 400)
        #expect(try await staff.get("/v1/notifications?cursor=AAAA").status == 400)
    }

    @Test func pagesRunNewestFirstWithoutGapsOrRepeats() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await Self.doctor(app)
        let resident = try await NoticeFixture.resident(
            ResidentNames(latin: "Paged Resident"), languages: ["en"], phone: "139 0891 0003", pool: app.pool)
        var written: [UUID] = []
        for day in 1...5 {
            written.append(
                try #require(
                    try await NoticeFixture.notice(
                        .booked, resident: resident, doctor: doctor, start: NoticeFixture.at("2031-04-0\(day)"),
                        pool: app.pool)))
        }
        let staff = try await app.signIn(.staff).client
        var seen: [String] = []
        var path = "/v1/notifications?residentId=\(resident)&limit=2"
        while true {
            let page = try await staff.get(path)
            #expect(page.status == 200)
            seen += page.items.compactMap { $0["id"] as? String }
            guard let next = page.json["nextCursor"] as? String else { break }
            path = "/v1/notifications?residentId=\(resident)&limit=2&cursor=\(next)"
        }
        #expect(seen == written.reversed().map(\.uuidString))
        let failed = try await staff.get("/v1/notifications?residentId=\(resident)&status=failed")
        #expect(failed.status == 200 && failed.items.isEmpty)
    }

    @Test func retryPutsAFailedNoticeBackAndRefusesASentOne() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await Self.doctor(app)
        let resident = try await NoticeFixture.resident(
            ResidentNames(zh: "无电话", latin: "No Phone"), languages: ["zh"], pool: app.pool)
        let id = try #require(
            try await NoticeFixture.notice(
                .cancelled, resident: resident, doctor: doctor, start: NoticeFixture.at("2031-05-06"),
                pool: app.pool))
        let staff = try await app.signIn(.staff).client
        let failed = try #require(
            try await staff.get("/v1/notifications?residentId=\(resident)&status=failed").items.first)
        #expect(failed["id"] as? String == id.uuidString && failed["reason"] as? String == "noRecipient")
        let nobody = try #require(failed["recipient"] as? [String: Any])
        #expect(nobody.count == 3 && nobody.values.allSatisfy { $0 is NSNull })

        let unreachable = try await staff.post("/v1/notifications/\(id)/retry")
        #expect(unreachable.status == 409 && unreachable.string("type") == "urn:clinic:problem:notification-no-recipient")

        try await app.pool.query(
            """
            UPDATE residents SET emergency_contact = '{"name": "Pema", "phone": "139 0891 0009"}'
            WHERE id = \(resident)
            """)
        let retried = try await staff.post("/v1/notifications/\(id)/retry")
        #expect(retried.status == 200 && retried.string("status") == "pending", "\(retried.text)")
        #expect(retried.json["reason"] == nil && retried.json["attempts"] as? Int == 0)
        let recipient = try #require(retried.json["recipient"] as? [String: Any])
        #expect(recipient["name"] as? String == "Pema" && recipient["relation"] as? String == "emergencyContact")
        expectConforms(retried.json, to: NotificationRoutes.schemas["Notification"])
        let due = try await app.pool.query(
            "SELECT next_attempt_at <= now() AS due FROM notifications WHERE id = \(id)")[0].decode(Bool.self, "due")
        #expect(due)

        // Pending: answered as it is.
        let again = try await staff.post("/v1/notifications/\(id)/retry")
        #expect(again.status == 200 && again.string("status") == "pending")

        try await app.pool.query(
            "UPDATE notifications SET status = 'sent', sent_at = now(), attempts = 1 WHERE id = \(id)")
        let sent = try await staff.post("/v1/notifications/\(id)/retry")
        #expect(sent.status == 409 && sent.string("type") == "urn:clinic:problem:notification-sent")
        let zh = try await staff.post("/v1/notifications/\(id)/retry", headers: ["Accept-Language": "zh"])
        #expect(zh.string("detail") == "该通知已经发出")
        #expect(try await staff.post("/v1/notifications/\(UUID())/retry").status == 404)

        try await app.pool.query(
            """
            UPDATE notifications SET status = 'failed', sent_at = NULL, reason = 'gateway' WHERE id = \(id);
            """)
        try await app.pool.query("UPDATE residents SET notify = false WHERE id = \(resident)")
        let optedOut = try await staff.post("/v1/notifications/\(id)/retry")
        #expect(optedOut.status == 409 && optedOut.string("type") == "urn:clinic:problem:notification-not-notified")

        let audited = try await app.pool.query(
            """
            SELECT count(*) AS n FROM audit_log
            WHERE resource_type = 'notification' AND resource_id = \(id.uuidString) AND action = 'update'
            """)[0].decode(Int.self, "n")
        #expect(audited == 2)
    }
}
