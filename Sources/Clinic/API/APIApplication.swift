import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// The API in front of the HTTP server: routes a request, checks the caller's token and role, applies
/// idempotency keys, runs the handler, turns every error into problem+json in one place, and records the
/// access log line and metrics.
final class APIApplication: Sendable {
    let routes: [Route]
    private let router: Router<Route>
    private let authenticator: any Authenticator
    /// Where `Idempotency-Key`s are kept; nil turns the keys off.
    private let idempotency: PostgresPool?
    private let metrics: Metrics
    private let timeZone: @Sendable () -> TimeZone

    init(
        routes: [Route], authenticator: any Authenticator, idempotency: PostgresPool?, metrics: Metrics,
        timeZone: @escaping @Sendable () -> TimeZone
    ) {
        var router = Router<Route>()
        for route in routes { router.add(route.method, route.path, route) }
        self.routes = routes
        self.router = router
        self.authenticator = authenticator
        self.idempotency = idempotency
        self.metrics = metrics
        self.timeZone = timeZone
    }

    /// The body limit of the route a request goes to, when it differs from the server's default.
    func bodyLimit(_ method: HTTPMethod, _ path: String) -> Int? {
        if case .found(let route, _, _) = router.match(method, path) { return route.bodyLimit }
        return nil
    }

    /// The server's handler.
    func handle(_ incoming: HTTPRequest) async -> HTTPResponse {
        let started = ContinuousClock.now
        var request = incoming
        var principal: Principal?
        var response: HTTPResponse
        do {
            switch router.match(request.method, request.rawPath) {
            case .notFound:
                throw APIError.notFound("no route for \(request.path)")
            case .methodNotAllowed(let allow):
                throw APIError(
                    status: 405, title: "Method Not Allowed", detail: "\(request.method) is not allowed here",
                    headers: ["Allow": allow.map(\.rawValue).joined(separator: ", ")])
            case .found(let route, let parameters, let pattern):
                request.pathParameters = parameters
                request.route = pattern
                principal = try await authorize(request, route.access)
                guard StreamSafeText.isStreamSafe(request.body) else {
                    throw APIError.badRequest("the body has more than 30 combining marks in a row")
                }
                try route.checkInput(request)
                let context = RequestContext(request: request, principal: principal, timeZone: timeZone())
                response = try await run(route, context)
            }
        } catch {
            response = problem(for: error, request: request)
        }
        let elapsed = ContinuousClock.now - started
        let route = request.route ?? "unmatched"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        guard Log.level <= .info else { return response }
        // The access log line: never bodies, tokens or personal data.
        let milliseconds = (elapsed / .microseconds(1)).rounded() / 1000
        var fields = [
            "method": request.method.rawValue, "route": route, "status": String(response.status.code),
            "durationMs": String(milliseconds), "requestId": request.requestId,
        ]
        if let principal { fields["userId"] = principal.userId.uuidString }
        // The client chose requestId: the server's own joins the line to the audit rows for sure.
        if request.serverRequestId != request.requestId { fields["serverRequestId"] = request.serverRequestId }
        Log.info("request", fields)
        return response
    }

    private func authorize(_ request: HTTPRequest, _ access: Access) async throws -> Principal? {
        guard case .roles(let roles) = access else { return nil }
        guard let header = request.headers["Authorization"] else { throw APIError.unauthorized() }
        guard let token = BearerToken.fromAuthorizationHeader(header),
            let principal = try await authenticator.principal(forToken: token)
        else {
            throw APIError.unauthorized("the token is not valid (malformed, unknown, expired or revoked)")
        }
        guard roles.contains(principal.role) else { throw APIError.forbidden() }
        return principal
    }

