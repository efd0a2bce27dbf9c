import ClinicHTTP

extension Route {
    /// A console page: routed, counted and logged like an API operation, but never published in the OpenAPI
    /// document (the console is HTML for people, not a contract).
    static func page(
        _ method: HTTPMethod, _ path: String, access: Access, bodyLimit: Int? = nil,
        handler: @escaping @Sendable (RequestContext) async throws -> HTTPResponse
    ) -> Route {
        Route(
            method, path, operationId: "console \(method.rawValue) \(path)", summary: path, tag: "console",
            access: access, bodyLimit: bodyLimit ?? 64 * 1024, responses: [], handler: handler)
    }
}
