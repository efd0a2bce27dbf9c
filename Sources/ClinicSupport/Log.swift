import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Structured logging: one JSON object a line on standard error, so logs are machine-readable.
/// Never pass secrets, tokens, bodies or personal data as fields.
package enum Log {
    package enum Level: Int, Sendable, Comparable {
        case debug = 0, info, warning, error
        package static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
        package init?(name: String) {
            switch name.lowercased() {
            case "debug", "trace": self = .debug
            case "info": self = .info
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }
        var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    private static let state = LockedValue<Level>(.info)

    /// The least severe level written; from `CLINIC_LOG_LEVEL` at start-up.
    package static var level: Level {
        get { state.value }
        set { state.value = newValue }
    }

    package static func debug(_ message: String, _ fields: [String: String] = [:]) { write(.debug, message, fields) }
    package static func info(_ message: String, _ fields: [String: String] = [:]) { write(.info, message, fields) }
    package static func warning(_ message: String, _ fields: [String: String] = [:]) {
        write(.warning, message, fields)
    }
    package static func error(_ message: String, _ fields: [String: String] = [:]) { write(.error, message, fields) }

    /// Writes one line: the fields sorted by name, as JSON. Built by hand: `JSONSerialization` was about a tenth
    /// of the server's CPU under load, for a line written on every request.
    static func write(_ level: Level, _ message: String, _ fields: [String: String]) {
        guard level >= Log.level else { return }
        var object = fields
        object["level"] = level.name
        object["msg"] = message
        object["time"] = timestamp()
        var line: [UInt8] = [UInt8(ascii: "{")]
        line.reserveCapacity(256)
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            JSONString.append(key, to: &line, escapingSlash: true)
            line.append(UInt8(ascii: ":"))
            JSONString.append(object[key]!, to: &line, escapingSlash: true)
        }
        line += [UInt8(ascii: "}"), UInt8(ascii: "\n")]
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }  // stderr gone: drop the line rather than stop the server
                offset += written
            }
        }
    }

    /// Now in UTC to the second, ISO 8601 (`2026-11-23T11:49:47Z`).
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(parts.tm_year + 1900, 4))-\(padded(parts.tm_mon + 1, 2))-\(padded(parts.tm_mday, 2))T"
            + "\(padded(parts.tm_hour, 2)):\(padded(parts.tm_min, 2)):\(padded(parts.tm_sec, 2))Z"
    }
}

/// A value guarded by a lock, for the few shared mutable things (counters, registries).
package final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: Value

    package init(_ value: Value) { storage = value }

    package var value: Value {
        get { lock.withLock { storage } }
        set { lock.withLock { storage = newValue } }
    }

    /// Reads and changes the value under the lock in one step.
    @discardableResult
    package func withValue<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&storage) }
    }

    /// Puts `newValue` in and returns what was there, in one step.
    package func exchange(_ newValue: Value) -> Value {
        lock.withLock {
            defer { storage = newValue }
            return storage
        }
    }
}
