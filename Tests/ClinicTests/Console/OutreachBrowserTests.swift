import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Outreach in a real browser (`scripts/console/test_outreach.py`): the grid worker's round at 360 px in three
/// languages with one tap recording an outcome, and the desk booking the doctor request it opened through the green
/// channel, or closing one. Screenshots land in a temporary directory whose path the test prints.
@Suite(.serialized) struct OutreachBrowserTests {
    @Test func aGridWorkersRoundAndTheDesksDoctorRequestsWorkInARealBrowser() async throws {
        let missing = try await offPool { ConsoleBrowserTests.missingTools() }
        guard missing.isEmpty else {
            Issue.record("the browser tests need \(missing.joined(separator: ", ")) (.ci/run installs them)")
            return
        }
        let app = try await TestApp.fresh()
        let staff = try await app.signIn(.staff)
        let worker = try await app.signIn(.gridWorker, grids: ["North 3"], phone: "13800001234")
        _ = try await Fixture.doctor("Dr Outreach Browser", pool: app.pool)
        _ = try await Fixture.generate(from: Fixture.today.adding(days: 1), to: Fixture.today.adding(days: 21), pool: app.pool)
        for (index, names) in [
            ("བཀྲ་ཤིས་སྒྲོལ་མ", "扎西卓玛", "Tashi Dolma"), ("ཚེ་རིང་ལྷ་མོ", "次仁拉姆", "Tsering Lhamo"),
            ("པད་མ་རྡོ་རྗེ", "白玛多吉", "Pema Dorje"),
        ].enumerated() {
            try await app.pool.query(
                """
                INSERT INTO residents (clinic_id, name_bo, name_zh, name_latin, sex, birth_date, languages, grid,
                                       household, address, phone, flags)
                VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), \(names.0), \(names.1), \(names.2),
                        'female', \(LocalDate(year: 1938 + index, month: 4, day: 2)!), '{bo,zh}', 'North 3',
                        \("H\(index + 1)"), \("\(index + 3) Barley Lane"), \(index == 2 ? nil : "1390000000\(index)"),
                        \(index == 0 ? ["livesAlone"] : []))
                """)
        }
        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("outreach-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        print("outreach browser screenshots: \(shots.path)")
        var environment = [
            "BASE_URL=\(app.baseURL.absoluteString)", "CONSOLE_SCREENSHOTS=\(shots.path)", "PYTHONUNBUFFERED=1",
        ]
        for (role, user) in [("STAFF", staff), ("GRIDWORKER", worker)] {
            environment += ["CONSOLE_\(role)_USER=\(user.user.username)", "CONSOLE_\(role)_PASSWORD=\(user.password)"]
        }
        let command = environment + ["python3", ConsoleBrowserTests.script, "--short", "--only", "outreach"]
        let output = try await offPool { try runProcess("/usr/bin/env", command) }
        if output.status == 0 { print(output.text) }
        #expect(output.status == 0, "the outreach browser tests failed (screenshots in \(shots.path)):\n\(output.text)")
        #expect(output.text.contains(" steps passed, 0 failed"), "\(output.text.suffix(2000))")
        let pictures = (try? FileManager.default.contentsOfDirectory(atPath: shots.path)) ?? []
        #expect(pictures.contains { $0.hasPrefix("outreach-round-bo-360") }, "\(pictures)")
    }
}
