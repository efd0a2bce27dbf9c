/// Settings that every borrow of a connection begins with: who the borrower acts for (row-level security policies
/// read them). Each borrow begins with all of the pool's `Options.scopedSettings` at the task's values
/// (`PostgresPool.scope`) or else at the defaults, so nothing one borrower set is ever seen by the next: they are set
/// before its first statement, in the same round trip, unless the session is known to hold those very values
/// (`PostgresConnection+SessionSettings`).
extension PostgresPool {
    /// The current task's values of the pool's scoped settings; a setting the task does not name gets its default.
    @TaskLocal package static var scope: [String: String] = [:]

    /// The current task's values of the pool's scoped settings, in `scopeNames`' order; nil when the pool has none.
    func scopeValues() -> [String]? {
        guard !scopeNames.isEmpty else { return nil }
        let task = PostgresPool.scope
        return scopeNames.map { task[$0] ?? options.scopedSettings[$0] ?? "" }
    }

    /// Queues the statement that sets the scoped settings, ahead of the borrower's first statement, unless the session
    /// holds these values already. The settings are the session's (`set_config(…, false)`): they hold for the whole
    /// borrow, inside a transaction and outside it, and the next borrow sets its own before it runs anything.
    /// Inside a transaction the settings roll back with it; the session's values are then unknown and set anew.
    func enterScope(_ connection: PostgresConnection, _ values: [String]?, clearing: Bool = true) {
        if clearing { connection.discardQueued() }
        let names = scopeNames
        guard let values, !connection.holdsSettings(values) else { return }
        var query = PostgresQuery(unsafeSQL: "SELECT ")
        for (index, name) in names.enumerated() {
            if index > 0 { query.append(PostgresQuery(unsafeSQL: ", ")) }
            query.append("set_config(\(name), \(values[index]), false)")
        }
        connection.sendSettings(query, values: values)
    }
}
