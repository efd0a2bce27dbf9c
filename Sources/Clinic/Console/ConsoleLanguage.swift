import ClinicDomain
import ClinicHTTP

/// Which language a console page speaks: the one the user chose (a cookie), else the browser's `Accept-Language`,
/// else Chinese, the language every health room's staff read.
enum ConsoleLanguage {
    static func resolve(_ request: HTTPRequest) -> Language {
        if let chosen = ConsoleCookie.value(ConsoleCookie.language, in: request).flatMap(Language.init(rawValue:)) {
            return chosen
        }
        return AcceptLanguage.preferred(request.headers["Accept-Language"]) ?? .zh
    }

    /// A language's own name, shown the same in every language so a reader finds theirs.
    static func name(of language: Language) -> String {
        switch language {
        case .bo: "བོད་ཡིག"
        case .zh: "中文"
        case .en: "English"
        }
    }
}

/// Redirects and other small answers of the console.
enum ConsoleResponse {
    /// 303 See Other to a console path (after a form, so reloading does not post it again).
    static func redirect(_ location: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers.add("Location", location)
        return HTTPResponse(status: HTTPStatus(code: 303), headers: headers)
    }

    /// `next` when it is a path inside the console, else the console's start: never a redirect off the site. A
    /// path inside is `/console`, or starts `/console/` or `/console?`, has no `.` or `..` segment and no
    /// backslash, and is at most 2,000 visible ASCII characters (a link's maker percent-encodes anything else).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.utf8.count <= 2_000,
            next == "/console" || next.hasPrefix("/console/") || next.hasPrefix("/console?"),
            !next.hasPrefix("//"), !next.contains("\\"),
            next.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else { return "/console/" }
        let path = next.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0 == "." || $0 == ".." || $0.lowercased().hasPrefix("%2e") }) else {
            return "/console/"
        }
        return next
    }
}
