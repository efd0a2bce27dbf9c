import Foundation
import Glibc

/// Who a login attempt comes from, as the throttle counts it: the host, never the port.
///
/// The server records a peer as `203.0.113.7:53122` or `[2001:db8::1]:53122`. Each new TCP connection gets a new
/// port, so a budget keyed on that text would start afresh with every connection. An IPv6 client usually holds a
/// whole /64 and can pick any address in it, so IPv6 is counted per /64 prefix; an IPv4 address in IPv6 form
/// (`::ffff:203.0.113.7`) counts as the IPv4 address.
enum ClientAddress {
    /// The host part of `remoteAddress`, canonical: `203.0.113.7`, or `2001:db8:1:2::/64` for IPv6. Text that is
    /// no IP address (a test's placeholder, `unknown`) is kept as it is, without a port if it had one; nil for
    /// nil or empty text.
    static func throttleKey(_ remoteAddress: String?) -> String? {
        guard let remoteAddress, !remoteAddress.isEmpty else { return nil }
        let host = hostPart(of: remoteAddress)
        if let v4 = ipv4(host) { return format(v4) }
        if var v6 = ipv6(host) {
            // ::ffff:a.b.c.d
            if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xFF && v6[11] == 0xFF {
                return format(Array(v6[12...]))
            }
            for index in 8..<16 { v6[index] = 0 }
            return formatV6(v6) + "/64"
        }
        return host
    }

    /// `[v6]:port` → `v6`; `v4:port` → `v4`; a bare address (no port, or IPv6 with its colons) as it is.
    static func hostPart(of text: String) -> String {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        let colons = text.utf8.filter { $0 == UInt8(ascii: ":") }.count
        if colons == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }

    private static func ipv4(_ text: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func ipv6(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func format(_ bytes: [UInt8]) -> String { bytes.map(String.init).joined(separator: ".") }

    private static func formatV6(_ bytes: [UInt8]) -> String {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
