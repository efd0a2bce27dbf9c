import ClinicDomain
import ClinicHTTP
import Foundation

/// Who may call a route. Everything is protected unless a route says `.anyone`.
enum Access: Sendable, Equatable {
    /// No token needed (health checks, metrics, the contract, login).
    case anyone
    /// A valid token of a user in one of these roles.
    case roles(Set<Role>)

    /// Any signed-in user but a grid worker, whose reach is only what names them (`gridWorker` below).
    static let signedIn = Access.roles(Set(Role.allCases).subtracting([.gridWorker]))
    /// Every signed-in user, grid workers included: the caller, signing out, the console's start page.
    static let anyRole = Access.roles(Set(Role.allCases))
}

/// A documented query parameter.
struct QueryParameter: Sendable {
    var name: String
    var schema: JSONSchema
    var description: String
    var required: Bool

    init(_ name: String, _ schema: JSONSchema, _ description: String, required: Bool = false) {
        self.name = name
        self.schema = schema
        self.description = description
        self.required = required
    }

    static let limit = QueryParameter("limit", .integer(minimum: 1, maximum: 500), "page size (default 50)")
    /// A cursor's shape (unpadded base64url, as `KeysetCursor` writes it); only one the server issued reads.
    static let cursor = QueryParameter(
        "cursor",
        .string(
            minLength: 2, maxLength: KeysetCursor.maximumLength,
            pattern: "^([A-Za-z0-9_-]{4})*([A-Za-z0-9_-]{2,3})?$"
        ).explained("is not a cursor this server gave"),
        "from the previous page's nextCursor (opaque)")
}

/// A documented response: status, description, and its body's schema per content type.
struct ResponseSpec: Sendable {
    var status: Int
    var description: String
    var content: [String: JSONSchema]
    var headers: [String: JSONSchema]

    init(_ status: Int, _ description: String, content: [String: JSONSchema] = [:], headers: [String: JSONSchema] = [:])
    {
        self.status = status
        self.description = description
        self.content = content
        self.headers = headers
    }

    /// A JSON response.
    static func json(_ status: Int, _ description: String, _ schema: JSONSchema) -> ResponseSpec {
        ResponseSpec(status, description, content: ["application/json": schema])
    }

    static func noContent(_ description: String) -> ResponseSpec { ResponseSpec(204, description) }
}

/// One operation of the API: the path and method it answers, who may call it, what it reads and returns,
/// and the handler. The router, the authentication check, the body limit and the published OpenAPI document
/// are all built from the same list of routes, so they cannot drift apart.
struct Route: Sendable {
    var method: HTTPMethod
    /// `/v1/residents/{id}`; `{name}` segments are path parameters.
    var path: String
    var operationId: String
    var summary: String
    var tag: String
    var access: Access
    var query: [QueryParameter]
    /// The JSON body the route reads, if any.
    var requestBody: JSONSchema?
    /// Whether the body may be left out entirely (its handler reads an empty body as all defaults).
    var bodyOptional: Bool
    /// Body limit in bytes, when a route needs more than the server's default (imports) or much less (login).
    var bodyLimit: Int?
    var responses: [ResponseSpec]
    /// Whether `Idempotency-Key` makes a repeated POST return the first response instead of acting twice.
    var idempotent: Bool
    /// Schemas of path parameters other than UUIDs (e.g. `{date}`).
    var pathParameters: [String: JSONSchema]
    var handler: @Sendable (RequestContext) async throws -> HTTPResponse

    init(
        _ method: HTTPMethod, _ path: String, operationId: String, summary: String, tag: String, access: Access,
        query: [QueryParameter] = [], requestBody: JSONSchema? = nil, bodyOptional: Bool = false, bodyLimit: Int? = nil,
        responses: [ResponseSpec], idempotent: Bool = false, pathParameters: [String: JSONSchema] = [:],
        handler: @escaping @Sendable (RequestContext) async throws -> HTTPResponse
    ) {
        self.method = method
        self.path = path
        self.operationId = operationId
        self.summary = summary
        self.tag = tag
        self.access = access
        self.query = query
        self.requestBody = requestBody
        self.bodyOptional = bodyOptional
        self.bodyLimit = bodyLimit
        self.responses = responses
        self.idempotent = idempotent
        self.pathParameters = pathParameters
        self.handler = handler
    }

    /// The names of the `{name}` segments of the path (`{secret}.ics` names `secret`).
    var pathParameterNames: [String] {
        path.split(separator: "/").compactMap { segment in
            guard segment.hasPrefix("{"), let close = segment.firstIndex(of: "}") else { return nil }
            return String(segment[segment.index(after: segment.startIndex)..<close])
        }
    }
}
