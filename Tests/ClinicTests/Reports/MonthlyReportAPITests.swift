import ClinicPostgres
import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The monthly report over HTTP, on a demo county of two clinics with a seeded last month: its figures against
/// counts made here from the raw rows (not through the report's SQL), the frozen submission, CSV and the printable
/// page, the roles, and the county's clinics side by side.
@Suite(.serialized) struct MonthlyReportAPITests {
    struct World: Sendable {
        let app: TestApp
        let first: ClinicRecord
        let second: UUID
        let month: LocalDate
        var monthText: String { String(month.description.prefix(7)) }
    }

    static let shared = Task<World, any Error> {
        let app = try await TestApp.forSuite()
        let first = try await DemoClinic.firstClinic(app.pool)
        let today = ClinicSettingsStore.today(in: first.settings)
        try await DemoClinic.seed(pool: app.pool, clinics: 2, residents: 400, today: today, appointmentsPerClinicDay: 5)
        let (elderly, doctors, second) = try await ClinicScope.county.run {
            let elderly = try await app.pool.query(
                "SELECT id FROM residents WHERE birth_date <= \(today.adding(days: -66 * 365)) ORDER BY id"
            ).map { try $0.decode(UUID.self, "id") }
            let doctors = try await app.pool.query("SELECT id FROM doctors ORDER BY id").map {
                try $0.decode(UUID.self, "id")
            }
            let second = try await app.pool.query("SELECT id FROM clinics WHERE id <> \(first.id)")[0]
                .decode(UUID.self, "id")
            return (elderly, doctors, second)
        }
        try await DemoHealthFiles.fill(residentIds: elderly, doctorIds: doctors, pool: app.pool)
        try await DemoMonth.fill(pool: app.pool, clinic: first, today: today)
        let secondClinic = try await ClinicScope.county.run {
            try await app.pool.withConnection { try await ClinicSettingsStore.clinic(second, on: $0) }
        }
        try await DemoMonth.fill(pool: app.pool, clinic: secondClinic, today: today, perClinicDay: 12, seed: 7)
        // Chronic problems the demo does not make: an uncoded one in Chinese, I15, and one that is not hypertension.
        try await ClinicScope.county.run {
            try await app.pool.query(
                """
                INSERT INTO problems (clinic_id, resident_id, code, text, status)
                SELECT clinic_id, id, code, text, 'active'
                FROM (SELECT clinic_id, id FROM residents WHERE clinic_id = \(first.id) ORDER BY id LIMIT 3) r,
                     LATERAL (VALUES (NULL, '高血压'), ('I15.0', 'Renovascular hypertension'),
                                     (NULL, 'Pulmonary hypertension')) AS p (code, text)
                """)
        }
        try await app.application.services.refreshSettings()
        return World(app: app, first: first, second: second, month: today.firstOfMonth.adding(days: -1).firstOfMonth)
    }

    static func world() async throws -> World { try await shared.value }

    // MARK: independent counts

