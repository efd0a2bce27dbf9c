import Foundation
import Testing

@testable import Clinic

/// A browser-like client for console tests over real HTTP: keeps cookies (by name, as a browser on one site
/// does), follows nothing by itself (tests see each redirect), sends forms with the page's CSRF field.
final class ConsoleClient: @unchecked Sendable {
    let port: Int
    /// Cookies by name. Touched only from the test's own task.
    private(set) var cookies: [String: String] = [:]
    /// Extra headers on every request (Accept-Language, say).
    var headers: [String: String] = [:]
    /// The `_csrf` value of the last page that had one.
    private(set) var formToken: String?

    init(app: TestApp) { port = app.baseURL.port ?? 80 }

    @discardableResult
    func get(_ path: String) async throws -> RawHTTPClient.Response {
        try await send("GET", path, body: nil)
    }

    /// Posts `fields` as a form, with the page's `_csrf` unless `csrf` says otherwise (nil leaves it out).
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: String?? = .some(nil)) async throws
        -> RawHTTPClient.Response
    {
        var all = fields
        switch csrf {
        case .some(.some(let value)): all.append(("_csrf", value))
        case .some(.none): if let formToken { all.append(("_csrf", formToken)) }
        case .none: break
        }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send("POST", path, body: body)
    }

    /// Leaves the CSRF field out of a `post`.
    static let withoutCSRF: String?? = .none

    /// Signs in through the form; returns the answer to the form's POST.
    @discardableResult
    func signIn(_ username: String, _ password: String) async throws -> RawHTTPClient.Response {
        try await get("/console/login")
        return try await post("/console/login", [("username", username), ("password", password)])
    }

    func send(_ method: String, _ path: String, body: String?) async throws -> RawHTTPClient.Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if !cookies.isEmpty {
            head += "Cookie: " + cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: "; ") + "\r\n"
        }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body {
            head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n"
        }
        let request = head + "\r\n" + (body ?? "")
        let port = self.port
        let response = try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.send(request)
            return try client.readResponse(head: method == "HEAD")
        }
        for (name, value) in response.headers where name.lowercased() == "set-cookie" {
            let pair = value.split(separator: ";")[0]
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let cookie = String(pair[..<equals])
            let content = String(pair[pair.index(after: equals)...])
            if value.contains("Max-Age=0") || content.isEmpty { cookies[cookie] = nil } else { cookies[cookie] = content }
        }
        if let token = Self.csrf(in: response.bodyText) { formToken = token }
        return response
    }

    /// All `Set-Cookie` header values of a response.
    static func setCookies(_ response: RawHTTPClient.Response) -> [String] {
        response.headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1)
    }

    /// The value of the first `_csrf` hidden field in a page.
    static func csrf(in html: String) -> String? { hidden("_csrf", in: html) }

    /// The value of the first hidden field `name` in a page.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
