import Foundation
import Testing

@testable import Clinic

/// The published contract is built from the route table; these checks keep it a valid, complete document.
@Suite struct OpenAPIDocumentTests {
    @Test func everyRouteIsPublishedWithUniqueIdsAndResolvableReferences() async throws {
        let app = try await TestApp.forSuite()
        let response = try await app.anonymous.get("/openapi.json")
        #expect(response.status == 200 && response.headers["content-type"] == "application/json")
        let document = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])

        var operationIds: Set<String> = []
        for route in app.application.api.routes {
            let operation = try #require(
                paths[route.path]?[route.method.rawValue.lowercased()] as? [String: Any],
                "\(route.method) \(route.path) is not published")
            let id = try #require(operation["operationId"] as? String)
            #expect(operationIds.insert(id).inserted, "operationId \(id) is used twice")
            let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
            let pathNames = Set(
                parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String })
            #expect(pathNames == Set(route.pathParameterNames), "\(route.path) path parameters")
            let responses = try #require(operation["responses"] as? [String: Any])
            #expect(responses["default"] != nil)
            #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(route.path) documents no success")
            let security = try #require(operation["security"] as? [Any])
            #expect(security.isEmpty == (route.access == .anyone))
        }
        #expect(operationIds.count == app.application.api.routes.count)

        // Every $ref names a schema that exists.
        var references: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String { references.append(ref) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for ref in references {
            let name = ref.replacingOccurrences(of: "#/components/schemas/", with: "")
            #expect(schemas[name] != nil, "unresolved \(ref)")
        }
    }

    /// A full OpenAPI 3.1 validation by `openapi-spec-validator` (installed by .ci/run from
    /// scripts/requirements-test.txt).
    /// A pattern runs over the text a client sends: each published one has a maxLength, so the server never matches
    /// a pattern against a megabyte (an unbounded phone pattern took 15 s over 8,000 spaces). And each has the words
    /// a refused text is told (`x-pattern-message`), in the three languages: nobody reads a regular expression.
    @Test func everyPatternHasAMaxLengthAndAMessage() async throws {
        let app = try await TestApp.forSuite()
        let document = try JSONSerialization.jsonObject(with: Data(app.application.openAPIDocument))
        var unbounded: [String] = []
        var unexplained: [String] = []
        var messages: Set<String> = []
        var patterns = 0
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                if object["pattern"] is String {
                    patterns += 1
                    if !(object["maxLength"] is Int) { unbounded.append(path) }
                    if let message = object["x-pattern-message"] as? String {
                        messages.insert(message)
                    } else {
                        unexplained.append(path)
                    }
                }
                for (key, member) in object { walk(member, path + "/" + key) }
            } else if let array = value as? [Any] {
                for (index, member) in array.enumerated() { walk(member, path + "/\(index)") }
            }
        }
        walk(document, "")
        #expect(patterns > 20)
        #expect(unbounded.isEmpty, "patterns without maxLength: \(unbounded.sorted())")
        #expect(unexplained.isEmpty, "patterns without x-pattern-message: \(unexplained.sorted())")
        for message in messages {
            #expect(ProblemLanguageTests.hasTibetan(ProblemCatalog.fieldMessage(message, .bo)), "bo: \(message)")
            #expect(ProblemLanguageTests.hasHan(ProblemCatalog.fieldMessage(message, .zh)), "zh: \(message)")
        }
    }

    /// A text of spaces is told so in words, not with the pattern that refused it.
    @Test func aBlankReasonIsToldInWords() async throws {
        let app = try await TestApp.forSuite()
        let admin = try await app.signIn(.admin)
        let answer = try await admin.client.post("/v1/clinic/closures", ["date": "2031-01-07", "reason": "   "])
        #expect(answer.status == 422)
        let message = (answer.json["errors"] as? [[String: Any]])?.first?["message"] as? String
        #expect(message == "must not be only spaces nor contain control characters", "\(answer.text)")
    }

    @Test func theDocumentPassesAnOpenAPIValidator() async throws {
        let app = try await TestApp.forSuite()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("clinic-openapi-\(UUID()).json")
        try Data(app.application.openAPIDocument).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/check_openapi.py")
        let path = script.path
        let documentPath = file.path
        let result = try await offPool { try runProcess("/usr/bin/env", ["python3", path, documentPath]) }
        #expect(result.status == 0, "\(result.text)")
    }

    @Test func unknownPathsAndMethodsAreProblems() async throws {
        let app = try await TestApp.forSuite()
        let missing = try await app.anonymous.get("/v1/nothing-here")
        #expect(missing.status == 404 && missing.isProblem)
        #expect(missing.headers["x-request-id"] != nil)
        let wrongMethod = try await app.anonymous.send("DELETE", "/healthz")
        #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"]?.contains("GET") == true)
        let echoed = try await app.anonymous.get("/healthz", headers: ["X-Request-Id": "front-desk-42"])
        #expect(echoed.headers["x-request-id"] == "front-desk-42")
    }
}
