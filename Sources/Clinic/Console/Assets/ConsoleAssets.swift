import ClinicHTTP
import ClinicSupport

/// The console's stylesheet and script, compiled into the binary: no fonts, scripts or styles from elsewhere.
/// They are served with a hash of their text in the path, so browsers keep them for a year and fetch a new
/// build's at once.
enum ConsoleAssets {
    static let version = String(SHA256.hex(Array((ConsoleStyle.css + ConsoleScript.js).utf8)).prefix(12))
    static let stylePath = "/console/assets/\(version)/console.css"
    static let scriptPath = "/console/assets/\(version)/console.js"

    static func response(contentType: String, _ text: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Cache-Control", "public, max-age=31536000, immutable")
        return HTTPResponse(status: .ok, contentType: contentType, body: Array(text.utf8), headers: headers)
    }
}
