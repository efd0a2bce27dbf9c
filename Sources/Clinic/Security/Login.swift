import ClinicDomain
import Foundation

/// The body of `POST /v1/auth/login`.
struct LoginRequest: Codable, Sendable, Equatable {
    var username: String
    var password: String

    /// Bodies that cannot be a real login are refused before any database work (HTTP 422): this bounds what an
    /// attacker can make the server hash, and keeps junk out of the throttle table.
    ///
    /// Bytes are checked before characters are counted, and nothing is normalised before that: a password of one
    /// letter and thousands of combining marks is one character, and its NFC form takes seconds to compute
    /// (see `PasswordPolicy.maximumBytes`).
    func validate(policy: PasswordPolicy = .standard) throws(ValidationError) {
        var v = Validator()
        v.check(!username.isEmpty && username.utf8.count <= 64, field: "username", message: "must be 1 to 64 bytes")
        if v.check(
            !password.isEmpty && password.utf8.count <= policy.maximumBytes, field: "password",
            message: "must be 1 to \(policy.maximumBytes) bytes of UTF-8")
        {
            v.check(
                password.count <= policy.maximumLength, field: "password",
                message: "must be at most \(policy.maximumLength) characters")
        }
        try v.finish()
    }
}

/// The answer to a successful login: the bearer token (shown this once, kept nowhere) and its expiry.
struct LoginResponse: Codable, Sendable, Equatable {
    var token: String
    var expiresAt: Date
    var user: User
}
