import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// The notice templates: the files in the repository are what the server compiles in, each parses, renders in its
/// language and script, and a broken file is refused with its name, line and problem (and the server will not start).
@Suite struct NoticeTemplateTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repository.appendingPathComponent("templates/notices")

    static func parse(_ text: String) -> NoticeTemplateError? {
        do {
            _ = try NoticeTemplateFile.parse(text, file: "x.txt")
            return nil
        } catch {
            return error
        }
    }

    /// The English defaults with line `number` (1-based) replaced by `line`, or `line` appended when nil.
    static func english(replacing number: Int? = nil, with line: String) -> String {
        var lines = BuiltInNoticeTemplates.en.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let number { lines[number - 1] = line } else { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    static func lineNumber(of key: String) -> Int {
        let lines = BuiltInNoticeTemplates.en.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.hasPrefix(key + " =") }! + 1
    }

    @Test func theRepositoryFilesAreTheBuiltInTemplates() throws {
        for language in Language.allCases {
            let file = Self.directory.appendingPathComponent("\(language.rawValue).txt")
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text == BuiltInNoticeTemplates.source(language) + "\n", "run scripts/notice_templates.py")
        }
        let loaded = try NoticeTemplates.load(directory: Self.directory)
        #expect(loaded == NoticeTemplates.builtIn)
    }

    @Test func brokenTemplatesAreRefusedWithFileLineAndProblem() {
        let booked = Self.lineNumber(of: "booked")
        let unknown = Self.parse(Self.english(replacing: booked, with: "booked = {clinic}: see {doctr} at {time}"))
        #expect(unknown?.line == booked && unknown?.file == "x.txt")
        #expect(unknown?.problem.contains("unknown placeholder {doctr}") == true, "\(String(describing: unknown))")
        #expect(unknown?.description.hasPrefix("x.txt:\(booked): booked: unknown placeholder {doctr}") == true)

        let open = Self.parse(Self.english(replacing: booked, with: "booked = {clinic: at {time}"))
        #expect(open?.line == booked && open?.problem.contains("is not closed") == true)
        let close = Self.parse(Self.english(replacing: booked, with: "booked = clinic}: at {time}"))
        #expect(close?.line == booked && close?.problem.contains("closes no") == true)
        #expect(Self.parse(Self.english(replacing: booked, with: "booked = {{literal}} at {time}")) == nil)

        let previous = Self.parse(Self.english(replacing: booked, with: "booked = was {previousTime}"))
        #expect(previous?.problem.contains("unknown placeholder {previousTime}") == true)

        let missing = Self.parse(Self.english(replacing: Self.lineNumber(of: "reminder"), with: "# no reminder"))
        #expect(missing?.problem.hasPrefix("missing reminder") == true, "\(String(describing: missing))")

        let twice = Self.parse(Self.english(with: "booked = again {time}"))
        #expect(twice?.problem == "booked is given twice (first on line \(booked))")
        let stray = Self.parse(Self.english(with: "bookd = {time}"))
        #expect(stray?.problem.hasPrefix("unknown key \"bookd\"") == true)
        #expect(Self.parse(Self.english(with: "no equals sign here"))?.problem == "expected `key = text`")
        #expect(Self.parse(Self.english(replacing: booked, with: "booked ="))?.problem == "booked has no text")
        let digits = Self.parse(Self.english(replacing: Self.lineNumber(of: "digits"), with: "digits = roman"))
        #expect(digits?.problem.contains("western or tibetan") == true)
        let month = Self.parse(Self.english(replacing: Self.lineNumber(of: "month.4"), with: "# April"))
        #expect(month?.problem.contains("month.4 is missing") == true)
    }

    @Test func aBrokenDirectoryStopsTheServerAtStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notices-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func configure() -> String? {
            do {
                _ = try ServerConfiguration.fromEnvironment(["CLINIC_NOTICE_TEMPLATES": directory.path])
                return nil
            } catch {
                return error.description
            }
        }
        #expect(configure()?.contains("holds none of bo.txt, zh.txt, en.txt") == true)

        let zh = directory.appendingPathComponent("zh.txt")
        try Data([0xE4, 0xBD]).write(to: zh)
        #expect(configure() == "CLINIC_NOTICE_TEMPLATES: \(zh.path): is not UTF-8 text")

        try FileManager.default.removeItem(at: zh)
        try FileManager.default.createDirectory(at: zh, withIntermediateDirectories: false)
        #expect(configure() == "CLINIC_NOTICE_TEMPLATES: \(zh.path): cannot be read")
        try FileManager.default.removeItem(at: zh)

        let en = directory.appendingPathComponent("en.txt")
        let booked = Self.lineNumber(of: "booked")
        try Self.english(replacing: booked, with: "booked = {when}").write(to: en, atomically: true, encoding: .utf8)
        let message = try #require(configure())
        #expect(message.hasPrefix("CLINIC_NOTICE_TEMPLATES: \(en.path):\(booked): booked: unknown placeholder {when}"))
        // serve refuses it before it opens a database, exit status 2, naming the file and line.
        let status = await ClinicServerMain.run(["serve"], environment: ["CLINIC_NOTICE_TEMPLATES": directory.path])
        #expect(status == 2)

        // A good file replaces its language's texts; the other languages keep the built-in ones.
        try Self.english(replacing: booked, with: "booked = Booked: {date} {time}, {doctor}.")
            .write(to: en, atomically: true, encoding: .utf8)
        let configuration = try ServerConfiguration.fromEnvironment(["CLINIC_NOTICE_TEMPLATES": directory.path])
        let templates = configuration.noticeTemplates
        #expect(templates[.bo] == NoticeTemplates.builtIn[.bo] && templates[.en] != NoticeTemplates.builtIn[.en])
        #expect(NoticeRenderer(templates: templates).text(Self.record(.en)) == "Booked: Thursday 10 December 2026 09:30, Dr Dorje.")
    }

    static func record(_ language: Language, kind: NoticeKind = .booked, mode: ConsultationMode = .onsite)
        -> NotificationRecord
    {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let date = LocalDate(year: 2026, month: 12, day: 10)!
        return NotificationRecord(
            id: UUID(), clinicId: UUID(), residentId: UUID(), appointmentId: UUID(), kind: kind, language: language,
            recipientName: "x", recipientPhone: "138 0000 0000", recipientRelation: "self",
            startsAt: date.instant(at: LocalTime("09:30")!, in: zone),
            endsAt: date.instant(at: LocalTime("09:45")!, in: zone),
            previousStartsAt: date.adding(days: -2).instant(at: LocalTime("14:00")!, in: zone), doctorName: "Dr Dorje",
            mode: mode, status: .pending, reason: nil, attempts: 0, createdAt: Date(), sentAt: nil,
            residentName: language == .bo ? "བཀྲ་ཤིས་སྒྲོལ་མ" : "Tashi Dolma",
            residentNames: ResidentNames(bo: "བཀྲ་ཤིས་སྒྲོལ་མ", latin: "Tashi Dolma"), clinicName: "Gyatso health room",
            timeZone: "Asia/Shanghai")
    }

    @Test func everyKindRendersInEachLanguageWithItsDateStyle() {
        let renderer = NoticeRenderer(templates: .builtIn)
        for language in Language.allCases {
            for kind in NoticeKind.allCases {
                for mode in ConsultationMode.allCases {
                    let text = renderer.text(Self.record(language, kind: kind, mode: mode))
                    #expect(!text.contains("{") && !text.contains("}"), "\(language) \(kind): \(text)")
                    #expect(text.contains("Gyatso health room"))
                    switch language {
                    case .bo:
                        #expect(text.contains("༡༠") && text.contains("༠༩:༣༠") && text.contains("གཟའ་ཕུར་བུ"), "\(text)")
                    case .zh: #expect(text.contains("2026年12月10日（星期四）") && text.contains("09:30"), "\(text)")
                    case .en: #expect(text.contains("Thursday 10 December 2026") && text.contains("09:30"), "\(text)")
                    }
                    if kind.knowsPreviousTime {
                        #expect(text.contains(language == .bo ? "༡༤:༠༠" : "14:00"), "\(language) \(kind): \(text)")
                    }
                }
            }
        }
        let remote = renderer.text(Self.record(.en, mode: .remote))
        #expect(remote.contains("The doctor will call you by video or phone."))
        #expect(renderer.text(Self.record(.en, mode: .home)).contains("The doctor will come to your home."))
        #expect(renderer.text(Self.record(.zh, mode: .remote)).contains("医生将通过视频或电话与您联系"))
    }

    @Test func quietHoursAndBackoff() throws {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let night = try #require(QuietHours("21:00-08:00"))
        let day = LocalDate(year: 2026, month: 12, day: 10)!
        #expect(night.end(ofWindowAt: day.instant(at: LocalTime("12:00")!, in: zone), in: zone) == nil)
        #expect(night.end(ofWindowAt: day.instant(at: LocalTime("08:00")!, in: zone), in: zone) == nil)
        let morning = day.adding(days: 1).instant(at: LocalTime("08:00")!, in: zone)
        #expect(night.end(ofWindowAt: day.instant(at: LocalTime("21:00")!, in: zone), in: zone) == morning)
        #expect(night.end(ofWindowAt: day.adding(days: 1).instant(at: LocalTime("07:59")!, in: zone), in: zone) == morning)
        let lunch = try #require(QuietHours("12:00-13:30"))
        #expect(lunch.contains(LocalTime("12:00")!) && !lunch.contains(LocalTime("13:30")!))
        #expect(QuietHours("08:00-08:00") == nil && QuietHours("8:00-9:00") == nil)

        let backoff = RetryBackoff(first: .seconds(30), maximum: .seconds(3600))
        #expect((1...9).map { backoff.ceiling(afterAttempt: $0) }.map(\.components.seconds) == [
            30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
        ])
        for _ in 0..<50 {
            let delay = backoff.delay(afterAttempt: 3)
            #expect(delay >= .seconds(60) && delay <= .seconds(120))
        }
    }

    @Test func notificationSettingsAreCheckedAtStart() throws {
        func refusal(_ environment: [String: String]) -> String? {
            do {
                _ = try ServerConfiguration.fromEnvironment(environment)
                return nil
            } catch {
                return error.variable
            }
        }
        let defaults = try ServerConfiguration.fromEnvironment([:])
        #expect(defaults.notifyURL == nil && defaults.notifyMaxAttempts == 8)
        #expect(defaults.quietHours == QuietHours("21:00-08:00") && defaults.reminderTime == LocalTime("18:00"))
        let secret = "0123456789abcdef"
        #expect(refusal(["CLINIC_NOTIFY_URL": "ftp://gateway/x", "CLINIC_NOTIFY_SECRET": secret]) == "CLINIC_NOTIFY_URL")
        #expect(refusal(["CLINIC_NOTIFY_URL": "http://gateway/x"]) == "CLINIC_NOTIFY_SECRET")
        #expect(refusal(["CLINIC_NOTIFY_URL": "http://gateway/x", "CLINIC_NOTIFY_SECRET": "short"]) == "CLINIC_NOTIFY_SECRET")
        #expect(refusal(["CLINIC_NOTIFY_MAX_ATTEMPTS": "0"]) == "CLINIC_NOTIFY_MAX_ATTEMPTS")
        #expect(refusal(["CLINIC_QUIET_HOURS": "21-8"]) == "CLINIC_QUIET_HOURS")
        #expect(refusal(["CLINIC_REMINDER_TIME": "6pm"]) == "CLINIC_REMINDER_TIME")
        #expect(refusal(["CLINIC_NOTIFY_RETRY_AFTER": "soon"]) == "CLINIC_NOTIFY_RETRY_AFTER")
        let set = try ServerConfiguration.fromEnvironment([
            "CLINIC_NOTIFY_URL": "https://sms.example/notify", "CLINIC_NOTIFY_SECRET": secret,
            "CLINIC_NOTIFY_MAX_ATTEMPTS": "3", "CLINIC_QUIET_HOURS": "off", "CLINIC_REMINDER_TIME": "17:30",
            "CLINIC_NOTIFY_RETRY_AFTER": "2m",
        ])
        #expect(set.notifyURL?.absoluteString == "https://sms.example/notify" && set.notifySecret == secret)
        #expect(set.notifyMaxAttempts == 3 && set.quietHours == nil && set.reminderTime == LocalTime("17:30"))
        #expect(set.notifyRetryAfter == .seconds(120))
    }
}
