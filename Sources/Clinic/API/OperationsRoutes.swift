import ClinicHTTP
import Foundation

/// The public operational endpoints: liveness, readiness, metrics and the contract.
enum OperationsRoutes {
    static func routes(
        metrics: Metrics, isReady: @escaping @Sendable () async -> Bool, document: @escaping @Sendable () -> [UInt8]
    ) -> [Route] {
        let status = JSONSchema.object(["status": .enumeration(["ok", "unavailable"])], required: ["status"])
        let okBody = Array(#"{"status":"ok"}"#.utf8)
        return [
            Route(
                .get, "/healthz", operationId: "getHealth", summary: "The process serves", tag: "operations",
                access: .anyone, responses: [.json(200, "serving", status)]
            ) { _ in
                HTTPResponse(status: .ok, contentType: "application/json", body: okBody)
            },
            Route(
                .get, "/readyz", operationId: "getReadiness", summary: "The database answers", tag: "operations",
                access: .anyone,
                responses: [.json(200, "ready", status), .json(503, "the database does not answer", status)]
            ) { _ in
                if await isReady() { return HTTPResponse(status: .ok, contentType: "application/json", body: okBody) }
                return HTTPResponse(
                    status: .serviceUnavailable, contentType: "application/json",
                    body: Array(#"{"status":"unavailable"}"#.utf8), headers: ["Retry-After": "2"])
            },
            Route(
                .get, "/metrics", operationId: "getMetrics", summary: "Prometheus metrics", tag: "operations",
                access: .anyone,
                responses: [ResponseSpec(200, "Prometheus text format", content: ["text/plain": .string])]
            ) { _ in
                HTTPResponse(
                    status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: Array(metrics.render().utf8))
            },
            Route(
                .get, "/openapi.json", operationId: "getOpenAPI", summary: "This contract (OpenAPI 3.1)",
                tag: "operations", access: .anyone,
                responses: [.json(200, "the OpenAPI document", .object([:], open: true))]
            ) { _ in
                HTTPResponse(status: .ok, contentType: "application/json", body: document())
            },
        ]
    }
}
