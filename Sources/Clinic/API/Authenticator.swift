import Foundation

/// Resolves a bearer token to its user; `nil` for a token that is unknown, expired or revoked.
protocol Authenticator: Sendable {
    func principal(forToken token: String) async throws -> Principal?
}
