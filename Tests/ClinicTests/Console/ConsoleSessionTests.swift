import ClinicDomain
import Foundation
import Testing

@testable import Clinic
@testable import ClinicHTTP

/// The console's session: sign-in through the form sets an `HttpOnly`, `SameSite=Strict` cookie on `/console`,
/// every form needs its CSRF token, every answer carries the security headers, and the API ignores the cookie.
@Suite struct ConsoleSessionTests {
    static let securityHeaders = [
        "content-security-policy", "x-frame-options", "referrer-policy", "x-content-type-options",
    ]

    static func expectSecurityHeaders(_ response: RawHTTPClient.Response, _ place: String) {
        let csp = response.header("Content-Security-Policy") ?? ""
        #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "\(place): \(csp)")
        #expect(!csp.contains("unsafe-inline"), "\(place)")
        #expect(csp.contains("frame-ancestors 'none'"), "\(place)")
        #expect(response.header("X-Frame-Options") == "DENY", "\(place)")
        #expect(response.header("Referrer-Policy") == "same-origin", "\(place)")
        #expect(response.header("X-Content-Type-Options") == "nosniff", "\(place)")
    }

    @Test func theRootLeadsToTheConsoleAndTheConsoleToSignIn() async throws {
        let app = try await TestApp.forSuite()
        let browser = ConsoleClient(app: app)
        let root = try await browser.get("/")
        #expect(root.status == 303 && root.header("Location") == "/console/")
        let start = try await browser.get("/console/")
        #expect(start.status == 303)
        #expect(start.header("Location") == "/console/login?next=%2Fconsole%2F")
        for response in [root, start] { Self.expectSecurityHeaders(response, "redirect") }
    }

    @Test func signInSetsAStrictHttpOnlyCookieAndSignOutEndsTheSession() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let browser = ConsoleClient(app: app)
        let login = try await browser.get("/console/login?next=%2Fconsole%2F")
        #expect(login.status == 200)
        Self.expectSecurityHeaders(login, "login")
        #expect(login.bodyText.contains("autocomplete=\"current-password\""))

        let signedIn = try await browser.post(
            "/console/login", [("username", staff.user.username), ("password", staff.password), ("next", "/console/")])
        #expect(signedIn.status == 303 && signedIn.header("Location") == "/console/")
        let cookie = try #require(ConsoleClient.setCookies(signedIn).first { $0.hasPrefix("clinic_session=") })
        for flag in ["HttpOnly", "SameSite=Strict", "Path=/console"] { #expect(cookie.contains(flag), "\(cookie)") }
        #expect(!cookie.contains("Secure"), "no TLS configured: \(cookie)")
        let token = try #require(browser.cookies["clinic_session"])

        let home = try await browser.get("/console/")
        #expect(home.status == 200 && home.bodyText.contains(staff.user.username))
        Self.expectSecurityHeaders(home, "home")
        #expect(home.header("Cache-Control") == "no-store")

        // The API never reads cookies: the session cookie is no credential there.
        let me = try await offPool {
            let client = try RawHTTPClient(port: app.baseURL.port!)
            try client.send(
                "GET /v1/me HTTP/1.1\r\nHost: x\r\nCookie: clinic_session=\(token)\r\nConnection: close\r\n\r\n")
            return try client.readResponse()
        }
        #expect(me.status == 401)

        // Sign-out needs the form token too, then revokes the token everywhere.
        #expect(try await browser.post("/console/logout", [], csrf: ConsoleClient.withoutCSRF).status == 403)
        #expect(try await browser.get("/console/").status == 200)
        let out = try await browser.post("/console/logout", [])
        #expect(out.status == 303 && out.header("Location") == "/console/login?out=1")
        #expect(browser.cookies["clinic_session"] == nil)
        #expect(try await app.anonymous.with(token: token).get("/v1/me").status == 401)
    }

    @Test func formsWithoutOrWithAWrongTokenAre403() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let browser = ConsoleClient(app: app)
        try await browser.get("/console/login")
        // The sign-in form: no token, a wrong one, or the right one without the cookie it must match.
        let fields = [("username", staff.user.username), ("password", staff.password)]
        #expect(try await browser.post("/console/login", fields, csrf: ConsoleClient.withoutCSRF).status == 403)
        #expect(try await browser.post("/console/login", fields, csrf: "forged").status == 403)
        let other = ConsoleClient(app: app)
        #expect(try await other.post("/console/login", fields, csrf: browser.formToken).status == 403)

