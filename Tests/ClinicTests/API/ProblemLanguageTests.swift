import ClinicDomain
import Foundation
import Testing

@testable import Clinic

/// Problem+json speaks the request's language: `title`, `detail` and field messages follow `Accept-Language`;
/// `type`, `status`, field names and `instance` never change, and without the header everything stays English.
@Suite struct ProblemLanguageTests {
    static let tibetan: ClosedRange<Unicode.Scalar> = "\u{0F00}"..."\u{0FFF}"

    static func hasTibetan(_ text: String?) -> Bool { text?.unicodeScalars.contains { tibetan.contains($0) } ?? false }
    static func hasHan(_ text: String?) -> Bool {
        text?.unicodeScalars.contains { ("\u{4E00}"..."\u{9FFF}").contains($0) } ?? false
    }

    @Test func theSameBadRequestInEachLanguage() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        var answers: [String: TestResponse] = [:]
        for language in ["bo", "zh", "en", ""] {
            let headers = language.isEmpty ? [:] : ["Accept-Language": language]
            answers[language] = try await staff.client.get("/v1/residents?limit=0", headers: headers)
        }
        let raw = try await Self.rawGet(app, "/v1/residents?limit=0", token: try #require(staff.client.token))
        #expect(raw.status == 400 && raw.bodyText.contains("\"title\":\"Bad Request\""))
        #expect(raw.bodyText.contains("query parameter limit is not valid"))
        let english = try #require(answers[""])
        #expect(english.status == 400 && english.isProblem)
        #expect(english.string("title") == "Bad Request")
        #expect(english.string("detail") == "query parameter limit is not valid")
        #expect(answers["en"]?.string("title") == "Bad Request")
        #expect(answers["en"]?.string("detail") == english.string("detail"))
        for (language, answer) in answers {
            #expect(answer.status == 400 && answer.isProblem, "\(language)")
            #expect(answer.string("type") == english.string("type"), "\(language)")
            #expect(answer.errorFields == ["limit"], "\(language)")
            #expect(answer.json["status"] as? Int == 400)
        }
        let zh = try #require(answers["zh"])
        #expect(zh.string("title") == "请求有误")
        #expect(zh.string("detail") == "查询参数 limit 无效")
        let bo = try #require(answers["bo"])
        #expect(Self.hasTibetan(bo.string("title")) && Self.hasTibetan(bo.string("detail")))
        #expect(bo.string("detail")?.contains("limit") == true)
    }

    @Test func unauthorizedAndConflictTitlesFollowTheLanguage() async throws {
        let app = try await TestApp.forSuite()
        let anonymous = APIClient(baseURL: app.baseURL, token: nil)
        let en = try await anonymous.get("/v1/residents")
        #expect(en.status == 401 && en.string("title") == "Unauthorized")
        #expect(en.string("detail") == "a valid bearer token is required")
        let bo = try await anonymous.get("/v1/residents", headers: ["Accept-Language": "bo-CN, zh;q=0.5"])
        #expect(bo.status == 401 && bo.headers["www-authenticate"] == "Bearer")
        #expect(Self.hasTibetan(bo.string("title")) && Self.hasTibetan(bo.string("detail")))
        let zh = try await anonymous.get("/v1/nowhere", headers: ["Accept-Language": "zh-Hans-CN"])
        #expect(zh.status == 404 && zh.string("title") == "未找到")
        #expect(zh.string("detail") == "路径 /v1/nowhere 不存在")
    }

    @Test func fieldMessagesOfA422InChinese() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let bad: [String: Any] = [
            "names": ["latin": "Tashi"], "sex": "female", "birthDate": "2999-01-01", "languages": ["bo"],
        ]
        let english = try await staff.client.post("/v1/residents", bad)
        #expect(english.status == 422 && english.errorFields == ["birthDate"])
        let zh = try await staff.client.post("/v1/residents", bad, headers: ["Accept-Language": "zh"])
        #expect(zh.status == 422 && zh.errorFields == ["birthDate"])
        #expect(zh.string("type") == english.string("type") && zh.string("type") == "urn:clinic:problem:validation")
        #expect(zh.string("title") == "内容无法处理" && zh.string("detail") == "部分填写的值无效")
        let messages = (zh.json["errors"] as? [[String: Any]])?.compactMap { $0["message"] as? String }
        #expect(messages == ["不能是将来的时间"])
        let englishMessages = (english.json["errors"] as? [[String: Any]])?.compactMap { $0["message"] as? String }
        #expect(englishMessages == ["must not be in the future"])
    }

    @Test func printableDayListInTibetan() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let doctor = try await app.signIn(.doctor)
        let path = "/v1/day-list?date=\(Fixture.today)&doctorId=\(doctor.doctorId!.uuidString)"
        let bo = try await staff.client.get(path, headers: ["Accept": "text/html", "Accept-Language": "bo"])
        #expect(bo.status == 200)
        #expect(bo.text.contains("<html lang=\"bo\">"))
        #expect(bo.text.contains(DayListPage.Labels.noAppointments.bo))
        #expect(!bo.text.contains("No appointments."))
        let zh = try await staff.client.get(path, headers: ["Accept": "text/html", "Accept-Language": "zh-CN"])
        #expect(zh.text.contains("<html lang=\"zh\">") && zh.text.contains(DayListPage.Labels.noAppointments.zh))
        // No Accept-Language at all (URLSession adds one, so a raw request): a page is Chinese.
        let none = try await Self.rawGet(app, path, token: try #require(staff.client.token), accept: "text/html")
        #expect(none.status == 200 && none.bodyText.contains("<html lang=\"zh\">"))
        let en = try await staff.client.get(path, headers: ["Accept": "text/html", "Accept-Language": "en"])
        #expect(en.text.contains("<html lang=\"en\">") && en.text.contains("No appointments."))
    }

    @Test func printableSummaryInEachLanguage() {
        let summary = ExportFixtures.summary(ExportFixtures.fullFile())
        let bo = HealthSummaryPage.render(summary, language: .bo)
        #expect(bo.contains("<html lang=\"bo\">") && bo.contains("<h1>\(HealthSummaryPage.Labels.title.bo)</h1>"))
        #expect(bo.contains("<span lang=\"bo\">བཀྲ་ཤིས་སྒྲོལ་མ</span>") && !bo.contains("Health summary"))
        #expect(bo.contains("<style>\n\(HealthSummaryPage.style)\n</style>"))
        let en = HealthSummaryPage.render(summary, language: .en)
        #expect(en.contains("<html lang=\"en\">") && en.contains("<h1>Health summary</h1>") && !en.contains("健康档案"))
        #expect(HealthSummaryPage.render(summary).contains("<h1>健康档案摘要</h1>"))
        #expect(HealthSummaryPage.style.contains("Microsoft Himalaya") && DayListPage.style.contains("Noto Serif Tibetan"))
    }

    /// A GET with no `Accept-Language` header at all (off the cooperative pool, which the server's handlers need).
    static func rawGet(_ app: TestApp, _ path: String, token: String, accept: String = "application/json")
        async throws -> RawHTTPClient.Response
    {
        let port = app.server.port
        return try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send(
                "GET \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nAccept: \(accept)\r\n"
                    + "Connection: close\r\n\r\n")
            return try client.readResponse()
        }
    }
}
