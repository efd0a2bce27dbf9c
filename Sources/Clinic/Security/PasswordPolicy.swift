import ClinicDomain
import ClinicSupport
import Foundation

/// What a new password must be. Length is what makes a password strong; composition rules mostly make people
/// write them down, so there are none (NIST SP 800-63B).
struct PasswordPolicy: Sendable, Equatable {
    /// Counted in characters as a person sees them (grapheme clusters), so Tibetan and Chinese passwords
    /// are judged by what was typed, not by bytes.
    var minimumLength: Int
    /// Bounds the work one request can cause; the hash covers the whole password (see `PasswordHashing`).
    var maximumLength: Int
    /// Checked first, before anything walks the text: a character may carry any number of combining marks, so a
    /// count of characters bounds nothing, and putting a run of marks in NFC (`PasswordHashing.prehash`) takes
    /// time growing with the square of its length (16,000 marks: 2 s). 256 bytes is 256 Latin letters, 85
    /// Chinese characters, or 64 or more Tibetan letters.
    var maximumBytes: Int

    init(minimumLength: Int = 10, maximumLength: Int = 200, maximumBytes: Int = 256) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
        self.maximumBytes = maximumBytes
    }

    static let standard = PasswordPolicy()

    /// Throws the broken rules for `password`, reported on `field`; the password itself never appears in a message.
    func validate(_ password: String, field: String = "password") throws(ValidationError) {
        // `utf8.count` of a native string is stored, not counted: this check costs nothing however long the text.
        guard password.utf8.count <= maximumBytes else {
            throw ValidationError(field: field, message: "must be at most \(maximumBytes) bytes of UTF-8")
        }
        var v = Validator()
        let length = password.count
        v.check(length >= minimumLength, field: field, message: "must be at least \(minimumLength) characters long")
        v.check(length <= maximumLength, field: field, message: "must be at most \(maximumLength) characters long")
        if length > 0 {
            v.check(
                !password.unicodeScalars.allSatisfy { $0.properties.isWhitespace }, field: field,
                message: "must not be only spaces")
        }
        v.check(
            !password.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, field: field,
            message: "must not contain control characters")
        try v.finish()
    }
}

/// How passwords are hashed: bcrypt in PostgreSQL (pgcrypto `crypt()` with `gen_salt('bf', cost)`) over a
/// SHA-256 of the password made here.
///
/// The pre-hash keeps the plain password out of the database entirely (statement logs, `pg_stat_activity`),
/// and lets bcrypt cover passwords longer than its 72-byte limit. The text is put in Unicode NFC first, so the
/// same password typed on two keyboards that compose characters differently still matches.
enum PasswordHashing {
    /// bcrypt cost used for new passwords. Measured on the development machine (2 shared cores, PostgreSQL 15,
    /// pgcrypto): cost 8 ≈ 16 ms, 9 ≈ 31 ms, 10 ≈ 58 ms, 11 ≈ 117 ms, 12 ≈ 235 ms per `crypt()`.
    /// 10 keeps one login in the tens of milliseconds while making each offline guess as slow.
    static let defaultCost = 10
    /// The range pgcrypto accepts; tests use 4.
    static let costRange = 4...31

    /// The value sent to PostgreSQL in place of the password: 64 hex digits.
    static func prehash(_ password: String) -> String {
        SHA256.hex(Array(("clinic.password.v1:" + password.precomposedStringWithCanonicalMapping).utf8))
    }
}