    private func run(_ route: Route, _ context: RequestContext) async throws -> HTTPResponse {
        guard route.idempotent, let idempotency, let key = context.request.headers["Idempotency-Key"] else {
            return try await route.handler(context)
        }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.badRequest(
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
                errors: [FieldError(field: "Idempotency-Key", message: "is not a valid key")])
        }
        let scope = context.principal?.userId.uuidString ?? "anyone"
        let fingerprint = IdempotencyStore.fingerprint(
            method: route.method.rawValue, path: context.request.path, body: Self.canonicalBody(context.request.body))
        let outcome = try await idempotency.withConnection {
            try await IdempotencyStore.begin(key: key, scope: scope, fingerprint: fingerprint, on: $0)
        }
        let claim: IdempotencyClaim
        switch outcome {
        case .answered(let answer):
            return try await IdempotentReplay.response(answer, context, pool: idempotency, replayed: true)
        case .inProgress:
            throw APIError.conflict("idempotency-in-progress", "a request with this Idempotency-Key is still running")
        case .mismatch:
            throw APIError(
                status: 422, type: APIError.problemType("idempotency-mismatch"), title: "Unprocessable Content",
                detail: "this Idempotency-Key was used with a different request",
                errors: [FieldError(field: "Idempotency-Key", message: "was used with a different request")])
        case .proceed(let token):
            claim = IdempotencyClaim(scope: scope, key: key, token: token)
        }
        var response: HTTPResponse
        do {
            response = try await IdempotencyClaim.$current.withValue(claim) { try await route.handler(context) }
        } catch {
            response = problem(for: error, request: context.request)
        }
        if response.status.code >= 500 {
            return await settle(claim, failed: response, context, pool: idempotency)
        }
        await store(response, for: claim, resource: claim.committedResource, context, pool: idempotency)
        return response
    }

    /// Stores the response to replay: its bytes, or where they carry clinical text only its status and `Location`
    /// (the key row already names the resource, which a replay reads again). If this fails, the key row still
    /// says what committed, and a retry reads the resource again.
    private func store(
        _ response: HTTPResponse, for claim: IdempotencyClaim, resource: IdempotencyStore.Resource?,
        _ context: RequestContext, pool: PostgresPool
    ) async {
        var headers: [String: String] = [:]
        for name in ["Content-Type", "Location"] { headers[name] = response.headers[name] }
        let body = IdempotentReplay.storesBody(for: resource) ? response.body.fixedBytes : nil
        let stored = IdempotencyStore.StoredResponse(
            status: response.status.code, headers: headers, body: body.map { Data($0) })
        do {
            try await pool.withConnection { try await IdempotencyStore.recordResponse(claim, stored, on: $0) }
        } catch {
            Log.error(
                "could not store an idempotent response",
                ["requestId": context.request.requestId, "error": Self.describe(error)])
        }
    }

    /// After a failed request: the key row says whether its work committed all the same (a lost `COMMIT`
    /// answer), and then the request is answered from it; otherwise the key is freed for a retry. When the database
    /// cannot say, the key stays as it is and a retry asks it again: a key is never freed on a guess.
    private func settle(
        _ claim: IdempotencyClaim, failed response: HTTPResponse, _ context: RequestContext, pool: PostgresPool
    ) async -> HTTPResponse {
        do {
            guard let answer = try await IdempotencyStore.abandonUnlessCommitted(claim, on: pool) else {
                return response
            }
            let recovered = try await IdempotentReplay.response(answer, context, pool: pool, replayed: false)
            if answer.response == nil {
                await store(recovered, for: claim, resource: answer.resource, context, pool: pool)
            }
            return recovered
        } catch {
            Log.warning(
                "the outcome of an idempotent request is not known yet; its key stays for a retry to ask",
                ["requestId": context.request.requestId, "error": Self.describe(error)])
            return response
        }
    }

    /// A JSON body with its keys sorted, so "the same body" does not depend on a client's key order; other
    /// bodies as they came.
    static func canonicalBody(_ body: [UInt8]) -> [UInt8] {
        guard !body.isEmpty, let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
            let canonical = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        else { return body }
        return Array(canonical)
    }

    /// The one place where errors become responses.
    private func problem(for error: any Error, request: HTTPRequest) -> HTTPResponse {
        let apiError = ProblemMapping.apiError(for: error)
        if apiError.status >= 500 {
            Log.error(
                "request failed",
                ["requestId": request.requestId, "route": request.route ?? "unmatched", "error": Self.describe(error)])
        }
        return Self.response(for: apiError, requestId: request.requestId)
    }

    /// A problem+json response for `error`.
    static func response(for error: APIError, requestId: String?) -> HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in error.headers.sorted(by: { $0.key < $1.key }) { headers.add(name, value) }
        let body = (try? JSONCoding.encode(ProblemDetails(error, requestId: requestId), timeZone: .gmt)) ?? []
        return HTTPResponse(
            status: HTTPStatus(code: error.status), contentType: "application/problem+json", body: body,
            headers: headers)
    }

    /// An error for the log: its type and, for database errors, the SQLSTATE and message (never bind values).
    private static func describe(_ error: any Error) -> String {
        if let error = error as? PostgresError {
            // Data errors (class 22, 23) can quote the offending value: keep their text out of the log.
            let quotesValues = error.sqlState.map { $0.hasPrefix("22") || $0.hasPrefix("23") } ?? false
            return "PostgresError \(error.kind) \(error.sqlState ?? "-") \(error.constraint ?? "-") "
                + (quotesValues ? "" : error.message)
        }
        return String(describing: type(of: error)) + ": " + String(describing: error).prefix(300)
    }
}
