/// How to reach PostgreSQL and the session settings every connection pins.
package struct PostgresConfiguration: Sendable {
    /// A `postgres://` URL or a libpq `key=value` connection string.
    package var url: String
    /// Overrides the database named in `url`, to reach a sibling database on the same server.
    package var database: String?
    package var applicationName: String
    /// Cancels statements running longer than this (0 = never); keeps a stuck query from holding a connection.
    var statementTimeoutMilliseconds: Int
    var connectTimeoutSeconds: Int
    /// The role the session acts as, or nil for the user that logged in. Set at connect time (`-c role=`), like
    /// `SET ROLE` but kept by `RESET ROLE` and `RESET ALL`. The server's pool uses `ServerRole.name`; migrations
    /// and the admin commands use nil, the owner of the tables. A plain lower-case identifier.
    package var role: String?
    /// The server ends a session left idle inside a transaction this long (0 = never), so a client stuck between
    /// two statements cannot hold its locks and a connection for ever.
    var idleInTransactionTimeoutMilliseconds: Int
    /// How long sent data may stay unacknowledged before the kernel drops the connection (0 = the system's
    /// default, about 15 minutes). With the keepalives it bounds how long a database that stopped answering
    /// (packets dropped, not refused) goes unnoticed: a request then fails with 503 within about 10 s.
    var tcpUserTimeoutMilliseconds: Int

    package init(
        url: String, database: String? = nil, applicationName: String = "clinic",
        statementTimeoutMilliseconds: Int = 30_000, connectTimeoutSeconds: Int = 5, role: String? = nil,
        idleInTransactionTimeoutMilliseconds: Int = 60_000, tcpUserTimeoutMilliseconds: Int = 9_000
    ) {
        self.url = url
        self.database = database
        self.applicationName = applicationName
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.role = role
        self.idleInTransactionTimeoutMilliseconds = idleInTransactionTimeoutMilliseconds
        self.tcpUserTimeoutMilliseconds = tcpUserTimeoutMilliseconds
    }

    /// The same server and database, acting as `role`.
    package func acting(as role: String?) -> PostgresConfiguration {
        var copy = self
        copy.role = role
        return copy
    }

    /// The libpq keywords and values of a connection, in order. The URL comes first, so that the keywords after it
    /// win over anything it says.
    func connectionParameters() throws -> [(String, String)] {
        var options = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=iso_8601 -c extra_float_digits=3"
        options += " -c statement_timeout=\(statementTimeoutMilliseconds)"
        options += " -c idle_in_transaction_session_timeout=\(idleInTransactionTimeoutMilliseconds)"
        // No JIT compilation: it pays off for long analytic queries, not ours. A plan estimated above
        // jit_optimize_above_cost (a room's health-file export: one index lookup per resident into five tables) spent
        // 626 ms compiling to save nothing: 867 ms with it, 170 ms without (BENCHMARKS.md, "Reads at county size").
        options += " -c jit=off"
        if let role {
            // It goes into the options string unquoted: only a plain identifier can.
            guard !role.isEmpty, role.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                throw PostgresError(kind: .connectionLost, message: "not a plain role name: \(role)")
            }
            options += " -c role=\(role)"
        }
        var pairs: [(String, String)] = [
            ("dbname", url),
            ("client_encoding", "UTF8"),
            ("application_name", applicationName),
            ("connect_timeout", String(connectTimeoutSeconds)),
            ("options", options),
            // A quiet connection is probed after 4 s, every 2 s, 3 times; tcp_user_timeout bounds a request in
            // flight. Both apply to TCP only (a Unix socket needs neither).
            ("keepalives", "1"),
            ("keepalives_idle", "4"),
            ("keepalives_interval", "2"),
            ("keepalives_count", "3"),
            ("tcp_user_timeout", String(tcpUserTimeoutMilliseconds)),
        ]
        // Only the first dbname is expanded as a URL; a later one is a plain name and wins.
        if let database { pairs.append(("dbname", database)) }
        return pairs
    }
}
