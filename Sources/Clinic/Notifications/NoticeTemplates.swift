import ClinicDomain
import Foundation

/// The notice texts of the three languages. The defaults are compiled in (`BuiltInNoticeTemplates`, the same text as
/// `templates/notices/*.txt`); `CLINIC_NOTICE_TEMPLATES` names a directory whose `bo.txt`, `zh.txt` and `en.txt`
/// replace them, each file whole (a language without a file keeps the default).
struct NoticeTemplates: Sendable, Equatable {
    let wordings: [Language: NoticeWording]

    subscript(language: Language) -> NoticeWording { wordings[language]! }

    static let builtIn: NoticeTemplates = {
        var wordings: [Language: NoticeWording] = [:]
        for language in Language.allCases {
            do {
                wordings[language] = try NoticeTemplateFile.parse(
                    BuiltInNoticeTemplates.source(language), file: "built-in \(language.rawValue).txt")
            } catch {
                preconditionFailure("the built-in notice templates do not parse: \(error)")
            }
        }
        return NoticeTemplates(wordings: wordings)
    }()

    /// The templates of `directory`, over the built-in ones.
    static func load(directory: URL) throws(NoticeTemplateError) -> NoticeTemplates {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw NoticeTemplateError(file: directory.path, line: nil, problem: "no such directory") }
        var wordings = builtIn.wordings
        var found = 0
        for language in Language.allCases {
            let file = directory.appendingPathComponent("\(language.rawValue).txt")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            found += 1
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw NoticeTemplateError(file: file.path, line: nil, problem: "cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw NoticeTemplateError(file: file.path, line: nil, problem: "is not UTF-8 text")
            }
            wordings[language] = try NoticeTemplateFile.parse(text, file: file.path)
        }
        guard found > 0 else {
            throw NoticeTemplateError(file: directory.path, line: nil, problem: "holds none of bo.txt, zh.txt, en.txt")
        }
        return NoticeTemplates(wordings: wordings)
    }
}
