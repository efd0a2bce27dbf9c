import ClinicPostgres
import Foundation

/// Which clinics' rows a piece of work may see and write: the value of the `clinic.scope` setting that every
/// borrowed connection begins with, which the row-level security policies of migration 0014 read. The database
/// enforces it whatever a statement's WHERE clause says.
enum ClinicScope: Sendable, Equatable {
    /// Every clinic: a county admin, and the server's own jobs and command-line tools.
    case county
    /// These clinics only; none when empty.
    case clinics([UUID])

    static let settingName = "clinic.scope"

    /// What a connection holds when no work named a scope: nothing is visible.
    static let nobody = ClinicScope.clinics([])

    /// The pool option that makes every borrow set the scope (nothing visible unless a task names one).
    static let poolSettings = [settingName: nobody.settingValue, gridsSettingName: ""]

    /// The grids a grid worker's work may see (a text[] literal); empty: no grid limit (migration 0016).
    static let gridsSettingName = "clinic.grids"

    /// `grids` as a PostgreSQL text[] literal, each element quoted; "" for none. A grid worker has at least one
    /// grid, so their setting is never empty (which would mean no limit).
    static func gridsSettingValue(_ grids: [String]) -> String {
        guard !grids.isEmpty else { return "" }
        let quoted = grids.map { grid in
            "\"" + grid.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }

    var settingValue: String {
        switch self {
        case .county: "*"
        case .clinics(let ids): "{" + ids.map(\.uuidString).joined(separator: ",") + "}"
        }
    }

    /// Whether rows of `clinic` are within this scope.
    func includes(_ clinic: UUID) -> Bool {
        switch self {
        case .county: true
        case .clinics(let ids): ids.contains(clinic)
        }
    }

    /// Runs `body` with every database borrow it makes in this scope.
    func run<T>(_ body: () async throws -> T) async rethrows -> T {
        try await PostgresPool.$scope.withValue([ClinicScope.settingName: settingValue], operation: body)
    }

    /// Runs `body` in this scope, further limited to `grids` (none: no grid limit).
    func run<T>(grids: [String], _ body: () async throws -> T) async rethrows -> T {
        try await PostgresPool.$scope.withValue(
            [ClinicScope.settingName: settingValue, ClinicScope.gridsSettingName: ClinicScope.gridsSettingValue(grids)],
            operation: body)
    }
}

extension ClinicScope {
    /// Runs `body` on `db` with every clinic in scope, then gives the connection the caller's scope back: for the
    /// few changes whose reach is wider than the caller's view (a doctor's unavailability displaces their bookings
    /// in every clinic they serve). Call it inside a transaction: the widened scope is the transaction's own
    /// (`set_config(…, true)`), so an error, which aborts the transaction, cannot leave it behind either.
    static func countyWide<T>(on db: PostgresConnection, _ body: () async throws -> T) async throws -> T {
        let saved = try await db.query("SELECT current_setting(\(settingName), true) AS scope").first?
            .decode(String?.self, "scope")
        try await db.query("SELECT set_config(\(settingName), '*', true)")
        let value = try await body()
        try await db.query("SELECT set_config(\(settingName), \(saved ?? ""), true)")
        return value
    }
}
