import Foundation
import Testing

@testable import Clinic

/// Issue 16, items 1 to 3 through real HTTP: the login body's size, the address budget across connections, and the
/// account a typed name means.
@Suite struct LoginHardeningAPITests {
    /// One login on a connection of its own (a new source port each time), closed after the answer.
    static func loginOnNewConnection(_ app: TestApp, _ body: [String: String]) async throws -> Int {
        let bytes = try JSONSerialization.data(withJSONObject: body)
        let port = app.server.port
        return try await offPool {
            let client = try RawHTTPClient(port: port)
            defer { client.disconnect() }
            try client.send(
                "POST /v1/auth/login HTTP/1.1\r\nHost: clinic\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(bytes.count)\r\nConnection: close\r\n\r\n")
            try client.send(Array(bytes))
            return try client.readResponse().status
        }
    }

    @Test func aMegabyteLoginBodyIs413() async throws {
        let app = try await TestApp.forSuite()
        let filler = String(repeating: "a", count: 1_000_000)
        let response = try await app.anonymous.send(
            "POST", "/v1/auth/login", body: Data("{\"username\":\"someone\",\"password\":\"\(filler)\"}".utf8),
            contentType: "application/json")
        #expect(response.status == 413 && response.isProblem)
    }

    /// Eight characters on screen, 328 bytes (each letter carries 20 marks, inside the stream-safe limit).
    static let heavyPassword = String(repeating: "a" + String(repeating: "\u{301}", count: 20), count: 8)

    @Test func aHeavyPasswordIs422Quickly() async throws {
        let app = try await TestApp.forSuite()
        #expect(Self.heavyPassword.count == 8 && Self.heavyPassword.utf8.count == 328)
        let start = ContinuousClock.now
        let small = try await app.anonymous.post(
            "/v1/auth/login", ["username": "someone", "password": Self.heavyPassword])
        #expect(small.status == 422 && small.errorFields == ["password"])
        // As heavy as fits in the body limit.
        let large = try await app.anonymous.post(
            "/v1/auth/login",
            [
                "username": "someone",
                "password": String(repeating: "a" + String(repeating: "\u{301}", count: 30), count: 65),
            ])
        #expect(large.status == 422 && large.errorFields == ["password"])
        // A longer run of marks is not text at all (StreamSafeText).
        let run = try await app.anonymous.post(
            "/v1/auth/login", ["username": "someone", "password": "a" + String(repeating: "\u{301}", count: 150)])
        #expect(run.status == 400 && run.isProblem)
        #expect(start.duration(to: .now) < .seconds(5))
        let admin = try await app.signIn(.admin)
        let created = try await admin.client.post(
            "/v1/users",
            [
                "username": "heavy-\(UUID().uuidString.prefix(6))", "password": "abcdefghij" + Self.heavyPassword,
                "role": "staff",
            ])
        #expect(created.status == 422 && created.errorFields == ["password"])
    }

    /// 30 names from one address, each on its own TCP connection: the address's budget runs out.
    @Test func failedLoginsForManyNamesOnNewConnectionsAreThrottled() async throws {
        let app = try await TestApp.fresh()
        var statuses: [Int] = []
        for i in 0..<30 {
            statuses.append(
                try await Self.loginOnNewConnection(
                    app, ["username": "nobody-\(i)-\(UUID().uuidString.prefix(6))", "password": "a wrong password"]))
        }
        #expect(statuses.prefix(20).allSatisfy { $0 == 401 }, "\(statuses)")
        #expect(statuses.dropFirst(20).allSatisfy { $0 == 429 }, "\(statuses)")
    }

    @Test func aNameWithANonASCIILetterMeansNoAccount() async throws {
        let app = try await TestApp.forSuite()
        let admin = try await app.signIn(.admin)
        let name = admin.user.username
        #expect(name.hasPrefix("admin-"))
        let upper = try await app.anonymous.post(
            "/v1/auth/login", ["username": name.uppercased(), "password": admin.password])
        #expect(upper.status == 200)
        let dotted = "adm\u{130}n" + name.dropFirst(5)
        let turkish = try await app.anonymous.post("/v1/auth/login", ["username": dotted, "password": admin.password])
        #expect(turkish.status == 401)
    }
}

/// Swift compares and hashes strings in NFC, so any body's keys and values cost time growing with the square of a
/// run of combining marks: such runs are refused before any decoding.
@Suite struct StreamSafeTextTests {
    @Test func runsOfMoreThanThirtyCombiningMarksAreFound() {
        func safe(_ text: String) -> Bool { StreamSafeText.isStreamSafe(Array(text.utf8)) }
        #expect(safe(#"{"name":"a\#(String(repeating: "\u{301}", count: 30))"}"#))
        #expect(!safe(#"{"name":"a\#(String(repeating: "\u{301}", count: 31))"}"#))
        #expect(!safe(#"{"a\#(String(repeating: "\u{316}\u{301}", count: 16))":1}"#))
        #expect(!safe("{\"name\":\"a" + String(repeating: "\\u0301", count: 31) + "\"}"))
        #expect(!safe("[\"a" + String(repeating: "\\uD834\\uDD65", count: 31) + "\"]"))
        #expect(safe("[\"a" + String(repeating: "\\u0301\\\\", count: 40) + "\"]"))
        #expect(safe(#"{"bo":"བཀྲ་ཤིས་སྒྲོལ་མ་ཀྱཱིཾ","zh":"扎西卓玛"}"#))
    }

    @Test func aBodyWithALongRunOfMarksIs400Quickly() async throws {
        let app = try await TestApp.forSuite()
        let staff = try await app.signIn(.staff)
        // Built as bytes: a dictionary in this process would hash the key, which is the very cost at issue.
        let heavy = "a" + String(repeating: "\u{316}\u{301}", count: 50_000)
        let body = #"{"\#(heavy)":"x","names":{"latin":"Tashi"},"sex":"female","birthDate":"1950-01-01"}"#
        let start = ContinuousClock.now
        let response = try await staff.client.send(
            "POST", "/v1/residents", body: Data(body.utf8), contentType: "application/json")
        #expect(response.status == 400 && response.isProblem)
        #expect(start.duration(to: .now) < .seconds(2))
    }
}
