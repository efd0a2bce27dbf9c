/// The protocol version of a request; the server speaks HTTP/1.0 and HTTP/1.1 only.
package struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    let major: Int
    let minor: Int

    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    static let http1_0 = HTTPVersion(major: 1, minor: 0)
    static let http1_1 = HTTPVersion(major: 1, minor: 1)

    package var description: String { "HTTP/\(major).\(minor)" }
}
