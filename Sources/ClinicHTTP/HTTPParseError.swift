/// Why the server could not accept a request, with the status it answers before closing the connection.
/// Carries a status (as Hummingbird's `HTTPError` does) so the connection code need not map error kinds.
package struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    package let status: HTTPStatus
    package let detail: String

    package init(_ status: HTTPStatus, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    static func badRequest(_ detail: String) -> HTTPParseError { HTTPParseError(.badRequest, detail) }

    package var description: String { "\(status.code): \(detail)" }
}
