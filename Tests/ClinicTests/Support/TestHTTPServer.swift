@testable import Clinic
@testable import ClinicHTTP

/// Starts an `HTTPServer` on a free port for one test.
func startTestServer(
    limits: HTTPLimits = HTTPLimits(), onResponse: (@Sendable (HTTPRequest, HTTPStatus, Duration) -> Void)? = nil,
    handler: @escaping HTTPHandler
) throws -> HTTPServer {
    let configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, limits: limits, onResponse: onResponse)
    let server = HTTPServer(configuration: configuration, handler: handler)
    try server.start()
    return server
}

/// A handler answering `ok` to everything, echoing the method, path and body size in headers.
let echoHandler: HTTPHandler = { request in
    HTTPResponse(
        status: .ok, contentType: "text/plain", body: Array("ok".utf8),
        headers: [
            "X-Method": request.method.rawValue, "X-Path": request.path, "X-Body-Length": String(request.body.count),
        ])
}
