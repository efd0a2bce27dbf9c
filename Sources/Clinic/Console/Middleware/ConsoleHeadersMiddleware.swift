import ClinicHTTP
import ClinicSupport
import Foundation

/// Puts the console's security headers on every console answer, error pages and redirects included: a strict
/// Content-Security-Policy (scripts and styles only from the console itself; the printable pages' fixed inline
/// styles by hash), no framing, no referrer beyond the site, no type sniffing; and `Cache-Control: no-store` on every
/// answer that does not set its own (only the fixed assets do): the console's pages, printouts and CSV downloads
/// hold residents' data, which no browser cache or shared front-desk PC should keep after sign-out.
struct ConsoleHeadersMiddleware: APIMiddleware {
    /// Inline `<style>` blocks the printable pages carry (`<style>\n…\n</style>`), allowed by their SHA-256: they
    /// are fixed text, and the console passes those pages through from the API.
    static let inlineStyles: [String] = [DayListPage.style, HealthSummaryPage.style, MonthlyReportPage.style].map {
        "\n" + $0 + "\n"
    }

    static let contentSecurityPolicy: String = {
        let hashes = inlineStyles.map { "'sha256-" + Data(SHA256.hash(Array($0.utf8))).base64EncodedString() + "'" }
        return [
            "default-src 'none'", "script-src 'self'", (["style-src 'self'"] + hashes).joined(separator: " "),
            "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "form-action 'self'",
            "frame-ancestors 'none'", "base-uri 'none'",
        ].joined(separator: "; ")
    }()

    func respond(to context: RequestContext, next: APIResponder) async throws -> HTTPResponse {
        var response = try await next(context)
        response.headers.remove("Content-Security-Policy")
        response.headers.add("Content-Security-Policy", Self.contentSecurityPolicy)
        response.headers.add("X-Frame-Options", "DENY")
        response.headers.add("Referrer-Policy", "same-origin")
        response.headers.add("X-Content-Type-Options", "nosniff")
        if !response.headers.contains("Cache-Control") { response.headers.add("Cache-Control", "no-store") }
        if !response.headers.contains("Vary") { response.headers.add("Vary", "Cookie, Accept-Language") }
        return response
    }
}
