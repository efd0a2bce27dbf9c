import ClinicDomain
import ClinicPostgres
import Foundation

/// An error a client can act on: an HTTP status, a problem type and title, a detail sentence and, for
/// validation, the fields at fault. Everything a handler throws becomes one of these in `ProblemMapping`.
struct APIError: Error, Sendable, Equatable {
    var status: Int
    /// A stable URI naming the kind of problem (`urn:clinic:problem:slot-full`), or `about:blank`.
    var type: String
    var title: String
    var detail: String?
    var errors: [FieldError]
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`, `Allow`).
    var headers: [String: String]

    init(
        status: Int, type: String = "about:blank", title: String, detail: String? = nil, errors: [FieldError] = [],
        headers: [String: String] = [:]
    ) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// `urn:clinic:problem:<code>`, for problems a client may want to tell apart.
    static func problemType(_ code: String) -> String { "urn:clinic:problem:" + code }

    static func badRequest(_ detail: String, errors: [FieldError] = []) -> APIError {
        APIError(status: 400, title: "Bad Request", detail: detail, errors: errors)
    }
    static func unauthorized(_ detail: String = "a valid bearer token is required") -> APIError {
        APIError(status: 401, title: "Unauthorized", detail: detail, headers: ["WWW-Authenticate": "Bearer"])
    }
    static func forbidden(_ detail: String = "your role may not do this") -> APIError {
        APIError(status: 403, title: "Forbidden", detail: detail)
    }
    static func notFound(_ detail: String = "no such resource") -> APIError {
        APIError(status: 404, title: "Not Found", detail: detail)
    }
    static func conflict(_ code: String, _ detail: String) -> APIError {
        APIError(status: 409, type: problemType(code), title: "Conflict", detail: detail)
    }
    static func unprocessable(_ errors: [FieldError], detail: String = "some values are not valid") -> APIError {
        APIError(status: 422, type: problemType("validation"), title: "Unprocessable Content", detail: detail, errors: errors)
    }
    static func unsupportedMediaType(_ detail: String = "send the body as application/json") -> APIError {
        APIError(status: 415, title: "Unsupported Media Type", detail: detail)
    }
    static func notAcceptable(_ available: [String]) -> APIError {
        APIError(status: 406, title: "Not Acceptable", detail: "available: " + available.joined(separator: ", "))
    }
    static func tooManyRequests(retryAfter seconds: Int, _ detail: String) -> APIError {
        APIError(status: 429, title: "Too Many Requests", detail: detail, headers: ["Retry-After": String(max(1, seconds))])
    }
    static func unavailable(retryAfter seconds: Int = 2, _ detail: String = "the database is unavailable; try again shortly")
        -> APIError
    {
        APIError(status: 503, title: "Service Unavailable", detail: detail, headers: ["Retry-After": String(seconds)])
    }
    static let internalError = APIError(
        status: 500, title: "Internal Server Error", detail: "an unexpected error; it has been logged")
}

/// An error type that knows its client-facing form (store errors, auth errors): the one extension point
/// of the error mapping, so a new error kind never needs a change in `ProblemMapping`.
protocol APIErrorConvertible: Error {
    var apiError: APIError { get }
}

/// The RFC 9457 body.
struct ProblemDetails: Codable, Sendable, Equatable {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var errors: [FieldError]?
    /// The request id, so a clinic can quote it when they call for help.
    var instance: String?

    /// - Parameter language: the language of `title`, `detail` and field messages (`ProblemCatalog`).
    init(_ error: APIError, requestId: String?, language: Language = .en) {
        let error = ProblemCatalog.localized(error, language)
        type = error.type
        title = error.title
        status = error.status
        detail = error.detail
        errors = error.errors.isEmpty ? nil : error.errors
        instance = requestId.map { "urn:clinic:request:" + $0 }
    }
}

/// Turns anything thrown into an `APIError`. Unknown errors are 500 and logged by the caller, never shown.
enum ProblemMapping {
    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as any APIErrorConvertible:
            return error.apiError
        case let error as ValidationError:
            return .unprocessable(error.errors)
        case let error as DecodingError:
            return .badRequest("the JSON body could not be read", errors: [JSONCoding.describe(error)])
        case let error as PostgresError:
            return apiError(for: error)
        default:
            return .internalError
        }
    }

    static func apiError(for error: PostgresError) -> APIError {
        if error.isUnavailable { return .unavailable() }
        if error.isConflict {
            return .conflict("conflict", "the change conflicts with existing data")
        }
        if error.isRetryable {
            return APIError(
                status: 503, title: "Service Unavailable", detail: "the database was busy; try again",
                headers: ["Retry-After": "1"])
        }
        switch error.sqlState {
        case IdempotencyStore.claimLostState:  // a retry took the key over: its work runs there, not here
            return .conflict("idempotency-in-progress", "a request with this Idempotency-Key is still running")
        case AuditStore.workNotDoneState:
            // One-trip work that found nothing to do and was not named by its caller (they name it: slot-full...).
            return .conflict("conflict", "the change conflicts with existing data")
        case OutreachStore.residentInactiveState:  // a booking of a resident who moved away or died (0018)
            return OutreachError.residentInactive.apiError
        case "57014":  // statement timeout
            return .unavailable(retryAfter: 5, "the request took too long; try again")
        case "22001", "22003", "22007", "22008", "22P02", "23502", "23514":
            // A value PostgreSQL refused that validation let through: the client's value, not our fault.
            return .unprocessable([FieldError(field: error.constraint ?? "body", message: "is not an acceptable value")])
        default:
            return .internalError
        }
    }
}
