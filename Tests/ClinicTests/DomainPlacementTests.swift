import Foundation
import Testing

/// Issue 17, item 5, read from the sources: the reason limit is named once (`TextRules`), and the domain says
/// nothing of HTTP (the statuses live in the API's error mapping files).
struct DomainPlacementTests {
    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
    }

    /// Each Swift file under `Sources/<folder>` with its text.
    static func files(_ folder: String) throws -> [(name: String, text: String)] {
        let root = sources.appendingPathComponent(folder)
        var result: [(String, String)] = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            result.append((file.path.replacingOccurrences(of: sources.path + "/", with: ""),
                try String(contentsOf: file, encoding: .utf8)))
        }
        return result
    }

    @Test func reasonLimitIsNamedOnce() throws {
        let all = try Self.files("Clinic") + Self.files("ClinicDomain")
        #expect(all.count > 50)
        let literal = all.filter { file in
            file.text.split(separator: "\n").contains { $0.contains("reason") && $0.contains("1000") }
                && !file.name.hasSuffix("TextRules.swift")
        }
        #expect(literal.map(\.name).isEmpty, "the reason limit written out again: \(literal.map(\.name))")
    }

    @Test func domainQuotesNoHTTPStatuses() throws {
        let domain = try Self.files("ClinicDomain")
        #expect(!domain.isEmpty)
        let statuses = try Regex(#"\b(400|401|403|404|409|413|415|422|429|503)\b|HTTP|suggestedStatus"#)
        var found: [String] = []
        for file in domain {
            let lines = file.text.split(separator: "\n")
            for line in lines where line.contains("//") || line.contains("suggestedStatus") {
                if line.contains(statuses) { found.append("\(file.name): \(line)") }
            }
        }
        #expect(found.isEmpty, "HTTP in the domain: \(found)")
    }
}