    /// The month's figures counted here, in Swift, from the raw rows of `clinic`.
    static func expected(_ world: World, clinic: UUID) async throws -> [String: Int] {
        let zone = TimeZone(identifier: world.first.settings.timeZone)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let m = world.month
        let starts = calendar.date(from: DateComponents(year: m.year, month: m.month, day: 1))!
        let ends = calendar.date(byAdding: .month, value: 1, to: starts)!
        let quarterStarts = calendar.date(from: DateComponents(year: m.year, month: (m.month - 1) / 3 * 3 + 1, day: 1))!
        let lastDay = LocalDate(ends.addingTimeInterval(-1), in: zone)
        let inMonth = { (date: Date) in date >= starts && date < ends }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let yearBefore = utc.date(byAdding: .month, value: -12, to: ends)!
        let ninetyDaysBefore = ends.addingTimeInterval(-90 * 86_400)
        let pool = world.app.pool
        return try await ClinicScope.county.run {
            var n: [String: Int] = [:]
            let rota = try await pool.query(
                "SELECT date, uncovered_reason, ends_at FROM rota_assignments WHERE clinic_id = \(clinic)")
            for row in rota {
                let date = try row.decode(LocalDate.self, "date")
                guard date.year == m.year, date.month == m.month else { continue }
                n["sessions.rostered", default: 0] += 1
                if try row.decode(String?.self, "uncovered_reason") == nil,
                    try row.decode(Date.self, "ends_at") <= Date()
                {
                    n["sessions.held", default: 0] += 1
                }
            }
            let consultations = try await pool.query(
                "SELECT resident_id, mode, channel, started_at FROM consultations WHERE clinic_id = \(clinic)")
            var seen = Set<UUID>()
            var consulted: [UUID: [Date]] = [:]
            for row in consultations {
                let at = try row.decode(Date.self, "started_at")
                let resident = try row.decode(UUID.self, "resident_id")
                consulted[resident, default: []].append(at)
                guard inMonth(at) else { continue }
                seen.insert(resident)
                n["consultations.total", default: 0] += 1
                let mode = try row.decode(String.self, "mode")
                n["consultations.byMode.\(mode)", default: 0] += 1
                if mode == "remote", let channel = try row.decode(String?.self, "channel") {
                    n["consultations.byChannel.\(channel)", default: 0] += 1
                }
            }
            n["consultations.residents"] = seen.count
            let appointments = try await pool.query(
                """
                SELECT a.status, a.displaced_at, a.starts_at, r.flags <> '{}' AS priority
                FROM appointments a JOIN residents r ON r.id = a.resident_id WHERE a.clinic_id = \(clinic)
                """)
            for row in appointments where inMonth(try row.decode(Date.self, "starts_at")) {
                n["appointments.booked", default: 0] += 1
                let status = try row.decode(String.self, "status")
                if ["completed", "noShow", "cancelled"].contains(status) {
                    n["appointments.\(status)", default: 0] += 1
                }
                if try row.decode(Date?.self, "displaced_at") != nil || status == "displaced" {
                    n["appointments.displaced", default: 0] += 1
                }
                if try row.decode(Bool.self, "priority") { n["appointments.priority", default: 0] += 1 }
            }
            var visited: [UUID: [Date]] = [:]
            let visits = try await pool.query(
                """
                SELECT v.resident_id, v.outcome, v.visited_at, coalesce(r.grid, '') AS grid
                FROM outreach_visits v JOIN residents r ON r.id = v.resident_id WHERE v.clinic_id = \(clinic)
                """)
            for row in visits {
                let at = try row.decode(Date.self, "visited_at")
                let outcome = try row.decode(String.self, "outcome")
                if ["seenWell", "needsDoctor"].contains(outcome) {
                    visited[try row.decode(UUID.self, "resident_id"), default: []].append(at)
                }
                guard inMonth(at) else { continue }
                n["outreach.visits", default: 0] += 1
                n["outreach.byOutcome.\(outcome)", default: 0] += 1
                n["outreach.byGrid.\(try row.decode(String.self, "grid"))", default: 0] += 1
            }
            // Residents still cared for at the month's end.
            let residents = try await pool.query(
                "SELECT id, birth_date, inactive_since FROM residents WHERE clinic_id = \(clinic)")
            var counted = Set<UUID>()
            var elderly = Set<UUID>()
            for row in residents {
                if let since = try row.decode(Date?.self, "inactive_since"), since < ends { continue }
                let id = try row.decode(UUID.self, "id")
                counted.insert(id)
                let birth = try row.decode(LocalDate.self, "birth_date")
                let sixtyFifth = LocalDate(year: birth.year + 65, month: birth.month, day: min(birth.day, 28))!
                if sixtyFifth <= lastDay && !(birth.month == 2 && birth.day == 29 && sixtyFifth.year == lastDay.year) {
                    elderly.insert(id)
                }
            }
            n["elderly.total"] = elderly.count
            let window = { (dates: [Date]?) in dates?.contains { $0 >= ninetyDaysBefore && $0 < ends } ?? false }
            n["elderly.seenLast90Days"] = elderly.filter { window(consulted[$0]) || window(visited[$0]) }.count
            let assessments = try await pool.query(
                "SELECT resident_id, band, taken_at FROM assessments WHERE clinic_id = \(clinic) ORDER BY taken_at, id")
            var latestBand: [UUID: String] = [:]
            for row in assessments {
                let at = try row.decode(Date.self, "taken_at")
                let resident = try row.decode(UUID.self, "resident_id")
                if at >= yearBefore && at < ends && elderly.contains(resident) {
                    latestBand[resident] = try row.decode(String.self, "band")
                }
            }
            n["elderly.assessed"] = latestBand.count
            for band in latestBand.values { n["elderly.byBand.\(band)", default: 0] += 1 }
            let problems = try await pool.query(
                """
                SELECT resident_id, code, text, onset, created_at FROM problems
                WHERE clinic_id = \(clinic) AND status = 'active'
                """)
            var patients: [String: Set<UUID>] = [:]
            for row in problems {
                let resident = try row.decode(UUID.self, "resident_id")
                guard counted.contains(resident) else { continue }
                if let onset = try row.decode(LocalDate?.self, "onset") {
                    guard onset <= lastDay else { continue }
                } else {
                    guard try row.decode(Date.self, "created_at") < ends else { continue }
                }
                let code = try row.decode(String?.self, "code")
                let text = try row.decode(String.self, "text").lowercased()
                let condition: String?
                if let code {
                    condition = ["I10", "I11", "I12", "I13", "I14", "I15"].contains(String(code.prefix(3)))
                        ? "hypertension" : code.hasPrefix("E11") ? "diabetes" : nil
                } else if text.contains("pulmonary") {
                    condition = nil
                } else if text.contains("hypertension") || text.contains("高血压") {
                    condition = "hypertension"
                } else if text.contains("type 2 diabetes") || text.contains("2型糖尿病") {
                    condition = "diabetes"
                } else {
                    condition = nil
                }
                if let condition { patients[condition, default: []].insert(resident) }
            }
            for (condition, residents) in patients {
                n["chronic.\(condition).total"] = residents.count
                n["chronic.\(condition).reviewedThisQuarter"] = residents.filter { resident in
                    consulted[resident]?.contains { $0 >= quarterStarts && $0 < ends } ?? false
                }.count
            }
            return n
        }
    }