        try await browser.signIn(staff.user.username, staff.password)
        _ = try await browser.get("/console/")
        let token = try #require(browser.formToken)
        #expect(token.count == 64 && !token.contains(browser.cookies["clinic_session"] ?? "-"))
        let refused = try await browser.post("/console/logout", [], csrf: String(token.reversed()))
        #expect(refused.status == 403)
        Self.expectSecurityHeaders(refused, "403")
        #expect(refused.header("Content-Type")?.hasPrefix("text/html") == true)
    }

    @Test func wrongPasswordsShowAnErrorAndAreThrottledLikeTheAPI() async throws {
        let app = try await TestApp.fresh()
        let staff = try await app.signIn(.staff)
        let browser = ConsoleClient(app: app)
        var statuses: [Int] = []
        for _ in 0..<6 {
            try await browser.get("/console/login")
            let answer = try await browser.post(
                "/console/login", [("username", staff.user.username), ("password", "wrong password here")])
            statuses.append(answer.status)
            #expect(answer.bodyText.contains("value=\"\(staff.user.username)\""), "the name typed is kept")
            #expect(!answer.bodyText.contains("wrong password here"), "a password is never echoed")
        }
        #expect(statuses.prefix(5).allSatisfy { $0 == 401 }, "\(statuses)")
        #expect(statuses.last == 429, "\(statuses)")
    }

    /// Each role's menu leads only to pages that role may open, and every console page a role needs is in it.
    @Test func everyMenuEntryOpensForItsRole() async throws {
        let app = try await TestApp.forSuite()
        let expected: [(Role, [String])] = [
            (
                .staff,
                [
                    "/console/", "/console/residents", "/console/book", "/console/worklists",
                    "/console/doctor-requests", "/console/notifications", "/console/exports",
                ]
            ),
            (.doctor, ["/console/", "/console/rota", "/console/drafts", "/console/residents", "/console/worklists"]),
            (
                .admin,
                [
                    "/console/", "/console/residents", "/console/book", "/console/rota", "/console/worklists",
                    "/console/doctor-requests", "/console/notifications", "/console/exports", "/console/reports",
                    "/console/admin",
                ]
            ),
            (.gridWorker, ["/console/outreach"]),
        ]
        for (role, paths) in expected {
            let (browser, _) = try await ResidentPagesTests.browser(app, role)
            let home = try await browser.get("/console/")
            let menu =
                home.bodyText.components(separatedBy: "<ul class=\"menu\">").dropFirst().first?
                .components(separatedBy: "</ul>").first ?? ""
            let links = menu.components(separatedBy: "href=\"").dropFirst().compactMap {
                $0.split(separator: "\"", maxSplits: 1).first.map(String.init)
            }
            #expect(links == paths, "\(role): \(links)")
            for link in links {
                #expect(try await browser.get(link).status == 200, "\(role) \(link)")
            }
        }
    }

    /// What a hostile client tried (a review of the console): each holds.
    @Test func signingInOverASessionEndsItAndAPlantedSecondCookieIsNoSession() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let doctor = try await app.signIn(.doctor)
        let browser = ConsoleClient(app: app)
        try await browser.signIn(staff.user.username, staff.password)
        let first = try #require(browser.cookies["clinic_session"])
        // Another user signs in at the same browser (the form's token is the open session's).
        try await browser.get("/console/")
        let signedIn = try await browser.post(
            "/console/login", [("username", doctor.user.username), ("password", doctor.password)])
        #expect(signedIn.status == 303)
        let second = try #require(browser.cookies["clinic_session"])
        #expect(second != first)
        #expect(try await app.anonymous.with(token: first).get("/v1/me").status == 401, "the first session ended")
        #expect(try await app.anonymous.with(token: second).get("/v1/me").status == 200)

        // A second `clinic_session` (planted from elsewhere) beside the real one: neither is trusted.
        let planted = try await offPool {
            let client = try RawHTTPClient(port: app.baseURL.port!)
            try client.send(
                "GET /console/ HTTP/1.1\r\nHost: x\r\nCookie: clinic_session=planted; clinic_session=\(second)\r\n"
                    + "Connection: close\r\n\r\n")
            return try client.readResponse()
        }
        #expect(planted.status == 303 && planted.header("Location")?.hasPrefix("/console/login") == true)
    }

    @Test func twoSignInTabsBothWork() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        let browser = ConsoleClient(app: app)
        try await browser.get("/console/login")
        let firstTab = try #require(browser.formToken)
        try await browser.get("/console/login")
        #expect(browser.formToken == firstTab, "the second tab reuses the browser's sign-in cookie")
        let signedIn = try await browser.post(
            "/console/login", [("username", staff.user.username), ("password", staff.password)], csrf: firstTab)
        #expect(signedIn.status == 303)
    }

    @Test func unreadableFormsAre400AndOtherAssetVersions404() async throws {
        let app = try await TestApp.forSuite()
        let (browser, _) = try await ResidentPagesTests.browser(app, .staff)
        try await browser.get("/console/residents/new")
        let token = try #require(browser.formToken)
        for bad in ["names.zh=%ZZ", "names.zh=%FF%FE", "names.zh=a%"] {
            let answer = try await browser.send("POST", "/console/residents/new", body: "_csrf=\(token)&" + bad)
            #expect(answer.status == 400, "\(bad)")
            #expect(answer.header("Content-Type")?.hasPrefix("text/html") == true, "\(bad)")
        }
        // Raw bytes that are not UTF-8 are refused, not stored as U+FFFD.
        let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let raw = try await offPool {
            let body = Array("_csrf=\(token)&sex=female&birthDate=1950-01-01&names.zh=".utf8) + [0xFF, 0xFE]
            let client = try RawHTTPClient(port: app.baseURL.port!)
            try client.send(
                Array(
                    ("POST /console/residents/new HTTP/1.1\r\nHost: x\r\nCookie: \(cookie)\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.count)\r\n"
                        + "Connection: close\r\n\r\n").utf8) + body)
            return try client.readResponse()
        }
        #expect(raw.status == 400)

        #expect(try await browser.get(ConsoleAssets.stylePath).status == 200)
        #expect(try await browser.get("/console/assets/anything-at-all/console.css").status == 404)

        // A page answering a form offers languages that lead back to the console's start, not to a POST-only path.
        let refused = try await browser.post("/console/residents/new", [("sex", "female")])
        #expect(refused.status == 422)
        #expect(refused.bodyText.contains("next=%2Fconsole%2F\""), "\(refused.bodyText.prefix(2000))")
    }

    @Test func aSignInNeverRedirectsOffTheConsole() {
        let refused = [
            "https://evil.example/", "//evil.example/", "/\\evil.example", "/v1/me", "javascript:alert(1)",
            "/console/../..//evil.example", "/console/%2e%2e/%2e%2e//evil.example", "/console@evil.example",
            "/consolex", "/console/\u{202E}x", "/console/a\r\nLocation: //evil",
            "/console/" + String(repeating: "a", count: 2_001),
        ]
        for next in refused {
            #expect(ConsoleResponse.safeNext(next) == "/console/", "\(next.prefix(60))")
        }
        for kept in ["/console/residents?q=a", "/console", "/console?date=2026-12-08", "/console/residents?q=a/../b"] {
            #expect(ConsoleResponse.safeNext(kept) == kept)
        }
    }

    @Test func theLanguageFollowsTheBrowserUntilTheUserChooses() async throws {
        let app = try await TestApp.forSuite()
        let browser = ConsoleClient(app: app)
        browser.headers["Accept-Language"] = "bo-CN,bo;q=0.9,zh;q=0.8"
        #expect(try await browser.get("/console/login").bodyText.contains("<html lang=\"bo\">"))
        browser.headers["Accept-Language"] = "en-GB,en;q=0.9"
        #expect(try await browser.get("/console/login").bodyText.contains("<html lang=\"en\">"))
        let chosen = try await browser.get("/console/language?to=zh&next=%2Fconsole%2Flogin")
        #expect(chosen.status == 303 && chosen.header("Location") == "/console/login")
        let page = try await browser.get("/console/login")
        #expect(page.bodyText.contains("<html lang=\"zh\">") && page.bodyText.contains("登录"))
        let offSite = try await browser.get("/console/language?to=en&next=https%3A%2F%2Fevil.example")
        #expect(offSite.header("Location") == "/console/")
    }

    @Test func cookiesAreSecureBehindTLS() async throws {
        let app = try await TestApp.fresh(environment: ["CLINIC_SECURE_COOKIES": "true"])
        let staff = try await app.signIn(.staff)
        let browser = ConsoleClient(app: app)
        let login = try await browser.get("/console/login")
        #expect(ConsoleClient.setCookies(login).allSatisfy { $0.contains("Secure") })
        let signedIn = try await browser.post(
            "/console/login", [("username", staff.user.username), ("password", staff.password)])
        #expect(ConsoleClient.setCookies(signedIn).allSatisfy { $0.contains("Secure") })
    }
}
