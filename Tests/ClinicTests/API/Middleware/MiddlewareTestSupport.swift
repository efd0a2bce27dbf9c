import Foundation

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicHTTP
@testable import ClinicSupport

/// Pieces for testing one middleware alone: a route, a routed context, and a stub `next` that records its calls.
enum MiddlewareTesting {
    static func route(
        _ method: HTTPMethod = .get, _ path: String = "/v1/things/{id}", access: Access = .anyone,
        query: [QueryParameter] = [], requestBody: JSONSchema? = nil, idempotent: Bool = false
    ) -> Route {
        Route(
            method, path, operationId: "test", summary: "test", tag: "test", access: access, query: query,
            requestBody: requestBody, responses: [], idempotent: idempotent
        ) { _ in HTTPResponse(status: .ok, contentType: "text/plain", body: Array("handler".utf8)) }
    }

    /// A context for `target`, routed over `routes` as the server routes it.
    static func context(
        _ method: HTTPMethod = .get, _ target: String, routes: [Route], headers: HTTPHeaders = [:], body: [UInt8] = []
    ) throws -> RequestContext {
        let request = try HTTPRequest(method: method, target: target, headers: headers, body: body)
        var context = RequestContext(request: request, principal: nil, timeZone: .gmt)
        context.routeMatch = RequestRouter(routes: routes).routeMatch(for: request)
        return context
    }

    static func principal(_ role: Role) -> Principal {
        Principal(userId: UUID(), username: "u", role: role, doctorId: nil)
    }
}

/// A `next` that answers 200 and remembers the contexts it was given.
final class StubNext: Sendable {
    let seen = LockedValue<[RequestContext]>([])
    let status: HTTPStatus

    init(status: HTTPStatus = .ok) { self.status = status }

    var responder: APIResponder {
        { [self] context in
            seen.withValue { $0.append(context) }
            return HTTPResponse(status: status, contentType: "text/plain", body: Array("next".utf8))
        }
    }

    var calls: Int { seen.value.count }
}
