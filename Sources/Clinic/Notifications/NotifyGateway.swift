import ClinicSupport
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The SMS or voice gateway behind `CLINIC_NOTIFY_URL`: one signed JSON POST per notice, through Foundation's
/// URLSession (libcurl on Linux: plain HTTP and HTTPS). Its I/O runs on URLSession's own threads; the caller only
/// awaits, so a slow or dead gateway holds no thread of the cooperative pool.
final class NotifyGateway: Sendable {
    enum Outcome: Sendable, Equatable {
        /// A 2xx answer: the gateway has the notice.
        case accepted
        /// Any other answer, or none: worth another attempt later. The text is for `last_error` and the log.
        case failed(String)
    }

    let url: URL
    let secret: [UInt8]
    private let session: URLSession

    /// - Parameter timeout: for connecting, and for each wait for the gateway's next bytes; the whole exchange
    ///   may take at most twice as long.
    init(url: URL, secret: String, timeout: Duration) {
        self.url = url
        self.secret = Array(secret.utf8)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds * 2
        configuration.httpMaximumConnectionsPerHost = 8
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    /// `X-Clinic-Signature`'s value for `body`.
    static func signature(_ body: [UInt8], secret: [UInt8]) -> String {
        "sha256=" + HMACSHA256.hex(body, key: secret)
    }

    /// POSTs `body` (a notice as JSON) with its id as `Idempotency-Key`, so a gateway that receives one notice twice
    /// (a process died after sending, before recording it sent) can tell.
    func post(_ body: [UInt8], idempotencyKey: String) async -> Outcome {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.timeoutInterval = session.configuration.timeoutIntervalForRequest
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        request.setValue(Self.signature(body, secret: secret), forHTTPHeaderField: "X-Clinic-Signature")
        request.setValue("clinic-server/\(ClinicVersion.string)", forHTTPHeaderField: "User-Agent")
        do {
            let (_, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { return .failed("not an HTTP response") }
            return (200..<300).contains(http.statusCode) ? .accepted : .failed("HTTP \(http.statusCode)")
        } catch {
            return .failed(Self.describe(error))
        }
    }

    /// A transport error in a few words: libcurl's own when URLSession passes it on (`Failed to connect to ...`),
    /// else the error's domain and code (`NSURLErrorDomain -1001` is a time-out).
    static func describe(_ error: any Error) -> String {
        let error = error as NSError
        let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
        if let words = (underlying ?? error).userInfo[NSLocalizedDescriptionKey] as? String {
            return String(words.prefix(300))
        }
        return "\(error.domain) \(error.code)" + (error.code == NSURLErrorTimedOut ? " (timed out)" : "")
    }
}
