/// A SQL statement whose interpolated values become bound parameters (`$1`, `$2`, ...), never SQL text.
///
///     let rows = try await conn.query("SELECT name FROM residents WHERE id = \(id)")
///
/// Only literal segments of the string literal become SQL; every `\(value)` is sent apart from it.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation {
    public private(set) var sql: String
    public private(set) var binds: [PostgresBind]

    public init(unsafeSQL sql: String, binds: [PostgresBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.sql = value
        self.binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// Appends another query, renumbering its parameters; for building a WHERE clause piece by piece.
    public mutating func append(_ other: PostgresQuery) {
        if binds.isEmpty || other.binds.isEmpty {
            sql += other.binds.isEmpty ? other.sql : PostgresQuery.renumber(other.sql, by: binds.count)
        } else {
            sql += PostgresQuery.renumber(other.sql, by: binds.count)
        }
        binds += other.binds
    }

    public static func + (lhs: PostgresQuery, rhs: PostgresQuery) -> PostgresQuery {
        var query = lhs
        query.append(rhs)
        return query
    }

    /// Shifts `$n` placeholders by `offset`, leaving quoted text alone.
    static func renumber(_ sql: String, by offset: Int) -> String {
        guard offset > 0 else { return sql }
        var result = ""
        var scalars = sql.unicodeScalars.makeIterator()
        var inQuote: Unicode.Scalar?
        var pending: Unicode.Scalar? = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if let quote = inQuote {
                result.unicodeScalars.append(scalar)
                if scalar == quote { inQuote = nil }
                continue
            }
            if scalar == "'" || scalar == "\"" {
                inQuote = scalar
                result.unicodeScalars.append(scalar)
                continue
            }
            if scalar == "$", let next = pending, ("0"..."9").contains(next) {
                var number = 0
                while let digit = pending, ("0"..."9").contains(digit) {
                    number = number * 10 + Int(digit.value - 48)
                    pending = scalars.next()
                }
                result += "$\(number + offset)"
                continue
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var binds: [PostgresBind]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { sql += literal }

        /// A value: becomes the next `$n`.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// An optional value: NULL when nil, typed so the server can still infer the parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// A nested query fragment; its parameters are renumbered into this one.
        public mutating func appendInterpolation(_ fragment: PostgresQuery) {
            sql += PostgresQuery.renumber(fragment.sql, by: binds.count)
            binds += fragment.binds
        }
    }
}
