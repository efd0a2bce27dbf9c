import ClinicSupport
import Foundation

/// One numbered SQL file from `migrations/`, e.g. `0001_base_schema.sql`.
package struct Migration: Sendable, Equatable {
    package var version: Int
    package var name: String
    package var sql: String
    /// SHA-256 of the file's bytes; an applied file whose checksum changes is refused.
    package var checksum: String

    package init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hex(Array(sql.utf8))
    }

    /// Reads `NNNN_name.sql` files from a directory, in version order; other files are ignored,
    /// two files with one version are an error.
    package static func load(from directory: URL) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var migrations: [Migration] = []
        for file in names where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                continue
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw MigrationError.duplicateVersion(a.version)
        }
        return migrations
    }

    /// Where the SQL files are: `CLINIC_MIGRATIONS_DIR`, else `./migrations`, else the source checkout's.
    package static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment["CLINIC_MIGRATIONS_DIR"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("migrations")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        // Sources/Clinic/Postgres/Migrator.swift -> repository root
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("migrations")
    }
}

package enum MigrationError: Error, CustomStringConvertible, Equatable {
    case duplicateVersion(Int)
    case edited(version: Int, name: String)
    case failed(version: Int, name: String, message: String)

    package var description: String {
        switch self {
        case .duplicateVersion(let version):
            return "two migration files have version \(version)"
        case .edited(let version, let name):
            return "migration \(version) (\(name)) was edited after it was applied: its checksum no longer matches. "
                + "Restore the file and put the change in a new migration."
        case .failed(let version, let name, let message):
            return "migration \(version) (\(name)) failed: \(message)"
        }
    }
}

/// Applies migrations in order, each in its own transaction, under an advisory lock so that two servers
/// starting at once do not race: the second waits, then finds nothing left to do.
package struct Migrator: Sendable {
    /// The advisory lock key, fixed for this application ("clinic" in ASCII).
    static let lockKey: Int = 0x636C_696E_6963

    package let pool: PostgresPool
    package let migrations: [Migration]

    package init(pool: PostgresPool, migrations: [Migration]) {
        self.pool = pool
        self.migrations = migrations
    }

    /// Applies what is pending; returns the migrations applied by this call.
    @discardableResult
    package func migrate() async throws -> [Migration] {
        try await pool.withConnection { connection in
            // No statement timeout for the wait either: another server may be applying a migration that takes
            // minutes on a large register (0007 and 0008 at 1.6 million residents). If this process goes away
            // meanwhile, the database notices within a second and rolls the migration back.
            try await connection.execute(script: "SET statement_timeout = 0; SET client_connection_check_interval = 1000")
            try await connection.query("SELECT pg_advisory_lock(\(Migrator.lockKey))")
            do {
                let applied = try await apply(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Migrator.lockKey))")
                try await connection.execute(script: "RESET statement_timeout; RESET client_connection_check_interval")
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Migrator.lockKey))")
                _ = try? await connection.execute(script: "RESET statement_timeout; RESET client_connection_check_interval")
                throw error
            }
        }
    }

    private func apply(on connection: PostgresConnection) async throws -> [Migration] {
        try await connection.execute(
            script: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """)
        var done: [Int: String] = [:]
        for row in try await connection.query("SELECT version, checksum FROM schema_migrations") {
            done[try row.decode(Int.self, "version")] = try row.decode(String.self, "checksum")
        }
        for migration in migrations {
            if let checksum = done[migration.version], checksum != migration.checksum {
                throw MigrationError.edited(version: migration.version, name: migration.name)
            }
        }
        var applied: [Migration] = []
        for migration in migrations where done[migration.version] == nil {
            do {
                try await connection.execute(script: "BEGIN")
                try await connection.execute(script: migration.sql)
                try await connection.query(
                    """
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """)
                try await connection.execute(script: "COMMIT")
            } catch {
                _ = try? await connection.execute(script: "ROLLBACK")
                let message = (error as? PostgresError)?.description ?? "\(error)"
                throw MigrationError.failed(version: migration.version, name: migration.name, message: message)
            }
            Log.info("migration applied", ["version": String(migration.version), "name": migration.name])
            applied.append(migration)
        }
        return applied
    }
}
