import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// What a handler gets: the request, the authenticated caller, and helpers that read input the API's way
/// (415 for a wrong content type, 400 naming the malformed field, 404 for an id that cannot exist) and
/// write JSON with the clinic's conventions. The middlewares of the request path read and fill it on the way in.
struct RequestContext: Sendable {
    var request: HTTPRequest
    /// `nil` only on routes open to `.anyone`.
    var principal: Principal?
    /// The clinic's zone, for instants in responses.
    var timeZone: TimeZone
    /// The language of problem+json titles and details, printable pages and the console (`Accept-Language`, and in
    /// the console the user's remembered choice). Field names and problem types never change with it.
    var language: Language = .en
    /// The console's signed-in session (its cookie), on console pages only: the `/v1` API never reads cookies.
    var session: ConsoleSession? = nil
    /// Where the request goes, decided once from its head (`RequestRouter`); nil until routed.
    var routeMatch: RouteMatch<Route>? = nil
    /// The caller authentication found, shared with the middlewares outside it (the access log), which see only
    /// the context they passed in.
    let caller = LockedValue<Principal?>(nil)

    /// The matched route, when routing found one.
    var route: Route? {
        guard case .found(let route, _, _) = routeMatch else { return nil }
        return route
    }

    /// The matched route's pattern (`/v1/residents/{id}`), or `unmatched`: logs and metrics without the cardinality
    /// of raw paths.
    var routePattern: String {
        guard case .found(_, _, let pattern) = routeMatch else { return "unmatched" }
        return pattern
    }

    /// The decoded `{name}` segments of the matched pattern.
    var pathParameters: [String: String] {
        guard case .found(_, let parameters, _) = routeMatch else { return [:] }
        return parameters
    }

    /// The caller, on routes that require one.
    var user: Principal {
        get throws(APIError) {
            guard let principal else { throw APIError.unauthorized() }
            return principal
        }
    }

    /// The JSON body decoded as `T`: 415 unless the content type is JSON, 400 naming the field when malformed.
    func body<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        guard request.declaresJSON else { throw APIError.unsupportedMediaType() }
        do {
            return try JSONCoding.decoder().decode(T.self, from: request.bodyData)
        } catch let error as DecodingError {
            throw APIError.badRequest("the JSON body could not be read", errors: [JSONCoding.describe(error)])
        }
    }

    /// A path parameter that must be a UUID; anything else cannot name a resource, so it is 404.
    func pathID(_ name: String = "id") throws(APIError) -> UUID {
        guard let text = pathParameters[name], let id = UUID(uuidString: text) else {
            throw APIError.notFound()
        }
        return id
    }

    /// A path parameter as text.
    func pathText(_ name: String) throws(APIError) -> String {
        guard let text = pathParameters[name] else { throw APIError.notFound() }
        return text
    }

    /// A query parameter read by `parse`; 400 naming the parameter when it does not parse.
    func query<T>(_ name: String, _ expected: String, _ parse: (String) -> T?) throws(APIError) -> T? {
        guard let text = request.query[name] else { return nil }
        guard let value = parse(text) else {
            throw APIError.badRequest(
                "query parameter \(name) is not valid", errors: [FieldError(field: name, message: "expected \(expected)")])
        }
        return value
    }

    func queryDate(_ name: String) throws(APIError) -> LocalDate? {
        try query(name, "a date YYYY-MM-DD") { LocalDate($0) }
    }

    func queryUUID(_ name: String) throws(APIError) -> UUID? {
        try query(name, "a UUID") { UUID(uuidString: $0) }
    }

    func queryInt(_ name: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        try query(name, "a whole number from \(range.lowerBound) to \(range.upperBound)") { text in
            Int(text).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    func queryBool(_ name: String) throws(APIError) -> Bool? {
        try query(name, "true or false") { ["true": true, "1": true, "false": false, "0": false][$0] }
    }

    /// `?limit=` (default 50, at most 500).
    func limit() throws(APIError) -> Int { try queryInt("limit", in: 1...500) ?? 50 }

    /// A JSON response with the clinic's conventions.
    func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok, headers: HTTPHeaders = [:]) throws
        -> HTTPResponse
    {
        let bytes = try JSONCoding.encode(value, timeZone: timeZone)
        return HTTPResponse(status: status, contentType: "application/json", body: bytes, headers: headers)
    }

    /// The media type the client prefers among `offered` (in the server's order for ties and `*/*`);
    /// 406 when `Accept` rules them all out. No `Accept` means the first offered.
    func negotiate(_ offered: [String]) throws(APIError) -> String {
        guard let accept = request.headers["Accept"], !accept.trimmingCharacters(in: .whitespaces).isEmpty else {
            return offered[0]
        }
        var best: (type: String, quality: Double, rank: Int)?
        for item in accept.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let range = parts.first, !range.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            guard quality > 0 else { continue }
            for (rank, type) in offered.enumerated() where Self.mediaRange(range, matches: type) {
                if best == nil || quality > best!.quality || (quality == best!.quality && rank < best!.rank) {
                    best = (type, quality, rank)
                }
            }
        }
        guard let best else { throw APIError.notAcceptable(offered) }
        return best.type
    }

    static func mediaRange(_ range: String, matches type: String) -> Bool {
        if range == "*/*" || range == type { return true }
        if range.hasSuffix("/*") { return type.hasPrefix(range.dropLast()) }
        return false
    }
}

extension RequestContext {
    /// Runs a list query whose store reports a bad `cursor`, `limit` or filter as a `ValidationError`:
    /// those are malformed query parameters, the client's 400, not a 422 about a body.
    func listing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ValidationError {
            throw APIError.badRequest("a query parameter is not valid", errors: error.errors)
        }
    }
}

extension HTTPRequest {
    /// The body's media type from `Content-Type`, lower-cased, without parameters or the spaces around it; nil when
    /// the header is missing. (Read without Foundation's `CharacterSet`, which cost a booking 3 % of the server's
    /// time.)
    var mediaType: String? {
        guard let value = headers["Content-Type"] else { return nil }
        var media = value.prefix { $0 != ";" }
        while let first = media.first, first == " " || first == "\t" { media.removeFirst() }
        while let last = media.last, last == " " || last == "\t" { media.removeLast() }
        return media.lowercased()
    }

    /// Whether the body is declared JSON (`application/json` or a `+json` type, any parameters).
    var declaresJSON: Bool {
        guard let type = mediaType else { return false }
        return type == "application/json" || type.hasSuffix("+json")
    }
}
