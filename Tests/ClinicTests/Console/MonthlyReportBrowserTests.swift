import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The monthly report's console page in a real browser (`scripts/console/test_reports.py`): a demo county of two
/// clinics with a seeded last month; the admin picks the month, prints, downloads the CSV and submits; a county viewer
/// starts on the side-by-side report; each page in three languages at 360 and 1280 px. The screenshots stay in the
/// temporary directory the test prints.
@Suite(.serialized) struct MonthlyReportBrowserTests {
    @Test func theMonthlyReportWorksInARealBrowser() async throws {
        let missing = try await offPool { ConsoleBrowserTests.missingTools() }
        guard missing.isEmpty else {
            Issue.record("the console's browser tests need \(missing.joined(separator: ", ")) (see ConsoleBrowserTests)")
            return
        }
        let app = try await TestApp.fresh()
        let first = try await DemoClinic.firstClinic(app.pool)
        let today = ClinicSettingsStore.today(in: first.settings)
        try await DemoClinic.seed(pool: app.pool, clinics: 2, residents: 200, today: today, appointmentsPerClinicDay: 3)
        try await ClinicScope.county.run {
            let second = try await app.pool.withConnection { db in
                let id = try await db.query("SELECT id FROM clinics WHERE id <> \(first.id)")[0].decode(UUID.self, "id")
                return try await ClinicSettingsStore.clinic(id, on: db)
            }
            try await DemoMonth.fill(pool: app.pool, clinic: first, today: today, perClinicDay: 12)
            try await DemoMonth.fill(pool: app.pool, clinic: second, today: today, perClinicDay: 8, seed: 3)
        }
        try await app.application.services.refreshSettings()
        let admin = try await app.signIn(.admin)
        let viewer = try await app.signIn(.countyViewer)
        let month = String(today.firstOfMonth.adding(days: -1).description.prefix(7))

        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("report-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        print("monthly report screenshots: \(shots.path)")
        let environment = [
            "BASE_URL=\(app.baseURL.absoluteString)", "CONSOLE_SCREENSHOTS=\(shots.path)", "PYTHONUNBUFFERED=1",
            "CONSOLE_ADMIN_USER=\(admin.user.username)", "CONSOLE_ADMIN_PASSWORD=\(admin.password)",
            "CONSOLE_VIEWER_USER=\(viewer.user.username)", "CONSOLE_VIEWER_PASSWORD=\(viewer.password)",
            "CONSOLE_REPORT_MONTH=\(month)",
        ]
        let output = try await offPool {
            try runProcess("/usr/bin/env", environment + ["python3", ConsoleBrowserTests.script, "--only", "reports"])
        }
        print(output.text)
        #expect(output.status == 0, "the browser tests failed (screenshots in \(shots.path)):\n\(output.text)")
        #expect(output.text.contains(" steps passed, 0 failed"), "\(output.text.suffix(2000))")
        let pictures = (try? FileManager.default.contentsOfDirectory(atPath: shots.path)) ?? []
        for language in ["bo", "zh", "en"] {
            for width in [360, 1280] {
                #expect(pictures.contains("reports-county-\(language)-\(width).png"), "\(language) \(width)")
                #expect(pictures.contains("reports-admin-\(language)-\(width).png"), "\(language) \(width)")
            }
        }
    }
}
