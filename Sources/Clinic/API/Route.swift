import Foundation

/// Who may call a route. Everything is protected unless a route says `.anyone`.
public enum Access: Sendable, Equatable {
    /// No token needed (health checks, metrics, the contract, login).
    case anyone
    /// A valid token of a user in one of these roles.
    case roles(Set<Role>)

    /// Any signed-in user.
    public static let signedIn = Access.roles(Set(Role.allCases))
}

/// A documented query parameter.
public struct QueryParameter: Sendable {
    public var name: String
    public var schema: JSONSchema
    public var description: String
    public var required: Bool

    public init(_ name: String, _ schema: JSONSchema, _ description: String, required: Bool = false) {
        self.name = name
        self.schema = schema
        self.description = description
        self.required = required
    }

    public static let limit = QueryParameter("limit", .integer(minimum: 1, maximum: 500), "page size (default 50)")
    /// A cursor's shape (unpadded base64url, as `KeysetCursor` writes it); only one the server issued reads.
    public static let cursor = QueryParameter(
        "cursor",
        .string(
            minLength: 2, maxLength: KeysetCursor.maximumLength,
            pattern: "^([A-Za-z0-9_-]{4})*([A-Za-z0-9_-]{2,3})?$"),
        "from the previous page's nextCursor (opaque)")
}

/// A documented response: status, description, and its body's schema per content type.
public struct ResponseSpec: Sendable {
    public var status: Int
    public var description: String
    public var content: [String: JSONSchema]
    public var headers: [String: JSONSchema]

    public init(_ status: Int, _ description: String, content: [String: JSONSchema] = [:], headers: [String: JSONSchema] = [:]) {
        self.status = status
        self.description = description
        self.content = content
        self.headers = headers
    }

    /// A JSON response.
    public static func json(_ status: Int, _ description: String, _ schema: JSONSchema) -> ResponseSpec {
        ResponseSpec(status, description, content: ["application/json": schema])
    }

    public static func noContent(_ description: String) -> ResponseSpec { ResponseSpec(204, description) }
}

/// One operation of the API: the path and method it answers, who may call it, what it reads and returns,
/// and the handler. The router, the authentication check, the body limit and the published OpenAPI document
/// are all built from the same list of routes, so they cannot drift apart.
public struct Route: Sendable {
    public var method: HTTPMethod
    /// `/v1/residents/{id}`; `{name}` segments are path parameters.
    public var path: String
    public var operationId: String
    public var summary: String
    public var tag: String
    public var access: Access
    public var query: [QueryParameter]
    /// The JSON body the route reads, if any.
    public var requestBody: JSONSchema?
    /// Body limit in bytes, when a route needs more than the server's default (imports) or much less (login).
    public var bodyLimit: Int?
    public var responses: [ResponseSpec]
    /// Whether `Idempotency-Key` makes a repeated POST return the first response instead of acting twice.
    public var idempotent: Bool
    /// Schemas of path parameters other than UUIDs (e.g. `{date}`).
    public var pathParameters: [String: JSONSchema]
    public var handler: @Sendable (RequestContext) async throws -> HTTPResponse

    public init(
        _ method: HTTPMethod, _ path: String, operationId: String, summary: String, tag: String, access: Access,
        query: [QueryParameter] = [], requestBody: JSONSchema? = nil, bodyLimit: Int? = nil,
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
        self.bodyLimit = bodyLimit
        self.responses = responses
        self.idempotent = idempotent
        self.pathParameters = pathParameters
        self.handler = handler
    }

    /// The names of the `{name}` segments of the path.
    public var pathParameterNames: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }
}
