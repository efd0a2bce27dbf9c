/// A SQL statement whose interpolated values become bound parameters (`$1`, `$2`, ...), never SQL text.
///
///     let rows = try await conn.query("SELECT name FROM residents WHERE id = \(id)")
///
/// Only literal segments of the string literal become SQL; every `\(value)` is sent apart from it.
package struct PostgresQuery: Sendable, ExpressibleByStringInterpolation {
    package private(set) var sql: String
    package private(set) var binds: [PostgresBind]

    package init(unsafeSQL sql: String, binds: [PostgresBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    package init(stringLiteral value: String) {
        self.sql = value
        self.binds = []
    }

    package init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// Appends another query, renumbering its parameters; for building a WHERE clause piece by piece.
    package mutating func append(_ other: PostgresQuery) {
        sql += other.binds.isEmpty ? other.sql : PostgresQuery.renumber(other.sql, by: binds.count)
        binds += other.binds
    }

    package static func + (lhs: PostgresQuery, rhs: PostgresQuery) -> PostgresQuery {
        var query = lhs
        query.append(rhs)
        return query
    }

    /// Shifts `$n` placeholders by `offset`, leaving quoted text alone.
    ///
    /// Works on UTF-8 bytes: `$`, quotes and digits are ASCII, and no byte of a multi-byte character is.
    static func renumber(_ sql: String, by offset: Int) -> String {
        guard offset > 0 else { return sql }
        let dollar = UInt8(ascii: "$"), zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
        let single = UInt8(ascii: "'"), double = UInt8(ascii: "\"")
        let bytes = Array(sql.utf8)
        var result = [UInt8]()
        result.reserveCapacity(bytes.count + 16)
        var quote: UInt8?
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == single || byte == double {
                quote = byte
            } else if byte == dollar, index + 1 < bytes.count, (zero...nine).contains(bytes[index + 1]) {
                var number = 0
                index += 1
                while index < bytes.count, (zero...nine).contains(bytes[index]) {
                    number = number * 10 + Int(bytes[index] - zero)
                    index += 1
                }
                result.append(dollar)
                result += String(number + offset).utf8
                continue
            }
            result.append(byte)
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    package struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var binds: [PostgresBind]

        package init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        package mutating func appendLiteral(_ literal: String) { sql += literal }

        /// A value: becomes the next `$n`.
        package mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// An optional value: NULL when nil, typed so the server can still infer the parameter.
        package mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// A nested query fragment; its parameters are renumbered into this one (one without any, as `append`
        /// does, is taken as it is: most fragments are plain SQL, and renumbering was a sixtieth of a booking's CPU).
        package mutating func appendInterpolation(_ fragment: PostgresQuery) {
            sql += fragment.binds.isEmpty ? fragment.sql : PostgresQuery.renumber(fragment.sql, by: binds.count)
            binds += fragment.binds
        }
    }
}
