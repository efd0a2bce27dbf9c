import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The console in a real browser: headless Chromium driven by `scripts/console/run.py` (Selenium, axe-core) against
/// a server on port 0, in its short form (`scripts/console-browser.sh` is the long one). The screenshots stay in a
/// temporary directory whose path the test prints. Without Chromium, chromedriver, selenium or axe-selenium-python
/// the test fails and says what to install: CI installs them (`.ci/run`), so a skip would hide a broken check.
@Suite(.serialized) struct ConsoleBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/console/run.py").path

    static let tibetanName = "བཀྲ་ཤིས་སྒྲོལ་མ"
    static let chineseName = "扎西卓玛"

    /// What the console core serves today: sign-in, home, the language switch, sign-out; CSRF, the cookie's flags,
    /// the headers and typed `<script>` on the sign-in page; a Tibetan heading drawn with a Tibetan font; the sign-in
    /// page in three languages and every role's home at 360 and 1280 px (axe, console errors, sideways scroll, weight);
    /// a county admin's health-room picker (`scripts/console/test_county.py`): a second room, picked with the keyboard
    /// and script off, a resident registered in it, its page in three languages at both widths; none for staff.
    @Test func theConsoleCoreWorksInARealBrowser() async throws {
        try await run(
            ["--short", "--only", "basics,security-sign-in,tibetan-sign-in,pages-core,county"], pagesOfTheCore: true)
    }

    /// The clinic day of issue 18: the front desk finds a resident by Tibetan and by Chinese name, books a Thursday
    /// remote slot and checks a walk-in in; the doctor logs and signs the remote consultation; the front desk never
    /// sees its notes; a resident named `<script>alert(1)</script>` is text; a Tibetan name renders; the main pages
    /// at 360 and 1280 px in Chinese; then every page each role reaches by following links from its menu (axe-core,
    /// console errors, CSP, weight) at 1280 px; then a closure previewed and confirmed, the displaced list and
    /// rebooking (`scripts/console/test_schedule.py`). Each failed step names the missing element or the page.
    @Test func aClinicDayWorksInARealBrowser() async throws {
        try await run(
            ["--short", "--only", "flow,security-data,tibetan,pages,every-page,schedule"], pagesOfTheCore: false)
    }

    /// Prepares a clinic (admin, staff, a doctor who works remotely on a generated rota with Thursday remote slots and
    /// today's on-site slots, a resident with Tibetan and Chinese names) and runs the browser tests against it.
    func run(_ arguments: [String], pagesOfTheCore: Bool) async throws {
        let missing = try await offPool { Self.missingTools() }
        guard missing.isEmpty else {
            Issue.record(
                """
                the console's browser tests need \(missing.joined(separator: ", ")): apt-get install chromium \
                chromium-driver fonts-noto-core fonts-wqy-microhei; pip install -r scripts/requirements-test.txt \
                (.ci/run installs them)
                """)
            return
        }
        let app = try await TestApp.fresh()
        let admin = try await app.signIn(.admin)
        let staff = try await app.signIn(.staff)
        let doctor = try await app.signIn(.doctor)
        let county = try await app.signIn(.countyAdmin)
        // Today is a clinic day too, with one session over the whole day, and a second doctor who only works on
        // site serves today's session beside the test doctor (whose session ends in remote and home slots), so a
        // walk-in finds a free on-site slot (not the queue) whatever the hour, but for the day's last quarter hour.
        // Thursdays stay clinic days, served by the test doctor alone; Tuesdays are not: a week of whole-day
        // sessions is already several times a health room's (up to about 270 slots on the booking page).
        let today = Fixture.today
        var clinic = try await admin.client.get("/v1/clinic").json
        clinic["clinicWeekdays"] = Array(Set([4, today.isoWeekday])).sorted()
        clinic["sessions"] = [["name": "day", "start": "00:00", "end": "23:59"]]
        let settings = try await admin.client.put("/v1/clinic", clinic)
        #expect(settings.status == 200, "\(settings.text)")
        try await app.application.services.refreshSettings()
        _ = try await app.pool.withTransaction {
            try await RotaStore.generate(from: today, to: today.adding(days: 14), on: $0)
        }
        try await app.pool.query(
            """
            INSERT INTO doctors (name, institution, languages, modes)
            VALUES ('Dr Onsite', 'Town health centre', '{bo,zh}', '{onsite}')
            """)
        _ = try await app.pool.withTransaction {
            try await RotaStore.generate(from: today, to: today, replace: true, doctorsPerSession: 2, on: $0)
        }
        let resident = try await staff.client.post(
            "/v1/residents",
            [
                "names": ["bo": Self.tibetanName, "zh": Self.chineseName, "latin": "Tashi Dolma"],
                "sex": "female", "birthDate": "1948-03-02", "languages": ["bo", "zh"], "flags": ["livesAlone"],
            ])
        #expect(resident.status == 201, "\(resident.text)")

        let shots = FileManager.default.temporaryDirectory
            .appendingPathComponent("console-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        print("console browser screenshots: \(shots.path)")
        var environment = [
            "BASE_URL=\(app.baseURL.absoluteString)", "CONSOLE_SCREENSHOTS=\(shots.path)", "CONSOLE_LANGUAGE=zh",
            "CONSOLE_TIBETAN_NAME=\(Self.tibetanName)", "CONSOLE_CHINESE_NAME=\(Self.chineseName)",
            "PYTHONUNBUFFERED=1",
        ]
        for (role, user) in [("ADMIN", admin), ("STAFF", staff), ("DOCTOR", doctor), ("COUNTY", county)] {
            environment += ["CONSOLE_\(role)_USER=\(user.user.username)", "CONSOLE_\(role)_PASSWORD=\(user.password)"]
        }
        let started = Date()
        let command = environment + ["python3", Self.script] + arguments
        let output = try await offPool {
            try runProcess("/usr/bin/env", command)
        }
        if output.status == 0 { print(output.text) }  // a failure shows it in the issue below
        let seconds = Int(Date().timeIntervalSince(started))
        let place = "\(seconds) s; screenshots in \(shots.path)"
        #expect(output.status == 0, "the browser tests failed (\(place)):\n\(output.text)")
        #expect(output.text.contains(" steps passed, 0 failed"), "\(output.text.suffix(2000))")
        if pagesOfTheCore {
            let pictures = (try? FileManager.default.contentsOfDirectory(atPath: shots.path)) ?? []
            #expect(
                pictures.contains { $0.hasSuffix("-360.png") } && pictures.contains { $0.hasSuffix("-1280.png") },
                "screenshots at both widths: \(pictures)")
        }
    }

    /// The tools the browser tests need that this machine lacks.
    static func missingTools() -> [String] {
        let environment = ProcessInfo.processInfo.environment
        let path = (environment["PATH"] ?? "").split(separator: ":")
        /// The program `variable` names (as the harness reads it), else one of `names` on PATH.
        func found(_ names: [String], _ variable: String? = nil) -> Bool {
            let files = FileManager.default
            if let variable, let chosen = environment[variable] { return files.isExecutableFile(atPath: chosen) }
            return names.contains { name in path.contains { files.isExecutableFile(atPath: "\($0)/\(name)") } }
        }
        var missing: [String] = []
        if !found(["chromium", "chromium-browser", "google-chrome"], "CHROMIUM") { missing.append("chromium") }
        if !found(["chromedriver"], "CHROMEDRIVER") { missing.append("chromedriver (chromium-driver)") }
        if !found(["python3"]) {
            missing.append("python3")
        } else if let check = try? runProcess(
            "/usr/bin/env", ["python3", "-c", "import selenium, axe_selenium_python"]), check.status != 0
        {
            missing.append("the Python packages selenium and axe-selenium-python")
        }
        return missing
    }
}
