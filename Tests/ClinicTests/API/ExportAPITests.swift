import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The exports through real HTTP: negotiation, roles, the streamed CSV read back, and one audit row per export.
@Suite struct ExportAPITests {
    static func resident(_ names: [String: String], grid: String, extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "names": names, "sex": "female", "birthDate": "1948-03-02", "languages": ["bo", "zh"], "grid": grid,
            "idNumber": "540102194803021234",
        ]
        body.merge(extra) { _, new in new }
        return body
    }

    /// A resident with a problem, a medication, an allergy, vitals, a Barthel score and a signed consultation.
    static func residentWithFile(_ app: TestApp, staff: APIClient, grid: String) async throws -> UUID {
        let created = try await staff.post(
            "/v1/residents",
            resident(["bo": "བཀྲ་ཤིས་སྒྲོལ་མ", "zh": "扎西卓玛", "latin": "Tashi <script>x</script>"], grid: grid))
        let id = try #require(UUID(uuidString: created.string("id") ?? ""))
        let today = ClinicalFixtures.today
        try await app.pool.withConnection { db in
            _ = try await HealthRecordStore.addProblem(
                residentId: id, NewProblem(code: "I10", text: "Hypertension 高血压"), today: today, on: db)
            _ = try await HealthRecordStore.addMedication(
                residentId: id, NewMedication(name: "Amlodipine", dose: "5 mg"), on: db)
            _ = try await HealthRecordStore.addAllergy(residentId: id, NewAllergy(substance: "Penicillin", severity: "severe"), on: db)
            _ = try await HealthRecordStore.addVitals(
                residentId: id,
                NewVitalSigns(
                    takenAt: ClinicalFixtures.instant(Date().addingTimeInterval(-3600)),
                    vitals: Vitals(systolic: 152, diastolic: 94, heartRate: 80)), on: db)
            _ = try await HealthRecordStore.addAssessment(
                residentId: id,
                NewAssessment(
                    kind: "barthel",
                    items: [
                        "feeding": 10, "bathing": 0, "grooming": 5, "dressing": 5, "bowels": 10, "bladder": 10,
                        "toiletUse": 5, "transfers": 10, "mobility": 10, "stairs": 0,
                    ]), on: db)
            let doctor = try await ClinicalFixtures.doctor(on: db)
            _ = try await ConsultationStore.create(
                ClinicalFixtures.consultation(residentId: id, endedDaysAgo: 1), doctorId: doctor, on: db)
        }
        return id
    }

    static func auditDetail(_ app: TestApp, requestId: String?, action: String = "export") async throws
        -> [[String: AuditValue]]
    {
        let id = try #require(requestId)
        return try await app.pool.query(
            "SELECT detail FROM audit_log WHERE request_id = \(id) AND action = \(action) ORDER BY at"
        ).map { try $0.decodeJSON([String: AuditValue].self, "detail") }
    }

    @Test func summaryInEveryFormatWithNotesPerRole() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let doctor = try await app.signIn(.doctor)
        let id = try await Self.residentWithFile(app, staff: staff.client, grid: "sum-\(UUID().uuidString.prefix(6))")
        let path = "/v1/residents/\(id)/summary"

        for accept in [nil, "*/*", "application/json", "application/*;q=0.9, text/csv"] {
            let response = try await staff.client.get(path, headers: accept.map { ["Accept": $0] } ?? [:])
            #expect(response.status == 200, "Accept \(accept ?? "none")")
            #expect(response.headers["content-type"] == "application/json")
        }
        let json = try await staff.client.get(path)
        #expect(json.headers["cache-control"] == "no-store")
        let resident = try #require(json.json["resident"] as? [String: Any])
        #expect(resident["idNumber"] as? String == "**************1234")
        #expect(!json.text.contains("540102194803021234"))
        #expect((json.json["activeProblems"] as? [[String: Any]])?.first?["code"] as? String == "I10")
        let staffConsultations = try #require(json.json["lastConsultations"] as? [[String: Any]])
        #expect(staffConsultations.count == 1 && staffConsultations[0]["notes"] == nil)
        #expect(!json.text.contains("Headache"))
        let assessments = try #require(json.json["latestAssessments"] as? [[String: Any]])
        #expect(
            assessments.first?["score"] as? Int == 65 && assessments.first?["band"] as? String == "moderateDependency")

        let doctors = try await doctor.client.get(path)
        #expect(doctors.status == 200 && doctors.text.contains("Headache for three days"))

        let fhir = try await staff.client.get(path, headers: ["Accept": "application/fhir+json"])
        #expect(fhir.status == 200 && fhir.headers["content-type"] == "application/fhir+json")
        #expect(fhir.json["resourceType"] as? String == "Bundle")
        if FHIRValidator.isAvailable || FHIRValidator.required {
            let result = try await FHIRValidator.validate(fhir.body)
            #expect(result.status == 0, "\(result.output)")
        }

        let html = try await staff.client.get(path, headers: ["Accept": "text/html"])
        #expect(html.status == 200 && html.headers["content-type"] == "text/html; charset=utf-8")
        #expect(html.text.contains("བཀྲ་ཤིས་སྒྲོལ་མ") && html.text.contains("扎西卓玛"))
        #expect(html.text.contains("Tashi &lt;script&gt;x&lt;/script&gt;") && !html.text.contains("<script>"))
        #expect(html.text.contains("Community Smart Health Room"))
        // Words, not codes: the languages by name, the allergy's severity in the page's language, the time it was
        // made to the minute (not RFC 3339 with microseconds).
        #expect(html.text.contains("བོད་ཡིག, 中文") && html.text.contains(">Severe<"), "\(html.text)")
        #expect(html.text.range(of: #"\d{4}-\d{2}-\d{2} \d{2}:\d{2} ·"#, options: .regularExpression) != nil)
        #expect(html.text.range(of: #"T\d{2}:\d{2}:\d{2}\.\d+\+"#, options: .regularExpression) == nil)

        let refused = try await staff.client.get(path, headers: ["Accept": "application/xml"])
        #expect(refused.status == 406 && refused.isProblem)
        #expect(try await staff.client.get("/v1/residents/\(UUID())/summary").status == 404)
        #expect(try await app.anonymous.get(path).status == 401)

        // One audit row per export, naming the format; none for the 406.
        let formats = try await app.pool.query(
            """
            SELECT detail ->> 'format' AS format FROM audit_log
            WHERE resident_id = \(id) AND action = 'export' AND resource_type = 'healthSummary'
            """
        ).map { try $0.decode(String.self, "format") }
        #expect(formats.sorted() == ["fhir", "html", "json", "json", "json", "json", "json", "json"])
    }

    @Test func csvReadsBackExactlyAndNeutralisesFormulas() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let grid = "csv-\(UUID().uuidString.prefix(8))"
        let withFile = try await Self.residentWithFile(app, staff: staff.client, grid: grid)
        let formula = try #require(
            try await staff.client.post(
                "/v1/residents",
                Self.resident(
                    ["latin": "=1+1", "zh": "@x 卓玛"], grid: grid,
                    extra: ["household": "-3", "phone": "+86 139 0891 2345", "flags": ["livesAlone", "emptyNest"]])
            ).string("id"))
        let quoted = try #require(
            try await staff.client.post(
                "/v1/residents",
                Self.resident(["bo": "ཚེ་རིང་ལྷ་མོ", "zh": "次仁拉姆", "latin": "Tsering, \"Ama\" Lhamo"], grid: grid)
            ).string("id"))
        // Registration refuses line breaks in names; older data may still hold them, so the CSV must carry them.
        let multiline = try await app.pool.query(
            """
            INSERT INTO residents (clinic_id, name_latin, name_zh, sex, birth_date, grid)
            VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), 'Pema' || chr(10) || 'Lhamo, "Jr"', '白玛' || chr(13) || chr(10) || '拉姆', 'male', '1950-01-01', \(grid))
            RETURNING id
            """
        ).first!.decode(UUID.self, "id")

        let response = try await staff.client.get("/v1/exports/health-files.csv?grid=\(grid)")
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/csv; charset=utf-8")
        #expect(response.headers["content-disposition"]?.hasPrefix("attachment; filename=\"health-files-") == true)
        #expect(response.body.prefix(3) != Data(CSVWriter.bom))
        let records = try CSVParser.parse(response.text)
        #expect(records.first == HealthFilesCSV.columns)
        #expect(records.count == 5)
        let column = Dictionary(uniqueKeysWithValues: HealthFilesCSV.columns.enumerated().map { ($1, $0) })
        let rows = Dictionary(uniqueKeysWithValues: records.dropFirst().map { ($0[0].uppercased(), $0) })

        let f = try #require(rows[formula.uppercased()])
        #expect(f[column["nameLatin"]!] == "'=1+1")
        #expect(f[column["nameZh"]!] == "'@x 卓玛")
        #expect(f[column["household"]!] == "'-3")
        #expect(f[column["phone"]!] == "'+86 139 0891 2345")
        #expect(f[column["flags"]!] == "livesAlone;emptyNest")
        let q = try #require(rows[quoted.uppercased()])
        #expect(q[column["nameBo"]!] == "ཚེ་རིང་ལྷ་མོ" && q[column["nameZh"]!] == "次仁拉姆")
        #expect(q[column["nameLatin"]!] == "Tsering, \"Ama\" Lhamo")
        let m = try #require(rows[multiline.uuidString])
        #expect(m[column["nameLatin"]!] == "Pema\nLhamo, \"Jr\"")
        #expect(m[column["nameZh"]!] == "白玛\r\n拉姆")
        let w = try #require(rows[withFile.uuidString])
        #expect(w[column["activeProblems"]!] == "Hypertension 高血压 [I10]")
        #expect(w[column["latestBloodPressure"]!] == "152/94")
        #expect(w[column["barthelScore"]!] == "65" && w[column["barthelBand"]!] == "moderateDependency")
        // The start's date in the clinic's zone (a day ago by the clock, which is two dates ago just after midnight).
        let started = try await app.pool.query(
            "SELECT started_at FROM consultations WHERE resident_id = \(withFile) ORDER BY started_at DESC LIMIT 1"
        )[0].decode(Date.self, "started_at")
        #expect(w[column["lastConsultationDate"]!] == LocalDate(started, in: ClinicalFixtures.shanghai).description)
        #expect(w[column["age"]!] == String(LocalDate("1948-03-02")!.age(on: ClinicalFixtures.today)))

        let detail = try await Self.auditDetail(app, requestId: response.headers["x-request-id"])
        #expect(detail == [["format": .string("csv"), "filter": .strings(["grid=\(grid)"])]])
        let ended = try await Self.auditDetail(app, requestId: response.headers["x-request-id"], action: "exportEnded")
        #expect(ended == [["format": .string("csv"), "count": .int(4), "completed": .bool(true)]])
    }

    @Test func csvFiltersBomRolesAndBadParameters() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let admin = try await app.signIn(.admin)
        let doctor = try await app.signIn(.doctor)
        let grid = "flt-\(UUID().uuidString.prefix(8))"
        let withFile = try await Self.residentWithFile(app, staff: staff.client, grid: grid)
        _ = try await staff.client.post(
            "/v1/residents",
            Self.resident(["zh": "年轻人"], grid: grid, extra: ["birthDate": "2000-01-01", "flags": ["disabled"]]))

        func ids(_ query: String, _ client: APIClient) async throws -> [String] {
            let response = try await client.get("/v1/exports/health-files.csv?grid=\(grid)&\(query)")
            #expect(response.status == 200, "\(query)")
            return try CSVParser.parse(response.text).dropFirst().map { $0[0].uppercased() }
        }
        #expect(try await ids("problem=hypertension", staff.client) == [withFile.uuidString])
        #expect(try await ids("problem=i10", staff.client) == [withFile.uuidString])
        #expect(try await ids("problem=%E9%AB%98%E8%A1%80", staff.client) == [withFile.uuidString])  // 高血
        #expect(try await ids("problem=100%25", staff.client).isEmpty, "% is taken literally")
        #expect(try await ids("minAge=65", admin.client) == [withFile.uuidString])
        #expect(try await ids("flag=disabled", staff.client).count == 1)

        let bom = try await staff.client.get("/v1/exports/health-files.csv?grid=\(grid)&bom=1")
        #expect(bom.body.prefix(3) == Data(CSVWriter.bom))
        #expect(try CSVParser.parse(String(decoding: bom.body.dropFirst(3), as: UTF8.self)).count == 3)

        let before = try await app.pool.query(
            "SELECT count(*) AS n FROM audit_log WHERE resource_type = 'healthFilesCSV'"
        )
        .first!.decode(Int.self, "n")
        #expect(try await doctor.client.get("/v1/exports/health-files.csv").status == 403)
        for bad in ["minAge=abc", "minAge=200", "flag=rich", "bom=maybe", "problem=%20%20"] {
            let response = try await staff.client.get("/v1/exports/health-files.csv?\(bad)")
            #expect(response.status == 400 && response.isProblem, "\(bad)")
        }
        let after = try await app.pool.query(
            "SELECT count(*) AS n FROM audit_log WHERE resource_type = 'healthFilesCSV'"
        )
        .first!.decode(Int.self, "n")
        #expect(after == before, "refused exports leave no export row")
    }

    @Test func csvIsChunkedOnTheWire() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let token = try #require(staff.client.token)
        let port = app.server.port
        let response = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send(
                "GET /v1/exports/health-files.csv?grid=none HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Connection: close\r\n\r\n")
            return try client.readResponse()
        }
        #expect(response.status == 200)
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.bodyText == HealthFilesCSV.header)
    }
}
