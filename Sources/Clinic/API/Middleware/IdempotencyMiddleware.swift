import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// Makes a repeated POST with the same `Idempotency-Key` answer as the first instead of acting twice, on routes that
/// say `idempotent`: the key is claimed before the handler runs (which sees the claim as `IdempotencyClaim.current`),
/// and the answer is stored after it.
struct IdempotencyMiddleware: APIMiddleware {
    /// Where the keys are kept.
    let pool: PostgresPool

    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        guard let route = context.route, route.idempotent, let key = context.request.headers["Idempotency-Key"] else {
            return try await next(context)
        }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.badRequest(
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
                errors: [FieldError(field: "Idempotency-Key", message: "is not a valid key")])
        }
        let scope = context.principal?.userId.uuidString ?? "anyone"
        let fingerprint = IdempotencyStore.fingerprint(
            method: route.method.rawValue, path: context.request.path, body: Self.canonicalBody(context.request.body))
        let outcome = try await pool.withConnection {
            try await IdempotencyStore.begin(key: key, scope: scope, fingerprint: fingerprint, on: $0)
        }
        let claim: IdempotencyClaim
        switch outcome {
        case .answered(let answer):
            return try await IdempotentReplay.response(answer, context, pool: pool, replayed: true)
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
            response = try await IdempotencyClaim.$current.withValue(claim) { try await next(context) }
        } catch {
            // The answer must be known here to be stored, so the error becomes its problem+json now.
            response = ProblemMiddleware.response(for: error, context)
        }
        if response.status.code >= 500 {
            return await settle(claim, failed: response, context)
        }
        await store(response, for: claim, resource: claim.committedResource, context)
        return response
    }

    /// Stores the response to replay: its bytes, or where they carry clinical text only its status and `Location`
    /// (the key row already names the resource, which a replay reads again). If this fails, the key row still
    /// says what committed, and a retry reads the resource again.
    private func store(
        _ response: HTTPResponse, for claim: IdempotencyClaim, resource: IdempotencyStore.Resource?,
        _ context: RequestContext
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
                ["requestId": context.request.requestId, "error": ProblemMiddleware.describe(error)])
        }
    }

    /// After a failed request: the key row says whether its work committed all the same (a lost `COMMIT`
    /// answer), and then the request is answered from it; otherwise the key is freed for a retry. When the database
    /// cannot say, the key stays as it is and a retry asks it again: a key is never freed on a guess.
    private func settle(
        _ claim: IdempotencyClaim, failed response: HTTPResponse, _ context: RequestContext
    ) async -> HTTPResponse {
        do {
            guard let answer = try await IdempotencyStore.abandonUnlessCommitted(claim, on: pool) else {
                return response
            }
            let recovered = try await IdempotentReplay.response(answer, context, pool: pool, replayed: false)
            if answer.response == nil {
                await store(recovered, for: claim, resource: answer.resource, context)
            }
            return recovered
        } catch {
            Log.warning(
                "the outcome of an idempotent request is not known yet; its key stays for a retry to ask",
                ["requestId": context.request.requestId, "error": ProblemMiddleware.describe(error)])
            return response
        }
    }

    /// A JSON body with its keys sorted, so "the same body" does not depend on a client's key order; other
    /// bodies as they came.
    static func canonicalBody(_ body: [UInt8]) -> [UInt8] {
        guard !body.isEmpty,
            let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
            let canonical = try? JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        else { return body }
        return Array(canonical)
    }
}