    /// The report's figures as `key: value`, flattened the way `expected` names them.
    static func flattened(_ report: [String: Any]) -> [String: Int] {
        var out: [String: Int] = [:]
        func walk(_ value: Any, _ path: String) {
            if let number = value as? Int {
                out[path] = number
            } else if let object = value as? [String: Any] {
                for (key, member) in object { walk(member, path.isEmpty ? key : path + "." + key) }
            }
        }
        for key in ["sessions", "consultations", "appointments", "elderly", "chronic", "outreach"] {
            walk(report[key] ?? [:], key)
        }
        for grid in (report["outreach"] as? [String: Any])?["byGrid"] as? [[String: Any]] ?? [] {
            out["outreach.byGrid.\(grid["grid"] as? String ?? "?")"] = grid["visits"] as? Int
        }
        return out
    }

    @Test func theFiguresAreTheRowsCountedIndependently() async throws {
        let world = try await Self.world()
        let admin = try await world.app.signIn(.admin).client
        let response = try await admin.get("/v1/reports/monthly?month=\(world.monthText)")
        #expect(response.status == 200, "\(response.text)")
        let report = response.json
        #expect(report["month"] as? String == world.monthText)
        #expect((report["clinicId"] as? String)?.lowercased() == world.first.id.uuidString.lowercased())
        let actual = Self.flattened(report)
        let expected = try await Self.expected(world, clinic: world.first.id)
        // Every figure counted here is in the report with that value; the report's others are zero here.
        for (key, value) in expected { #expect(actual[key] == value, "\(key)") }
        for (key, value) in actual where expected[key] == nil && !key.hasPrefix("sessions.uncovered")
            && !key.hasPrefix("appointments.open") && !key.hasPrefix("appointments.rebooked")
            && !key.hasPrefix("elderly.seenLast90DaysClinical")
        {
            #expect(value == 0, "\(key)")
        }
        // The demo month is worth looking at: 8 or 9 clinic days of about 30 consultations, every outcome.
        #expect((expected["consultations.total"] ?? 0) >= 200)
        #expect((expected["sessions.held"] ?? 0) >= 16)
        for key in ["completed", "noShow", "cancelled", "displaced"] {
            #expect((expected["appointments.\(key)"] ?? 0) > 0, "\(key)")
        }
        #expect((expected["chronic.hypertension.total"] ?? 0) > 0)
        #expect((expected["chronic.hypertension.reviewedThisQuarter"] ?? 0) > 0)
        #expect((expected["elderly.assessed"] ?? 0) > 0 && (expected["outreach.visits"] ?? 0) > 0)
        // Doctors: their consultations add up to the month's.
        let doctors = report["doctors"] as? [[String: Any]] ?? []
        #expect(doctors.map { $0["consultations"] as? Int ?? 0 }.reduce(0, +) == expected["consultations.total"])
        #expect(doctors.map { $0["sessions"] as? Int ?? 0 }.reduce(0, +) == expected["sessions.held"])
        #expect(doctors.allSatisfy { $0["doctorId"] is String && $0["name"] is String && $0["institution"] is String })
        #expect(report["status"] as? String == "notSubmitted" && report["liveDiffers"] as? Bool == false)
    }

    @Test func aSubmittedMonthIsFrozen() async throws {
        let world = try await Self.world()
        let county = try await world.app.signIn(.countyAdmin).client
        let path = "/v1/reports/monthly?month=\(world.monthText)&clinicId=\(world.second)"
        let before = try await county.get(path).json
        // A county admin names the clinic; without it, 422.
        #expect(try await county.post("/v1/reports/monthly/\(world.monthText)/submit").status == 422)
        let submitted = try await county.post("/v1/reports/monthly/\(world.monthText)/submit?clinicId=\(world.second)")
        #expect(submitted.status == 201, "\(submitted.text)")
        #expect(submitted.json["status"] as? String == "submitted")
        #expect(Self.flattened(submitted.json) == Self.flattened(before))
        let again = try await county.post("/v1/reports/monthly/\(world.monthText)/submit?clinicId=\(world.second)")
        #expect(again.status == 409 && again.json["type"] as? String == "urn:clinic:problem:report-submitted")
        // The month now running is not over: 409.
        let current = String(ClinicSettingsStore.today(in: world.first.settings).description.prefix(7))
        let early = try await county.post("/v1/reports/monthly/\(current)/submit?clinicId=\(world.second)")
        #expect(early.status == 409 && early.json["type"] as? String == "urn:clinic:problem:month-not-over")
        // A late correction: one more consultation in the month. The report stays as submitted, and says so.
        try await ClinicScope.county.run {
            try await world.app.pool.query(
                """
                INSERT INTO consultations (clinic_id, resident_id, doctor_id, mode, started_at, ended_at)
                SELECT \(world.second), (SELECT id FROM residents WHERE clinic_id = \(world.second) LIMIT 1),
                       (SELECT id FROM doctors LIMIT 1), 'onsite', ts, ts + interval '10 minutes'
                FROM (SELECT (\(world.month)::timestamp + interval '2 days 10 hours')
                             AT TIME ZONE \(world.first.settings.timeZone) AS ts) t
                """)
        }
        let after = try await county.get(path).json
        #expect(Self.flattened(after) == Self.flattened(before))
        #expect(after["liveDiffers"] as? Bool == true)
        let live = after["live"] as? [String: Any] ?? [:]
        let total = { (report: [String: Any]) in (report["consultations"] as? [String: Any])?["total"] as? Int ?? -1 }
        #expect(total(live) == total(before) + 1)
        let submission = after["submitted"] as? [String: Any] ?? [:]
        #expect(submission["at"] is String && (submission["username"] as? String)?.hasPrefix("countyAdmin") == true)
        // The submission is on the audit log.
        let audited = try await ClinicScope.county.run {
            try await world.app.pool.query(
                "SELECT count(*) AS n FROM audit_log WHERE resource_type = 'monthlyReport' AND resource_id = \(world.second.uuidString)"
            )[0].decode(Int.self, "n")
        }
        #expect(audited == 1)
    }

    @Test func csvAndPrintablePage() async throws {
        let world = try await Self.world()
        let admin = try await world.app.signIn(.admin).client
        let path = "/v1/reports/monthly?month=\(world.monthText)"
        let json = try await admin.get(path).json
        let csv = try await admin.get(path, headers: ["Accept": "text/csv", "Accept-Language": "zh"])
        #expect(csv.status == 200 && csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]))
        let rows = try CSVParser.parse(String(decoding: csv.body.dropFirst(3), as: UTF8.self))
        #expect(rows.first?.first == "figure")
        let flat = Self.flattened(json)
        let total = rows.first { $0.first == "consultations.total" }
        #expect(total?[1] == "诊疗人次" && total?[2] == String(flat["consultations.total"] ?? -1))
        let noShow = rows.first { $0.first == "appointments.noShow" }
        #expect(noShow?[2] == String(flat["appointments.noShow"] ?? -1))
        for (language, title) in [("bo", "ཟླ་རེའི་སྙན་ཐོ།"), ("zh", "月度报表"), ("en", "Monthly report")] {
            let page = try await admin.get(path, headers: ["Accept": "text/html", "Accept-Language": language])
            #expect(page.status == 200 && page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("<html lang=\"\(language)\">") && page.text.contains(title))
            #expect(page.text.contains("data-figure=\"consultations.total\""))
        }
    }

    @Test func rolesAndMonths() async throws {
        let world = try await Self.world()
        let path = "/v1/reports/monthly?month=\(world.monthText)"
        #expect(try await world.app.signIn(.staff).client.get(path).status == 403)
        #expect(try await world.app.signIn(.doctor).client.get(path).status == 403)
        let viewer = try await world.app.signIn(.countyViewer).client
        let own = try await world.app.signIn(.admin).client
        let viewed = try await viewer.get(path + "&clinicId=\(world.first.id)")
        #expect(viewed.status == 200, "\(viewed.text)")
        let admins = try await own.get(path).json
        #expect(Self.flattened(viewed.json) == Self.flattened(admins))
        #expect(try await viewer.post("/v1/reports/monthly/\(world.monthText)/submit?clinicId=\(world.first.id)").status == 403)
        // Another clinic's report is 404 for a clinic's admin; a clinic that does not exist is 404 for the county.
        #expect(try await own.get(path + "&clinicId=\(world.second)").status == 404)
        #expect(try await own.post("/v1/reports/monthly/\(world.monthText)/submit?clinicId=\(world.second)").status == 404)
        #expect(try await viewer.get(path + "&clinicId=\(UUID())").status == 404)
        // Months: malformed is 400, one to come 422, both naming `month`.
        for bad in ["2026-13", "2026-1", "26-01", "2026-01-01", "1999-12"] {
            let response = try await own.get("/v1/reports/monthly?month=\(bad)")
            #expect(response.status == 400 && response.errorFields == ["month"], "\(bad)")
        }
        let future = try await own.get("/v1/reports/monthly?month=2099-01")
        #expect(future.status == 422 && future.errorFields == ["month"])
        #expect(try await own.post("/v1/reports/monthly/2026-13/submit").status == 422)
        // Without a month: the last one.
        #expect(try await own.get("/v1/reports/monthly").json["month"] as? String == world.monthText)
    }

    /// `monthly_report` reads the figures with the county's scope for speed, but only after checking the caller's:
    /// another clinic's report is NULL, and the caller's scope is back once it returns.
    @Test func theReportFunctionKeepsTheCallersScope() async throws {
        let world = try await Self.world()
        let row = try await ClinicScope.clinics([world.first.id]).run {
            try await world.app.serverPool.withTransaction { db in
                try await db.query(
                    """
                    SELECT monthly_report(\(world.second), \(world.month)) IS NULL AS other,
                           monthly_report(\(world.first.id), \(world.month)) IS NOT NULL AS own
                    """)[0]
            }
        }
        #expect(try row.decode(Bool.self, "other") && row.decode(Bool.self, "own"))
        let scope = try await ClinicScope.clinics([world.first.id]).run {
            try await world.app.serverPool.withTransaction { db in
                _ = try await db.query("SELECT monthly_report(\(world.first.id), \(world.month))")
                return try await db.query("SELECT current_setting('clinic.scope') AS s")[0].decode(String.self, "s")
            }
        }
        #expect(scope == ClinicScope.clinics([world.first.id]).settingValue)
    }

    /// Grids in number order ("Grid 2" before "Grid 10"; the demo's are Grid 1 to Grid 12), residents without a grid
    /// last: in a clinic's figures, the county's total, and the CSV's lines.
    @Test func gridsAreInNumberOrder() async throws {
        let world = try await Self.world()
        func grids(_ figures: [String: Any]) -> [String] {
            let byGrid = (figures["outreach"] as? [String: Any])?["byGrid"] as? [[String: Any]] ?? []
            return byGrid.map { $0["grid"] as? String ?? "?" }
        }
        // Expected order made here from the names' numbers, not through the product's comparison.
        func numbered(_ names: [String]) -> [String] {
            names.sorted { a, b in
                let number = { (name: String) in Int(name.split(separator: " ").last ?? "") ?? .max }
                let (x, y) = (number(a), number(b))
                return x != y ? x < y : a < b
            }
        }
        let admin = try await world.app.signIn(.admin).client
        let own = grids(try await admin.get("/v1/reports/monthly?month=\(world.monthText)").json)
        #expect(own.contains("Grid 2") && own.contains("Grid 10"), "\(own)")
        #expect(own == numbered(own))
        let viewer = try await world.app.signIn(.countyViewer).client
        let county = try await viewer.get("/v1/reports/monthly?month=\(world.monthText)").json
        // The county total has no visits by grid: two rooms' "Grid 1" are different places. Its CSV lists the rooms'
        // grids in number order, the total's cell blank.
        #expect(grids(county["total"] as? [String: Any] ?? [:]).isEmpty)
        let rooms = (county["clinics"] as? [[String: Any]] ?? []).flatMap(grids)
        let csv = try await viewer.get("/v1/reports/monthly?month=\(world.monthText)", headers: ["Accept": "text/csv"])
        let rows = try CSVParser.parse(String(decoding: csv.body.dropFirst(3), as: UTF8.self)).filter {
            $0.first?.hasPrefix("outreach.byGrid.") == true
        }
        let lines = rows.compactMap { $0.first.map { String($0.dropFirst(16)) } }
        #expect(Set(lines) == Set(rooms) && lines == numbered(lines), "\(lines)")
        #expect(!rows.isEmpty && rows.allSatisfy { $0.last == "" }, "the total's cell is blank: \(rows.prefix(2))")
        // Without a grid: last, in the same order as the database's walking_order (0021) puts it.
        #expect(GridNames.precedes("Grid 9", "") && !GridNames.precedes("", "Grid 9"))
        #expect(GridNames.precedes("Grid 2", "Grid 10") && GridNames.precedes("Grid 10", "Grid 11"))
        #expect(GridNames.precedes("grid 3", "Grid 10"), "case aside, as walking_order")
    }

    @Test func theCountySeesItsClinicsSideBySide() async throws {
        let world = try await Self.world()
        let viewer = try await world.app.signIn(.countyViewer).client
        let response = try await viewer.get("/v1/reports/monthly?month=\(world.monthText)")
        #expect(response.status == 200, "\(response.text)")
        let clinics = response.json["clinics"] as? [[String: Any]] ?? []
        #expect(clinics.count == 2 && response.json["month"] as? String == world.monthText)
        #expect(clinics.allSatisfy { ["submitted", "notSubmitted"].contains($0["status"] as? String ?? "") })
        let total = Self.flattened(response.json["total"] as? [String: Any] ?? [:])
        let parts = clinics.map(Self.flattened)
        for key in ["consultations.total", "appointments.booked", "sessions.held", "elderly.total", "outreach.visits"] {
            #expect(total[key] == parts.map { $0[key] ?? 0 }.reduce(0, +), "\(key)")
        }
        // Each clinic's own figures are those its admin reads.
        let first = clinics.first { ($0["clinicId"] as? String)?.lowercased() == world.first.id.uuidString.lowercased() }
        let admin = try await world.app.signIn(.admin).client
        let own = try await admin.get("/v1/reports/monthly?month=\(world.monthText)").json
        #expect(first.map(Self.flattened) == Self.flattened(own))
        let csv = try await viewer.get("/v1/reports/monthly?month=\(world.monthText)", headers: ["Accept": "text/csv"])
        let header = try CSVParser.parse(String(decoding: csv.body.dropFirst(3), as: UTF8.self)).first ?? []
        #expect(header.count == 5)
    }
}
