import Foundation
import Testing

@testable import Clinic

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A JSON client for integration tests over real HTTP, with an optional bearer token.
struct APIClient: Sendable {
    let baseURL: URL
    var token: String?
    let session: URLSession

    init(baseURL: URL, token: String? = nil, session: URLSession = APIClient.sharedSession) {
        self.baseURL = baseURL
        self.token = token
        self.session = session
    }

    /// Many connections per host, so concurrency tests really run concurrently.
    static let sharedSession: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 128
        configuration.timeoutIntervalForRequest = 60
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()

    func with(token: String?) -> APIClient { APIClient(baseURL: baseURL, token: token, session: session) }

    /// Sends a request; `json` is serialised with JSONSerialization so tests can write plain dictionaries.
    @discardableResult
    func send(
        _ method: String, _ path: String, json: Any? = nil, body: Data? = nil, contentType: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> TestResponse {
        guard let url = URL(string: path, relativeTo: baseURL) else { throw TestFailure("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed])
            request.setValue(contentType ?? "application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestFailure("not an HTTP response") }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return TestResponse(status: http.statusCode, headers: fields, body: data)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> TestResponse {
        try await send("GET", path, headers: headers)
    }

    func post(_ path: String, _ json: Any = [String: Any](), headers: [String: String] = [:]) async throws -> TestResponse {
        try await send("POST", path, json: json, headers: headers)
    }

    func patch(_ path: String, _ json: Any) async throws -> TestResponse { try await send("PATCH", path, json: json) }
    func put(_ path: String, _ json: Any) async throws -> TestResponse { try await send("PUT", path, json: json) }
    func delete(_ path: String) async throws -> TestResponse { try await send("DELETE", path) }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A response as tests look at it.
struct TestResponse: Sendable {
    let status: Int
    /// Lower-cased names.
    let headers: [String: String]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:]
    }

    /// `items` of a list response.
    var items: [[String: Any]] { (json["items"] as? [[String: Any]]) ?? [] }

    func string(_ key: String) -> String? { json[key] as? String }

    /// The `field`s of a problem's `errors`.
    var errorFields: [String] {
        ((json["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }

    var isProblem: Bool { headers["content-type"]?.hasPrefix("application/problem+json") == true }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONCoding.decoder().decode(type, from: body) }
}
