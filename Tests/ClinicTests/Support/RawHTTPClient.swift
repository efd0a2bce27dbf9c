import Foundation

@testable import Clinic

#if canImport(Glibc)
    import Glibc
#endif

/// A deliberately dumb HTTP client over a plain POSIX socket, so tests can send exactly the bytes they mean
/// (malformed, partial, pipelined, slow) and see exactly what comes back. Every read has a receive timeout, so
/// a broken server fails a test instead of hanging it. Calls block: use them inside `offPool { }`.
///
/// `@unchecked Sendable` so a connection can outlive one `offPool` call: `buffer`, the only mutable state, is
/// touched only under `lock` (every public method takes it).
final class RawHTTPClient: @unchecked Sendable {
    struct Response {
        var status: Int
        var reason: String
        var headers: [(String, String)]
        var body: [UInt8]
        var bodyText: String { String(decoding: body, as: UTF8.self) }

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    struct ClientError: Error, CustomStringConvertible {
        var description: String
    }

    let fd: Int32
    private var buffer: [UInt8] = []
    private let lock = NSLock()

    /// `receiveTimeout` only bounds how long a broken server can hang a test. It is generous because handlers run
    /// on the cooperative pool (two threads on a two-core machine), which other suites can hold for many seconds
    /// with blocking work (starting a postgres cluster), and a healthy server must not fail a test then.
    /// `receiveBufferBytes` shrinks the socket's receive buffer (so the TCP window) before connecting, for clients
    /// that must look slow to the server.
    init(port: Int, receiveTimeout: Double = 30, receiveBufferBytes: Int? = nil) throws {
        // Close-on-exec: tests spawn programs (the test database's watchdog shell, pg_ctl, the postmaster) that
        // would otherwise inherit this socket and hold it open after `disconnect()`, so the server would never
        // see the client leave.
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket failed") }
        var timeout = timeval(
            tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout.truncatingRemainder(dividingBy: 1)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if var size = receiveBufferBytes.map(Int32.init) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw ClientError(description: "connect failed: errno \(code)")
        }
    }

    private var closed = false

    deinit { disconnect() }

    /// Closes the socket once (a second close could hit a descriptor another test has opened since).
    func disconnect() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        close(fd)
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw ClientError(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes into the buffer; false at EOF. Throws on timeout or error.
    @discardableResult
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        if count == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError(description: "receive timed out") }
        if errno == ECONNRESET { return false }
        throw ClientError(description: "recv failed: errno \(errno)")
    }

    private func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                if line.last == 0x0D { line.removeLast() }
                buffer.removeFirst(newline + 1)
                return String(decoding: line, as: UTF8.self)
            }
            guard try fill() else { throw ClientError(description: "connection closed mid-line") }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw ClientError(description: "connection closed mid-body") }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer[..<count])
    }

    /// Reads one response. `head` says the request was HEAD (no body follows).
    func readResponse(head: Bool = false) throws -> Response {
        lock.lock()
        defer { lock.unlock() }
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line: \(statusLine)")
        }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw ClientError(description: "bad header \(line)") }
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = Response(
            status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers, body: [])
        if head || status == 204 || status == 304 || status == 100 { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try readExactly(length)
        } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                    throw ClientError(description: "bad chunk size \(sizeLine)")
                }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                response.body += try readExactly(size)
                _ = try readLine()
            }
        } else {
            while try fill() {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// Reads and drops at most `limit` bytes of whatever has arrived; nil once the server has closed (EOF or reset).
    func receiveSome(upTo limit: Int) throws -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if !buffer.isEmpty {
            let count = min(limit, buffer.count)
            buffer.removeFirst(count)
            return count
        }
        var chunk = [UInt8](repeating: 0, count: limit)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return count }
        if count == 0 || errno == ECONNRESET { return nil }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError(description: "receive timed out") }
        throw ClientError(description: "recv failed: errno \(errno)")
    }

    /// True when the server closes the connection (EOF or reset) before the receive timeout, with no bytes.
    func isClosedByServer() throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if !buffer.isEmpty { return false }
        return try !fill()
    }

    /// Everything until the server closes.
    func readToEnd() throws -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        while try fill() {}
        defer { buffer = [] }
        return buffer
    }
}

/// Runs blocking work on its own thread, so blocking socket calls in tests never occupy the cooperative pool
/// that the server's handlers need.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await blocking(body)
}
