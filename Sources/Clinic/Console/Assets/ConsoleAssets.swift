import ClinicHTTP
import ClinicSupport

/// The console's stylesheet and script, compiled into the binary: no fonts, scripts or styles from elsewhere.
/// They are served with a hash of their text in the path, so browsers keep them for a year and fetch a new
/// build's at once.
enum ConsoleAssets {
    static let version = String(SHA256.hex(Array((ConsoleStyle.css + ConsoleScript.js).utf8)).prefix(12))
    static let stylePath = "/console/assets/\(version)/console.css"
    static let scriptPath = "/console/assets/\(version)/console.js"
    /// The tab's icon, a blue cross inside the page (the CSP allows `data:` images), so browsers do not ask for a
    /// `/favicon.ico` the server does not have.
    static let iconURI = """
        data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Cpath fill='%2317406d' \
        d='M6 1h4v5h5v4h-5v5H6v-5H1V6h5z'/%3E%3C/svg%3E
        """

    /// The asset, kept for a year, only under this build's version: another version is 404 (during a rolling
    /// deployment an old server must not answer a new build's path with its old text for a year of caching).
    static func response(_ context: RequestContext, contentType: String, _ text: String) throws -> HTTPResponse {
        guard context.pathParameters["version"] == version else { throw APIError.notFound() }
        var headers = HTTPHeaders()
        headers.add("Cache-Control", "public, max-age=31536000, immutable")
        return HTTPResponse(status: .ok, contentType: contentType, body: Array(text.utf8), headers: headers)
    }
}
