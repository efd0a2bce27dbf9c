/// Why the server could not accept a request, with the status it answers before closing the connection.
/// Carries a status (as Hummingbird's `HTTPError` does) so the connection code need not map error kinds.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    public let detail: String

    public init(_ status: HTTPStatus, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    static func badRequest(_ detail: String) -> HTTPParseError { HTTPParseError(.badRequest, detail) }

    public var description: String { "\(status.code): \(detail)" }
}
