import ClinicPostgres

/// The database role the server's queries run as: `clinic_app`, created by migration 0011 and granted only what
/// the server does (on `audit_log` only INSERT and SELECT). It is neither superuser, nor BYPASSRLS, nor the owner
/// of a table, so the server cannot rewrite the audit log or switch its triggers off, and row-level security
/// applies to it. Migrations and the admin commands run as the user of `DATABASE_URL`, which owns the tables.
enum ServerRole {
    static let name = "clinic_app"

    /// Refuses to serve, with what to do, unless the owner's user may act as the server's role and that role is
    /// safe. Asked on the owner's connection: a missing role would otherwise fail every connection of the pool
    /// with a bare "role does not exist".
    static func check(_ owner: PostgresPool) async throws {
        let rows = try await owner.query(
            """
            SELECT current_user AS owner, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
                pg_has_role(current_user, r.oid, 'MEMBER') AS granted
            FROM (SELECT 1) one LEFT JOIN pg_roles r ON r.rolname = \(name)
            """)
        guard let row = rows.first else { return }
        let owner = try row.decode(String.self, "owner")
        guard let superuser = try row.decode(Bool?.self, "superuser") else {
            throw ClusterError(
                """
                the database role \(name) does not exist: apply the migrations (clinic-server migrate). If \(owner) \
                may not create roles, an administrator runs first: CREATE ROLE \(name) NOLOGIN; \
                GRANT \(name) TO \(owner);
                """)
        }
        guard try row.decode(Bool.self, "granted") else {
            throw ClusterError("\(owner) may not act as the database role \(name): GRANT \(name) TO \(owner);")
        }
        let bypassesRowSecurity = try row.decode(Bool.self, "bypassrls")
        if superuser || bypassesRowSecurity {
            throw ClusterError("the database role \(name) must be neither superuser nor BYPASSRLS")
        }
    }
}
