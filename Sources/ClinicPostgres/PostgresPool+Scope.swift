/// Settings that every borrow of a connection begins with: who the borrower acts for (row-level security policies
/// read them). Each borrow sets all of the pool's `Options.scopedSettings` before its first statement, in the same
/// round trip, to the task's values (`PostgresPool.scope`) or else to the defaults, so nothing one borrower set is
/// ever seen by the next.
extension PostgresPool {
    /// The current task's values of the pool's scoped settings; a setting the task does not name gets its default.
    @TaskLocal package static var scope: [String: String] = [:]

    /// Queues the statement that sets the scoped settings, ahead of the borrower's first statement. The settings are
    /// the session's (`set_config(…, false)`): they hold for the whole borrow, inside a transaction and outside it,
    /// and the next borrow replaces them before it runs anything.
    /// Inside a transaction the settings roll back with it, and the next borrow sets them anew all the same.
    func enterScope(_ connection: PostgresConnection, clearing: Bool = true) {
        if clearing { connection.discardQueued() }
        let names = scopeNames
        guard !names.isEmpty else { return }
        let values = PostgresPool.scope
        var query = PostgresQuery(unsafeSQL: "SELECT ")
        for (index, name) in names.enumerated() {
            let value = values[name] ?? options.scopedSettings[name] ?? ""
            if index > 0 { query.append(PostgresQuery(unsafeSQL: ", ")) }
            query.append("set_config(\(name), \(value), false)")
        }
        connection.sendWithNextQuery(query, prepare: true)
    }
}
