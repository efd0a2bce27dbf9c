import Foundation

/// The one lower-casing of user names, for the account lookup and the login throttle alike.
///
/// Names are ASCII (`NewUser.isValidUsername`, and a CHECK on `users`), compared without case. Full Unicode
/// lower-casing would make a name typed with other letters mean an account: PostgreSQL's `lower('admİn')` is
/// `admin` in a UTF-8 locale, while Swift's `"admİn".lowercased()` is `admi̇n`, so one attempt would be checked
/// against `admin` but counted for another name. Lower-casing only A-Z leaves every other letter as typed, so
/// such a name means no account, whatever the database's locale. In SQL the same mapping is
/// `lower(username COLLATE "C")` (the index `users_username_ascii_lower`).
enum Username {
    /// `name` with A-Z lowered and every other byte kept.
    static func canonical(_ name: String) -> String {
        var bytes = Array(name.utf8)
        for index in bytes.indices where bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z") {
            bytes[index] += 32
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
