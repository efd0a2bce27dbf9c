import Foundation

/// Failures of signing in and of managing users, as values the API maps in its one error mapping.
enum AuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Unknown user, wrong password or deactivated user; deliberately one case so a response cannot tell
    /// them apart. HTTP 401.
    case invalidCredentials
    /// Missing, malformed, unknown, expired or revoked bearer token. HTTP 401.
    case invalidToken
    /// Too many failed logins for this user name or from this address. HTTP 429 with `Retry-After: seconds`.
    case throttled(retryAfter: Int)
    /// A user with this name exists already (names are compared without regard to case). HTTP 409.
    case usernameTaken

    var description: String {
        switch self {
        case .invalidCredentials: "invalid user name or password"
        case .invalidToken: "invalid or expired token"
        case .throttled(let seconds): "too many failed attempts; try again in \(seconds) s"
        case .usernameTaken: "this user name is taken"
        }
    }
}
