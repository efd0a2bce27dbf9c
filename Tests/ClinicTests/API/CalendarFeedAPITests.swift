import ClinicPostgres
import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicHTTP

/// Doctors' calendar feeds over HTTP (issue 20): who may make and revoke one, the feed as RFC 5545 (CRLF, folded
/// lines of a long Tibetan clinic name, escaping, stable UIDs, a closure turning a session CANCELLED), sessions of two
/// clinics in one feed with no resident in it, and the URL of a revoked or replaced feed answering 404. Parsed by the
/// Python `icalendar` library too.
@Suite(.serialized) struct CalendarFeedAPITests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// A second clinic's name: long Tibetan (three octets a letter) with the characters TEXT escapes.
    static let tibetanClinic = "བཀྲ་ཤིས་སྒང་སྤྱི་ཚོགས་ཀྱི་འཕྲོད་བསྟེན་ཁང་, ཤར་ཕྱོགས་; ལྷོ་ཕྱོགས་ \\ གྲོང་སྡེ་གསར་པ།"

    struct County {
        let app: TestApp
        let county: APIClient
        let first: UUID
        let second: UUID
    }

    /// The suite's app with a second clinic of the Tibetan name beside the first (made once, by a county admin).
    static func county() async throws -> County {
        let app = try await TestApp.forSuite()
        let county = try await app.signIn(.countyAdmin).client
        let first = try await FirstClinic.id(app.pool)
        let clinics = try await county.get("/v1/clinics").items
        if let existing = clinics.first(where: { $0["code"] as? String == "calendar-east" }) {
            return County(app: app, county: county, first: first, second: UUID(uuidString: existing["id"] as! String)!)
        }
        var body = try #require(clinics.first)
        body["id"] = nil
        body["name"] = tibetanClinic
        body["code"] = "calendar-east"
        let created = try await county.post("/v1/clinics", body)
        #expect(created.status == 201, "\(created.text)")
        let second = try #require(created.string("id").flatMap(UUID.init(uuidString:)))
        return County(app: app, county: county, first: first, second: second)
    }

    /// A rostered session of `doctorId` in `clinicId`, `daysAhead` days from today, 09:30–12:30 in Shanghai.
    static func session(
        _ app: TestApp, doctorId: UUID, clinicId: UUID, daysAhead: Int, name: String = "morning"
    ) async throws -> (id: UUID, date: LocalDate, start: Date) {
        let date = LocalDate(Date(), in: shanghai).adding(days: daysAhead)
        let start = date.instant(at: LocalTime(hour: 9, minute: 30)!, in: shanghai)
        let id = try await app.pool.query(
            """
            INSERT INTO rota_assignments (clinic_id, date, session, doctor_id, modes, starts_at, ends_at)
            VALUES (\(clinicId), \(date), \(name), \(doctorId), '{onsite,remote}', \(start), \(start.addingTimeInterval(3 * 3600)))
            RETURNING id
            """
        ).first!.decode(UUID.self, "id")
        return (id, date, start)
    }

    /// A resident booked into the session: their name, phone and ids must never reach the feed.
    static func booking(_ app: TestApp, assignment: UUID, clinicId: UUID, doctorId: UUID, start: Date) async throws
        -> (residentId: UUID, appointmentId: UUID)
    {
        let residentId = try await app.pool.query(
            """
            INSERT INTO residents (clinic_id, name_latin, name_bo, sex, birth_date, phone)
            VALUES (\(clinicId), 'Zqcal Resident', 'ཚེ་རིང་ཟླ་བ་ཟཀ', 'female', '1946-05-01', '13908917777') RETURNING id
            """
        ).first!.decode(UUID.self, "id")
        let appointmentId = try await app.pool.query(
            """
            WITH s AS (
                INSERT INTO slots (clinic_id, assignment_id, doctor_id, date, session, mode, starts_at, ends_at, capacity,
                                   booked)
                SELECT clinic_id, id, doctor_id, date, session, 'onsite', starts_at, starts_at + interval '15 minutes', 1, 1
                FROM rota_assignments WHERE id = \(assignment) RETURNING id, clinic_id, starts_at, ends_at
            )
            INSERT INTO appointments (clinic_id, slot_id, resident_id, doctor_id, mode, starts_at, ends_at, status)
            SELECT clinic_id, id, \(residentId), \(doctorId), 'onsite', starts_at, ends_at, 'booked' FROM s RETURNING id
            """
        ).first!.decode(UUID.self, "id")
        return (residentId, appointmentId)
    }

    /// The path of a feed URL the API gave.
    static func path(_ url: String?) throws -> String {
        try #require(url.flatMap(URL.init(string:))?.path)
    }

    /// The feed's text unfolded (RFC 5545 §3.1, on octets), as lines.
    static func unfoldedLines(_ body: Data) -> [String] {
        ICalendarWriterTests.unfolded([UInt8](body)).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    /// The unfolded properties of the event with `uid`, by name (the last of each name).
    static func event(_ uid: String, in lines: [String]) -> [String: String] {
        var events: [[String: String]] = []
        var current: [String: String]?
        for line in lines {
            if line == "BEGIN:VEVENT" {
                current = [:]
            } else if line == "END:VEVENT", let done = current {
                events.append(done)
                current = nil
            } else if current != nil, let colon = line.firstIndex(of: ":") {
                current?[String(line[..<colon])] = String(line[line.index(after: colon)...])
            }
        }
        return events.first { $0["UID"] == uid } ?? [:]
    }

    @Test func theDoctorAnAdminAndACountyAdminManageAFeedAndNobodyElse() async throws {
        let world = try await Self.county()
        let app = world.app
        let doctor = try await app.signIn(.doctor)
        let doctorId = try #require(doctor.doctorId)
        let other = try await app.signIn(.doctor)
        let path = "/v1/doctors/\(doctorId)/calendar-feed"

        let made = try await doctor.client.post(path)
        #expect(made.status == 201, "\(made.text)")
        let url = try #require(made.string("url"))
        let secret = try Self.path(url).replacingOccurrences(of: "/v1/calendar/", with: "")
            .replacingOccurrences(of: ".ics", with: "")
        #expect(url == "\(app.baseURL.absoluteString)/v1/calendar/\(secret).ics", "\(url)")
        #expect(secret.utf8.count == 43 && secret.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        // Only its SHA-256 is kept.
        let stored = try await app.pool.query("SELECT secret_hash FROM calendar_feeds WHERE doctor_id = \(doctorId)")
        #expect(try stored.first?.decode(String.self, "secret_hash") == CalendarFeedSecret.hash(secret))
        #expect(try await app.pool.query("SELECT 1 FROM calendar_feeds WHERE secret_hash = \(secret)").isEmpty)

        // Another doctor, staff, a county viewer: 403; nobody signed in: 401.
        #expect(try await other.client.post(path).status == 403)
        #expect(try await other.client.delete(path).status == 403)
        #expect(try await other.client.get(path).status == 403)
        #expect(try await other.client.post("/v1/doctors/\(UUID())/calendar-feed").status == 403)
        for role in [Role.staff, .countyViewer] {
            let client = try await app.signIn(role).client
            #expect(try await client.post(path).status == 403, "\(role)")
            #expect(try await client.delete(path).status == 403, "\(role)")
        }
        #expect(try await app.anonymous.post(path).status == 401)
        // Admins of any clinic and the county: yes; an unknown doctor is 404.
        let adminOfSecond = try await app.signIn(.admin, clinicId: world.second).client
        #expect(try await adminOfSecond.post(path).status == 201)
        #expect(try await world.county.post(path).status == 201)
        #expect(try await world.county.post("/v1/doctors/\(UUID())/calendar-feed").status == 404)
        #expect(try await world.county.delete("/v1/doctors/\(UUID())/calendar-feed").status == 404)

        // The state, then revoked: 204, and again 404.
        let state = try await doctor.client.get(path)
        #expect(state.status == 200 && state.string("createdAt") != nil, "\(state.text)")
        #expect(Set(state.json.keys) == ["createdAt"])
        #expect(try await doctor.client.delete(path).status == 204)
        let again = try await doctor.client.delete(path)
        #expect(again.status == 404 && again.isProblem && again.string("detail") == "no such calendar feed")
        #expect(try await doctor.client.get(path).status == 404)

        // Each making and revoking wrote its audit row, naming the doctor.
        let audit = try await app.pool.query(
            """
            SELECT action, role FROM audit_log WHERE resource_type = 'calendarFeed' AND resource_id = \(doctorId.uuidString)
            ORDER BY at
            """)
        let rows = try audit.map { "\(try $0.decode(String.self, "action")) \(try $0.decode(String.self, "role"))" }
        #expect(rows == ["create doctor", "create admin", "create countyAdmin", "delete doctor"], "\(rows)")
    }

    @Test func theFeedIsAnRFC5545CalendarOfBothClinicsWithoutResidents() async throws {
        let world = try await Self.county()
        let app = world.app
        let doctor = try await app.signIn(.doctor)
        let doctorId = try #require(doctor.doctorId)
        let inFirst = try await Self.session(app, doctorId: doctorId, clinicId: world.first, daysAhead: 7)
        let inSecond = try await Self.session(
            app, doctorId: doctorId, clinicId: world.second, daysAhead: 8, name: "early; \"dawn\", round")
        let past = try await Self.session(app, doctorId: doctorId, clinicId: world.first, daysAhead: -10)
        let tooOld = try await Self.session(app, doctorId: doctorId, clinicId: world.first, daysAhead: -40)
        let tooFar = try await Self.session(app, doctorId: doctorId, clinicId: world.first, daysAhead: 400)
        let booked = try await Self.booking(
            app, assignment: inFirst.id, clinicId: world.first, doctorId: doctorId, start: inFirst.start)
        // Another doctor's session is not in this feed.
        let someoneElse = try await app.signIn(.doctor)
        let theirs = try await Self.session(app, doctorId: someoneElse.doctorId!, clinicId: world.first, daysAhead: 7)

        let url = try #require(try await doctor.client.post("/v1/doctors/\(doctorId)/calendar-feed").string("url"))
        let feed = try await app.anonymous.get(Self.path(url), headers: ["Accept-Language": "en"])
        #expect(feed.status == 200, "\(feed.text)")
        #expect(feed.headers["content-type"] == "text/calendar; charset=utf-8")
        #expect(feed.headers["cache-control"] == "no-store")

        // Every line ends with CRLF, none is longer than 75 octets, and each is whole UTF-8 on its own.
        let bytes = [UInt8](feed.body)
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        var lines: [[UInt8]] = [[]]
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A {
                #expect(index > 0 && bytes[index - 1] == 0x0D, "a bare LF at \(index)")
                lines.append([])
            } else if byte != 0x0D {
                lines[lines.count - 1].append(byte)
            }
        }
        for line in lines {
            #expect(line.count <= 75, "\(line.count) octets: \(String(decoding: line, as: UTF8.self))")
            #expect(String(validating: line, as: UTF8.self) != nil, "a line splits a character")
        }
        #expect(lines.contains { $0.first == 0x20 }, "the long Tibetan name is folded")

        let unfolded = Self.unfoldedLines(feed.body)
        #expect(unfolded.first == "BEGIN:VCALENDAR" && unfolded.last == "END:VCALENDAR")
        for property in ["VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] { #expect(unfolded.contains(property)) }
        #expect(unfolded.contains { $0.hasPrefix("PRODID:") })
        #expect(unfolded.contains("X-WR-CALNAME:Dr Test · clinic sessions"))
        #expect(unfolded.filter { $0 == "BEGIN:VEVENT" }.count == 3, "three sessions within the window, no more")

        let first = Self.event(DoctorCalendar.uid(inFirst.id), in: unfolded)
        let second = Self.event(DoctorCalendar.uid(inSecond.id), in: unfolded)
        #expect(first["STATUS"] == "CONFIRMED" && second["STATUS"] == "CONFIRMED")
        #expect(first["DTSTART"] == ICalendarWriter.utc(inFirst.start))
        #expect(first["DTEND"] == ICalendarWriter.utc(inFirst.start.addingTimeInterval(3 * 3600)))
        let firstName = try await app.pool.query("SELECT name FROM clinics WHERE id = \(world.first)")[0]
            .decode(String.self, "name")
        #expect(first["LOCATION"] == ICalendarWriter.escaped(firstName))
        #expect(first["SUMMARY"] == ICalendarWriter.escaped(firstName) + " · morning")
        let escapedName = #"བཀྲ་ཤིས་སྒང་སྤྱི་ཚོགས་ཀྱི་འཕྲོད་བསྟེན་ཁང་\, ཤར་ཕྱོགས་\; ལྷོ་ཕྱོགས་ \\ གྲོང་སྡེ་གསར་པ།"#
        #expect(second["LOCATION"] == escapedName, "\(second)")
        #expect(second["SUMMARY"] == escapedName + #" · early\; "dawn"\, round"#)
        #expect(first["DESCRIPTION"] == #"Modes: on site\, remote"#)
        for event in [first, second] {
            for name in ["DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED"] { #expect(event[name] != nil, "\(name)") }
        }
        // Ten days back is in the window (a doctor looks back too); forty days back, a year ahead and another
        // doctor's session are not.
        #expect(Self.event(DoctorCalendar.uid(past.id), in: unfolded)["STATUS"] == "CONFIRMED")
        for uid in [tooOld.id, tooFar.id, theirs.id].map(DoctorCalendar.uid) {
            #expect(Self.event(uid, in: unfolded).isEmpty)
        }

        // No resident data at all: not the booked resident's names, phone or ids, nor the appointment's.
        let text = feed.text
        for secret in [
            "Zqcal", "ཚེ་རིང་ཟླ་བ་ཟཀ", "13908917777", booked.residentId.uuidString.lowercased(),
            booked.appointmentId.uuidString.lowercased(), booked.residentId.uuidString, booked.appointmentId.uuidString,
        ] {
            #expect(!text.contains(secret), "\(secret) is in the feed")
        }

        // A second fetch: the same UIDs (the DTSTAMP may move on).
        let refetched = Self.unfoldedLines(try await app.anonymous.get(Self.path(url)).body)
        let uids = { (lines: [String]) in lines.filter { $0.hasPrefix("UID:") } }
        #expect(uids(refetched) == uids(unfolded) && uids(unfolded).count == 3)

        // The feed's words follow ?lang= (the clinic's and session's names are as written).
        let tibetan = Self.unfoldedLines(try await app.anonymous.get(Self.path(url) + "?lang=bo").body)
        #expect(
            Self.event(DoctorCalendar.uid(inFirst.id), in: tibetan)["DESCRIPTION"] == #"བྱ་ཐབས།: སྨན་ཁང་དུ།\, རྒྱང་རིང་།"#)
        #expect(try await app.anonymous.get(Self.path(url) + "?lang=fr").status == 400)
    }

    @Test func aClosureAddedThroughTheAPICancelsTheSession() async throws {
        let world = try await Self.county()
        let app = world.app
        let doctor = try await app.signIn(.doctor)
        let doctorId = try #require(doctor.doctorId)
        let closed = try await Self.session(app, doctorId: doctorId, clinicId: world.first, daysAhead: 21)
        let open = try await Self.session(app, doctorId: doctorId, clinicId: world.second, daysAhead: 22)
        let url = try #require(try await doctor.client.post("/v1/doctors/\(doctorId)/calendar-feed").string("url"))
        let feedPath = try Self.path(url) + "?lang=zh"
        let before = Self.unfoldedLines(try await app.anonymous.get(feedPath).body)
        let uid = DoctorCalendar.uid(closed.id)
        #expect(Self.event(uid, in: before)["STATUS"] == "CONFIRMED")

        // Later than the assignment's own last change, so the change shows in SEQUENCE and LAST-MODIFIED.
        try await Task.sleep(for: .milliseconds(1100))
        let admin = try await app.signIn(.admin).client
        let closure = try await admin.post(
            "/v1/clinic/closures", ["date": closed.date.description, "reason": "Snow on the pass"])
        #expect(closure.status == 201, "\(closure.text)")

        let after = Self.unfoldedLines(try await app.anonymous.get(feedPath).body)
        let event = Self.event(uid, in: after)
        #expect(event["STATUS"] == "CANCELLED", "\(event)")
        #expect(event["SUMMARY"]?.hasPrefix("已取消: ") == true, "\(event)")
        #expect(event["UID"] == uid && event["DTSTART"] == Self.event(uid, in: before)["DTSTART"])
        let sequence = { (lines: [String]) in Int(Self.event(uid, in: lines)["SEQUENCE"] ?? "") ?? -1 }
        #expect(sequence(after) > sequence(before))
        #expect((event["LAST-MODIFIED"] ?? "") > (Self.event(uid, in: before)["LAST-MODIFIED"] ?? ""))
        // The other clinic was not closed.
        #expect(Self.event(DoctorCalendar.uid(open.id), in: after)["STATUS"] == "CONFIRMED")
    }

    @Test func aSessionSwappedAwayStaysInTheFormerDoctorsFeedAsCancelled() async throws {
        let world = try await Self.county()
        let app = world.app
        let former = try await app.signIn(.doctor)
        let cover = try await app.signIn(.doctor)
        let (formerId, coverId) = (try #require(former.doctorId), try #require(cover.doctorId))
        let session = try await Self.session(app, doctorId: formerId, clinicId: world.first, daysAhead: 23)
        let uid = DoctorCalendar.uid(session.id)
        let formerFeed = try Self.path(try await former.client.post("/v1/doctors/\(formerId)/calendar-feed").string("url"))
        let coverFeed = try Self.path(try await cover.client.post("/v1/doctors/\(coverId)/calendar-feed").string("url"))
        let feed = { (path: String) in Self.unfoldedLines(try await app.anonymous.get(path).body) }
        let before = try await feed(formerFeed)
        #expect(Self.event(uid, in: before)["STATUS"] == "CONFIRMED")
        #expect(Self.event(uid, in: try await feed(coverFeed)).isEmpty)

        try await Task.sleep(for: .milliseconds(1100))
        let admin = try await app.signIn(.admin).client
        let swapped = try await admin.patch("/v1/rota/assignments/\(session.id)", ["doctorId": coverId.uuidString])
        #expect(swapped.status == 200, "\(swapped.text)")
        let after = try await feed(formerFeed)
        let gone = Self.event(uid, in: after)
        #expect(gone["STATUS"] == "CANCELLED" && gone["DTSTART"] == Self.event(uid, in: before)["DTSTART"], "\(gone)")
        #expect((Int(gone["SEQUENCE"] ?? "") ?? -1) > (Int(Self.event(uid, in: before)["SEQUENCE"] ?? "") ?? -1))
        #expect(after.filter { $0 == "UID:" + uid }.count == 1)
        #expect(Self.event(uid, in: try await feed(coverFeed))["STATUS"] == "CONFIRMED")

        // Handed back: the former doctor holds it again, and the cover sees it cancelled.
        let back = try await admin.patch("/v1/rota/assignments/\(session.id)", ["doctorId": formerId.uuidString])
        #expect(back.status == 200, "\(back.text)")
        let again = try await feed(formerFeed)
        #expect(Self.event(uid, in: again)["STATUS"] == "CONFIRMED" && again.filter { $0 == "UID:" + uid }.count == 1)
        #expect(Self.event(uid, in: try await feed(coverFeed))["STATUS"] == "CANCELLED")
    }

    @Test func aRevokedOrReplacedURLIs404LikeAnUnknownOne() async throws {
        let world = try await Self.county()
        let app = world.app
        let doctor = try await app.signIn(.doctor)
        let path = "/v1/doctors/\(doctor.doctorId!)/calendar-feed"
        let firstURL = try Self.path(try await doctor.client.post(path).string("url"))
        #expect(try await app.anonymous.get(firstURL).status == 200)

        // A new POST replaces the feed: the old URL stops working, the new one works.
        let secondURL = try Self.path(try await doctor.client.post(path).string("url"))
        #expect(secondURL != firstURL)
        let replaced = try await app.anonymous.get(firstURL)
        #expect(replaced.status == 404 && replaced.isProblem)
        #expect(try await app.anonymous.get(secondURL).status == 200)
        #expect(
            try await app.pool.query("SELECT 1 FROM calendar_feeds WHERE doctor_id = \(doctor.doctorId!)").count == 1)

        // Revoked: 404, the same answer as for a secret that never existed or is not even shaped like one.
        #expect(try await doctor.client.delete(path).status == 204)
        let revoked = try await app.anonymous.get(secondURL)
        let unknown = try await app.anonymous.get("/v1/calendar/\(CalendarFeedSecret.generate()).ics")
        let malformed = try await app.anonymous.get("/v1/calendar/short.ics")
        for answer in [revoked, unknown, malformed] {
            #expect(answer.status == 404 && answer.isProblem)
            #expect(answer.string("detail") == "no such calendar feed" && answer.string("type") == "about:blank")
        }
        #expect(try await app.anonymous.get("/v1/calendar/\(CalendarFeedSecret.generate())").status == 404)
        // A bearer token is not needed, and a wrong one is not looked at.
        let thirdURL = try Self.path(try await doctor.client.post(path).string("url"))
        let withJunkToken = try await app.anonymous.get(thirdURL, headers: ["Authorization": "Bearer nonsense"])
        #expect(withJunkToken.status == 200)
    }

    /// The URL is absolute: under `CLINIC_PUBLIC_URL` when set (behind a proxy that terminates TLS), else from the
    /// request's Host over http; a Host that is not a plain name or address gives the path alone.
    @Test func theURLIsUnderThePublicURLElseTheHost() throws {
        let path = CalendarFeedRoutes.feedPath("s3cret")
        func context(host: String?) throws -> RequestContext {
            let headers: HTTPHeaders = host.map { ["Host": $0] } ?? [:]
            return RequestContext(
                request: try HTTPRequest(method: .post, target: "/x", headers: headers), principal: nil, timeZone: .gmt)
        }
        let configured = try ServerConfiguration.fromEnvironment(["CLINIC_PUBLIC_URL": "https://clinic.example.org/"])
        #expect(configured.publicURL == "https://clinic.example.org")
        #expect(
            CalendarFeedRoutes.publicURL(path, try context(host: "10.0.0.5:8080"), configured: configured.publicURL)
                == "https://clinic.example.org/v1/calendar/s3cret.ics")
        #expect(
            CalendarFeedRoutes.publicURL(path, try context(host: "10.0.0.5:8080"), configured: nil)
                == "http://10.0.0.5:8080/v1/calendar/s3cret.ics")
        #expect(
            CalendarFeedRoutes.publicURL(path, try context(host: "[::1]:80"), configured: nil) == "http://[::1]:80"
                + path)
        for host in [nil, "", "evil.example/path?", "a b", "例子.cn"] {
            #expect(
                CalendarFeedRoutes.publicURL(path, try context(host: host), configured: nil) == path, "\(host ?? "nil")"
            )
        }
        for bad in ["ftp://clinic.example.org", "clinic.example.org", "https://", "https://x.org/?a=1"] {
            #expect(throws: ConfigurationError.self, "\(bad)") {
                try ServerConfiguration.fromEnvironment(["CLINIC_PUBLIC_URL": bad])
            }
        }
    }

    @Test(.enabled(if: ICalendarChecker.isAvailable || ICalendarChecker.required, ICalendarChecker.skipMessage))
    func theFeedParsesWithPythonICalendar() async throws {
        let world = try await Self.county()
        let app = world.app
        let doctor = try await app.signIn(.doctor)
        let doctorId = try #require(doctor.doctorId)
        let inFirst = try await Self.session(app, doctorId: doctorId, clinicId: world.first, daysAhead: 14)
        let inSecond = try await Self.session(app, doctorId: doctorId, clinicId: world.second, daysAhead: 15)
        let admin = try await app.signIn(.admin).client
        #expect(
            try await admin.post("/v1/clinic/closures", ["date": inFirst.date.description, "reason": "Festival"]).status
                == 201)
        let url = try #require(try await doctor.client.post("/v1/doctors/\(doctorId)/calendar-feed").string("url"))
        let feed = try await app.anonymous.get(Self.path(url) + "?lang=en")
        #expect(feed.status == 200)

        let result = try await ICalendarChecker.check(feed.body)
        #expect(result.status == 0, "\(result.output)")
        let json = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(parsed["calendarName"] as? String == "Dr Test · clinic sessions")
        let events = try #require(parsed["events"] as? [[String: Any]])
        let byUID = Dictionary(uniqueKeysWithValues: events.map { ($0["uid"] as? String ?? "", $0) })
        let closed = try #require(byUID[DoctorCalendar.uid(inFirst.id)])
        let open = try #require(byUID[DoctorCalendar.uid(inSecond.id)])
        #expect(events.count == 2)
        #expect(closed["status"] as? String == "CANCELLED" && open["status"] as? String == "CONFIRMED")
        // What the library reads back, unescaped and unfolded, is the clinic's name exactly.
        #expect(open["location"] as? String == Self.tibetanClinic)
        #expect(open["summary"] as? String == Self.tibetanClinic + " · morning")
        #expect(open["description"] as? String == "Modes: on site, remote")
        let utc = { (date: Date) in ISO8601DateFormatter().string(from: date) }
        #expect(open["start"] as? String == utc(inSecond.start))
        #expect(open["end"] as? String == utc(inSecond.start.addingTimeInterval(3 * 3600)))
    }
}

/// Runs scripts/check_ics.py with a Python that has `icalendar` (installed by .ci/run from
/// scripts/requirements-test.txt).
enum ICalendarChecker {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/check_ics.py").path

    /// With `CLINIC_REQUIRE_ICALENDAR=1` (CI) a missing library fails the test instead of skipping it.
    static var required: Bool { ProcessInfo.processInfo.environment["CLINIC_REQUIRE_ICALENDAR"] == "1" }

    static let isAvailable: Bool = {
        (try? runProcess("/usr/bin/env", ["python3", "-c", "import icalendar"]))?.status == 0
    }()

    static let skipMessage: Comment =
        "python3 with icalendar is not installed: pip install -r scripts/requirements-test.txt"

    /// The checker's exit status and output (its last line is the JSON of what it read), on a thread of its own.
    static func check(_ ics: Data) async throws -> (status: Int32, output: String) {
        try await offPool {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).ics")
            try ics.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try runProcess("/usr/bin/env", ["python3", script, file.path])
            return (result.status, result.text)
        }
    }
}
