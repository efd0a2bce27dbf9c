import Foundation
import Testing

/// The layers of the README's picture, read from the sources: each target imports only what is below it.
/// The compiler refuses an import of a target that is not a declared dependency
/// (`--explicit-target-dependency-import-check error`); this also catches a dependency added to Package.swift
/// that turns an arrow the wrong way.
struct LayerImportTests {
    static let system: Set<String> = ["Foundation", "Glibc", "Dispatch"]
    static let allowed: [String: Set<String>] = [
        "ClinicSupport": system,
        "ClinicDomain": system,
        "ClinicHTTP": system.union(["ClinicSupport", "CEpoll"]),
        "ClinicPostgres": system.union(["ClinicSupport", "CLibPQ", "CEpoll"]),
        // FoundationNetworking (URLSession) posts notices to the gateway.
        "Clinic": system.union(["FoundationNetworking", "ClinicSupport", "ClinicDomain", "ClinicHTTP", "ClinicPostgres"]),
        "clinic-server": system.union(["Clinic"]),
    ]

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
    }

    /// The modules the Swift files under `Sources/<target>` import, with the files that import each.
    static func imports(of target: String) throws -> [String: [String]] {
        let root = sources.appendingPathComponent(target)
        var result: [String: [String]] = [:]
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                    words[..<index].allSatisfy({ $0.hasPrefix("@") || $0.isEmpty })
                else { continue }
                result[String(words[index + 1]), default: []].append(file.lastPathComponent)
            }
        }
        return result
    }

    @Test(arguments: ["ClinicSupport", "ClinicDomain", "ClinicHTTP", "ClinicPostgres", "Clinic", "clinic-server"])
    func targetImportsOnlyTheLayersBelowIt(_ target: String) throws {
        let imports = try Self.imports(of: target)
        #expect(!imports.isEmpty, "Sources/\(target) has no Swift files")
        let allowed = try #require(Self.allowed[target])
        let wrongWay = imports.filter { !allowed.contains($0.key) }
        #expect(wrongWay.isEmpty, "\(target) imports \(wrongWay)")
    }
}
