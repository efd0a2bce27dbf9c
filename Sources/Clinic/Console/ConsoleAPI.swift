import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// The console's way to the clinic: every page reads and changes data by calling the `/v1` API in process, as the
/// signed-in user, so each rule (validation, roles, audit, idempotency, conflicts) has one implementation. The call
/// carries the user's token, language, address and request ids, so the audit trail and the login throttle see the
/// person at the browser.
struct ConsoleAPI: Sendable {
    let api: APIApplication
    let context: RequestContext
    /// The session's token; nil before login.
    let token: String?
    /// A county admin's picked clinic: it fills `clinicId` wherever the called route takes one (query or body) and
    /// the call names none.
    var clinicId: UUID? = nil

    /// An API answer that is not a success: the problem+json the API wrote (already in the user's language).
    struct Problem: Error, Sendable {
        var status: Int
        var type: String
        var title: String
        var detail: String?
        /// Field errors by field name (JSON pointer-ish names, as the API writes them).
        var errors: [FieldError]

        /// The message for `field`, if the API named it.
        func message(for field: String) -> String? { errors.first { $0.field == field }?.message }
    }

    /// Calls the API and returns the raw response (for printable pages and CSV downloads passed through).
    func send(
        _ method: HTTPMethod, _ target: String, json: JSONValue? = nil, accept: String = "application/json",
        idempotencyKey: String? = nil
    ) async -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Accept", accept)
        headers.add("Accept-Language", context.language.tag)
        if let token { headers.add("Authorization", "Bearer " + token) }
        // The links the API hands out (a calendar feed's URL) name the host the browser reached.
        if let host = context.request.headers["Host"] { headers.add("Host", host) }
        if let idempotencyKey { headers.add("Idempotency-Key", idempotencyKey) }
        var target = target
        var json = json
        if let clinicId { (target, json) = naming(clinicId, method, target, json) }
        var body: [UInt8] = []
        if let json {
            headers.add("Content-Type", "application/json")
            body = (try? JSONCoding.encode(json, timeZone: .gmt)) ?? []
        }
        guard
            var request = try? HTTPRequest(
                method: method, target: target, headers: headers, body: body,
                remoteAddress: context.request.remoteAddress, requestId: context.request.requestId)
        else {
            return HTTPResponse(status: .badRequest)
        }
        request.serverRequestId = context.request.serverRequestId
        return await api.handleInProcess(request)
    }

    /// The JSON answer to a call; throws `Problem` for any answer that is not 2xx.
    @discardableResult
    func call(
        _ method: HTTPMethod, _ target: String, json: JSONValue? = nil, idempotencyKey: String? = nil
    ) async throws(Problem) -> JSONValue {
        let response = await send(method, target, json: json, idempotencyKey: idempotencyKey)
        let bytes = response.body.fixedBytes ?? []
        let value = bytes.isEmpty ? JSONValue.null : (try? JSONValue(parsing: bytes))
        guard (200..<300).contains(response.status.code) else { throw Self.problem(response.status.code, value) }
        return value ?? .null
    }

    func get(_ target: String) async throws(Problem) -> JSONValue { try await call(.get, target) }

    /// `target` and `json` with `clinicId` added where the route takes it and the caller left it out.
    private func naming(_ clinicId: UUID, _ method: HTTPMethod, _ target: String, _ json: JSONValue?)
        -> (String, JSONValue?)
    {
        guard let probe = try? HTTPRequest(method: method, target: target),
            case .found(let route, _, _) = api.router.routeMatch(for: probe)
        else { return (target, json) }
        var target = target
        var json = json
        if route.query.contains(where: { $0.name == "clinicId" }), probe.query["clinicId"] == nil {
            target += (target.contains("?") ? "&" : "?") + "clinicId=" + clinicId.uuidString
        }
        if case .object(var members)? = json, members["clinicId"] == nil,
            case .object(let properties)? = route.requestBody?.json.members["properties"], properties["clinicId"] != nil
        {
            members["clinicId"] = .string(clinicId.uuidString)
            json = .object(members)
        }
        return (target, json)
    }

    /// A path with query parameters, percent-encoded (`query` pairs with an empty value are left out).
    static func target(_ path: String, _ query: [(String, String?)] = []) -> String {
        let pairs = query.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + Self.encode(value)
        }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// Percent-encodes a path segment or query value.
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func problem(_ status: Int, _ body: JSONValue?) -> Problem {
        let body = body ?? .null
        let errors = body["errors"].array.map {
            FieldError(field: $0["field"].text, message: $0["message"].text)
        }
        return Problem(
            status: status, type: body["type"].string ?? "about:blank", title: body["title"].string ?? "Error",
            detail: body["detail"].string, errors: errors)
    }
}
