import Foundation

/// Resolves a bearer token to its user; `nil` for a token that is unknown, expired or revoked.
public protocol Authenticator: Sendable {
    func principal(forToken token: String) async throws -> Principal?
}

/// Remembers the responses of creating POSTs by `Idempotency-Key`, so a client that retries after a lost
/// answer gets the first answer instead of a second booking.
public protocol IdempotencyCache: Sendable {
    /// Claims `key` for this caller and request, or reports what happened to an earlier claim.
    func begin(key: String, scope: String, fingerprint: String) async throws -> IdempotencyDecision
    /// Stores the response of a claimed key.
    func complete(key: String, scope: String, response: StoredResponse) async throws
    /// Releases a claimed key without a stored answer (the request failed on our side), so a retry runs again.
    func abandon(key: String, scope: String) async throws
}

public enum IdempotencyDecision: Sendable, Equatable {
    /// First use: run the request.
    case proceed
    /// Seen with the same request: answer this again.
    case replay(StoredResponse)
    /// Still running (a concurrent duplicate): 409.
    case inProgress
    /// Seen with a different request: 422.
    case mismatch
}

/// A response kept for replay: status, content type and body bytes.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var body: [UInt8]

    public init(status: Int, contentType: String?, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
