import ClinicSupport
import Foundation

/// The secret in a doctor's calendar URL: 256 random bits from the system's CSPRNG as 43 characters of base64url (the
/// shape of a bearer token), so it is safe in a path. Only its SHA-256, in hex, is stored: the table alone opens no
/// feed, and a feed is found by the hash through a unique index, never by comparing secrets.
enum CalendarFeedSecret {
    static func generate() -> String { BearerToken.generate() }

    /// What `calendar_feeds.secret_hash` holds.
    static func hash(_ secret: String) -> String { SHA256.hex(Array(secret.utf8)) }

    /// True for text shaped like a secret we issued; anything else is refused without a database round trip.
    static func isWellFormed(_ secret: String) -> Bool { BearerToken.isWellFormed(secret) }
}
