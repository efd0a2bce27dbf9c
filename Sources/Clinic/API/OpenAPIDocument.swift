import ClinicSupport
import Foundation

/// The published contract (OpenAPI 3.1), built from the route table the server dispatches with.
enum OpenAPIDocument {
    /// The problem+json body every error response carries.
    static let problemSchema = JSONSchema.object(
        [
            "type": .string, "title": .string, "status": .integer(minimum: 100, maximum: 599), "detail": .string,
            "instance": .string,
            "errors": .array(of: .object(["field": .string, "message": .string], required: ["field", "message"])),
        ], required: ["type", "title", "status"])

    static func build(routes: [Route], schemas: [String: JSONSchema], version: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in routes {
            var item = paths[route.path]?.members ?? [:]
            item[route.method.rawValue.lowercased()] = operation(route)
            paths[route.path] = .object(item)
        }
        assert(schemas["Problem"] == nil, "\"Problem\" is the error body's schema; name the resource's differently")
        var componentSchemas = schemas.mapValues(\.json)
        componentSchemas["Problem"] = problemSchema.json
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Clinic scheduling and health files API",
                "version": .string(version),
                "description": """
                Tuesday/Thursday clinic slots (on site, remote, home visits), appointments, consultations and \
                health files of a community health room. Errors are application/problem+json (RFC 9457); their \
                title, detail and field messages follow Accept-Language (bo, zh, en; default en), while type, \
                status and field names never change. Printable HTML pages follow it too (default zh).
                """,
            ],
            "paths": .object(paths),
            "components": [
                "schemas": .object(componentSchemas),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            ],
        ]
    }

    private static func operation(_ route: Route) -> JSONValue {
        var parameters: [JSONValue] = route.pathParameterNames.map { name in
            [
                "name": .string(name), "in": "path", "required": true,
                "schema": (route.pathParameters[name] ?? .uuid).json,
            ]
        }
        parameters += route.query.map { parameter in
            [
                "name": .string(parameter.name), "in": "query", "required": .bool(parameter.required),
                "description": .string(parameter.description), "schema": parameter.schema.json,
            ]
        }
        if route.idempotent {
            parameters.append([
                "name": "Idempotency-Key", "in": "header", "required": false,
                "description": .string(
                    "the same key and body return the first response again (a body with clinical text is read "
                        + "again under the caller's role); a key still in progress is 409"),
                "schema": JSONSchema.string(minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7E]+$")
                    .explained("must be 1 to 255 visible ASCII characters").json,
            ])
        }
        var responses: [String: JSONValue] = [:]
        for response in route.responses {
            var object: [String: JSONValue] = ["description": .string(response.description)]
            if !response.content.isEmpty {
                object["content"] = .object(response.content.mapValues { ["schema": $0.json] })
            }
            if !response.headers.isEmpty {
                object["headers"] = .object(response.headers.mapValues { ["schema": $0.json] })
            }
            responses[String(response.status)] = .object(object)
        }
        responses["default"] = [
            "description": "an error (problem+json): 400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429, 503",
            "content": ["application/problem+json": ["schema": JSONSchema.ref("Problem").json]],
        ]
        var operation: [String: JSONValue] = [
            "operationId": .string(route.operationId), "summary": .string(route.summary),
            "tags": [.string(route.tag)], "responses": .object(responses),
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let body = route.requestBody {
            operation["requestBody"] = ["required": .bool(!route.bodyOptional), "content": ["application/json": ["schema": body.json]]]
        }
        switch route.access {
        case .anyone:
            operation["security"] = []
        case .roles(let roles):
            operation["security"] = [["bearer": []]]
            let names = roles.map(\.rawValue).sorted().joined(separator: ", ")
            operation["description"] = .string("Roles: \(names).")
        }
        return .object(operation)
    }
}
