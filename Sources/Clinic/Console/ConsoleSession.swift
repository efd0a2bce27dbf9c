import ClinicHTTP
import ClinicSupport
import Foundation

/// A signed-in console user: the bearer token the API issued at login, carried in an `HttpOnly` cookie (never
/// seen by page scripts), and the form token derived from it that every state-changing form must send back.
struct ConsoleSession: Sendable, Equatable {
    let token: String
    let principal: Principal
    /// For a county admin: the health rooms to pick from and the one picked; nil for users of one clinic, who
    /// never see a picker.
    var clinics: ClinicChoice? = nil

    /// The CSRF token for this session's forms: a hash of the session token under a label of its own, so a page
    /// can show it without showing the session token, and it lapses with the session.
    var formToken: String { Self.formToken(for: token) }

    static func formToken(for token: String) -> String { SHA256.hex(Array(("clinic-console-form\u{0}" + token).utf8)) }
}

/// The console's cookies: all `Path=/console`, `HttpOnly`, `SameSite=Strict`, and `Secure` behind TLS.
enum ConsoleCookie {
    /// The session token.
    static let session = "clinic_session"
    /// A random value the login form sends back (a login form has no session to derive a form token from).
    static let login = "clinic_login"
    /// The language the user chose.
    static let language = "clinic_lang"
    /// The health room a county admin works in (empty: none picked).
    static let clinic = "clinic_clinic"

    /// The value of cookie `name` in the request's `Cookie` headers, if any. A name sent twice with different values
    /// counts as absent: the second is a cookie planted by someone else (from a sibling host or a longer path), and
    /// neither can be trusted to be the user's.
    static func value(_ name: String, in request: HTTPRequest) -> String? {
        var found: String?
        for header in request.headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
                let value = String(trimmed[trimmed.index(after: equals)...])
                if let found, found != value { return nil }
                found = value
            }
        }
        return found
    }

    /// A `Set-Cookie` value; `maxAge` 0 deletes the cookie, nil makes it last as long as the browser session.
    static func header(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil) -> String {
        var parts = ["\(name)=\(value)", "Path=/console", "HttpOnly", "SameSite=Strict"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}

/// A county admin's health rooms in the console: every clinic, and the one whose rows the pages show and create.
struct ClinicChoice: Sendable, Equatable {
    struct Option: Sendable, Equatable {
        let id: UUID
        let name: String
    }

    let options: [Option]
    /// The picked clinic; nil until one is picked (lists then span the county, and creating asks for one).
    let picked: UUID?

    /// The choice for a county admin from the clinics and the `clinic_clinic` cookie (a clinic that no longer exists
    /// counts as none).
    init(clinics: [ClinicRecord], cookie: String?) {
        options = clinics.map { Option(id: $0.id, name: $0.settings.name) }
        let named = cookie.flatMap(UUID.init(uuidString:))
        picked = options.contains { $0.id == named } ? named : nil
    }
}
