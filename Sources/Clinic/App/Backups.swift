import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Copies of the clinic's database on another disk, and the way back from them.
///
/// A backup directory holds base backups (`base-<UTC time>/`, each a plain copy of the cluster taken by
/// `pg_basebackup` while the server runs, with PostgreSQL's `backup_manifest` of SHA-256 checksums, checked by
/// `pg_verifybackup` right after and before any restore) and, for the private cluster, `wal/`: every WAL segment the
/// cluster finished since, archived by PostgreSQL itself (`LocalCluster.configureArchiving`). A restore copies the
/// newest base backup that had finished by the chosen time and replays the archived WAL up to that time.
struct Backups {
    /// One base backup, as `clinic-backup.json` inside it describes it.
    struct Backup: Codable, Equatable, Sendable {
        var name: String
        var startedAt: Date
        var finishedAt: Date
        /// SHA-256 of the backup's `backup_manifest`, which holds every file's own checksum.
        var manifestSHA256: String
    }

    static let descriptionFile = "clinic-backup.json"
    static let walDirectoryName = "wal"

    let directory: URL
    var walDirectory: URL { directory.appendingPathComponent(Self.walDirectoryName) }

    /// Where the backups of the database come from: the private cluster (its programs run as its user, over its
    /// socket) or a server at `DATABASE_URL` (whose user needs the REPLICATION attribute).
    enum Source {
        case cluster(LocalCluster)
        case url(String)

        /// The server's own database: `DATABASE_URL`, else the private cluster under `CLINIC_DATA_DIR`.
        init(_ configuration: ServerConfiguration) throws {
            if let url = configuration.databaseURL {
                self = .url(url)
            } else {
                self = .cluster(try LocalCluster(root: configuration.dataDirectory))
            }
        }
    }

    /// The newest backup and whether it is overdue (older than two intervals of `CLINIC_BACKUP_EVERY`, or than
    /// two days without one), for the admin's console page.
    func status(everySeconds: Int?, now: Date = Date()) -> (newest: Backup?, count: Int, overdue: Bool) {
        let all = list()
        let limit = Double(2 * (everySeconds ?? 86_400))
        let overdue = all.last.map { now.timeIntervalSince($0.finishedAt) > limit } ?? true
        return (all.last, all.count, overdue)
    }

    /// The base backups here, oldest first.
    func list() -> [Backup] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix("base-") }.sorted().compactMap { name in
            let file = directory.appendingPathComponent(name).appendingPathComponent(Self.descriptionFile)
            guard let data = try? Data(contentsOf: file) else { return nil }  // unfinished: never described
            return try? Self.decoder.decode(Backup.self, from: data)
        }
    }

    /// Takes a base backup now, checks it against its manifest, describes it, and keeps the newest `keep`
    /// backups (with the archived WAL the oldest of them needs).
    func take(from source: Source, keep: Int, now: @escaping @Sendable () -> Date = Date.init) async throws -> Backup {
        try await blocking { try self.takeNow(from: source, keep: keep, now: now) }
    }

    private func takeNow(from source: Source, keep: Int, now: () -> Date) throws -> Backup {
        let started = now()
        let name = "base-" + Self.stamp(started)
        let target = directory.appendingPathComponent(name)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw BackupError("a backup named \(name) exists already: take the next one a second later")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let programs = try Programs(source)
        if case .cluster(let cluster) = source { try cluster.handToServerUser(directory, recursive: false) }
        var arguments = ["-D", target.path, "-Fp", "-X", "stream", "-c", "fast", "--manifest-checksums=SHA256"]
        switch source {
        case .cluster(let cluster):
            arguments += ["-h", cluster.socketDirectory.path, "-p", String(cluster.port), "-U", cluster.user]
        case .url(let url):
            arguments += ["-d", url]
        }
        let copied = try programs.run("pg_basebackup", arguments)
        guard copied.status == 0 else {
            try? FileManager.default.removeItem(at: target)
            throw BackupError("pg_basebackup failed: \(copied.text)")
        }
        try verify(target, programs)
        let manifest = try Data(contentsOf: target.appendingPathComponent("backup_manifest"))
        let backup = Backup(
            name: name, startedAt: started, finishedAt: now(),
            manifestSHA256: SHA256.hex(Array(manifest)))
        try Self.encoder.encode(backup).write(to: target.appendingPathComponent(Self.descriptionFile))
        try prune(keep: keep, programs)
        return backup
    }

    /// Restores into `cluster`, whose data directory must not hold a cluster: the newest backup that had finished
    /// by `time` (or the newest of all), then the archived WAL replayed up to `time` (or to its end). The cluster
    /// is left stopped, ready for the server.
    func restore(into cluster: LocalCluster, to time: Date?) async throws -> Backup {
        let backup = try await blocking { try self.prepareRestore(into: cluster, to: time) }
        do {
            try await blocking { try cluster.start() }
            try await Self.waitForPromotion(cluster)
            let admin = try await PostgresConnection.connect(
                PostgresConfiguration(url: cluster.url(database: "postgres")))
            defer { admin.close() }
            for setting in ["restore_command", "recovery_target_action", "recovery_target_time"] {
                // Fixed names, not input: ALTER SYSTEM takes no parameters.
                try await admin.execute(script: "ALTER SYSTEM RESET \(setting)")
            }
        } catch {
            // The copy this restore made goes, so the next try starts clean; the backup itself is untouched.
            _ = try? await blocking {
                try? cluster.stop(mode: "immediate")
                try? FileManager.default.removeItem(at: cluster.dataDirectory)
            }
            let log = (try? String(contentsOf: cluster.logFile, encoding: .utf8))?.suffix(3000) ?? ""
            if let time, log.contains("recovery ended before configured recovery target was reached") {
                throw BackupError(
                    "the WAL archived in \(walDirectory.path) ends before \(RFC3339.format(time, offsetSeconds: 0)): "
                        + "restore to an earlier time, or leave out --to-time to restore to the end of the archive")
            }
            throw BackupError("recovery did not finish: \(error)")
        }
        try await blocking { try cluster.stop(mode: "fast") }
        return backup
    }

    /// A restore's first part, which blocks: the backup chosen and checked, copied into the empty data directory,
    /// and told to recover (to `time`).
    private func prepareRestore(into cluster: LocalCluster, to time: Date?) throws -> Backup {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: cluster.dataDirectory.appendingPathComponent("PG_VERSION").path),
            !cluster.isRunning
        else {
            throw BackupError(
                "\(cluster.dataDirectory.path) holds a cluster: restore refuses to overwrite it. Stop the server and "
                    + "move that directory away first (keep it until the restore is checked).")
        }
        let candidates = list().filter { time == nil || $0.finishedAt <= time! }
        guard let backup = candidates.last else {
            throw BackupError(
                time == nil
                    ? "no finished backup in \(directory.path)"
                    : "no backup in \(directory.path) had finished by \(RFC3339.format(time!, offsetSeconds: 0))")
        }
        let source = directory.appendingPathComponent(backup.name)
        let manifest = try Data(contentsOf: source.appendingPathComponent("backup_manifest"))
        guard SHA256.hex(Array(manifest)) == backup.manifestSHA256 else {
            throw BackupError("\(backup.name): its manifest does not match the checksum taken with it")
        }
        let programs = try Programs(.cluster(cluster))
        try verify(source, programs)

        if let existing = try? fm.contentsOfDirectory(atPath: cluster.dataDirectory.path), !existing.isEmpty {
            throw BackupError("\(cluster.dataDirectory.path) is not empty: restore refuses to overwrite it")
        }
        try fm.createDirectory(at: cluster.dataDirectory, withIntermediateDirectories: true)
        try fm.createDirectory(at: cluster.socketDirectory, withIntermediateDirectories: true)
        try cluster.handToServerUser(cluster.dataDirectory.deletingLastPathComponent(), recursive: false)
        try cluster.handToServerUser(cluster.dataDirectory, recursive: false)
        try cluster.handToServerUser(cluster.socketDirectory, recursive: false)
        let copied = try cluster.runAsServerUser("/bin/cp", ["-a", source.path + "/.", cluster.dataDirectory.path])
        guard copied.status == 0 else { throw BackupError("copying \(backup.name) failed: \(copied.text)") }
        for leftover in ["backup_manifest", Self.descriptionFile] {
            try? fm.removeItem(at: cluster.dataDirectory.appendingPathComponent(leftover))
        }
        _ = chmod(cluster.dataDirectory.path, 0o700)

        // Recovery: replay the archive, stop at `time`, then become a primary of its own.
        var recovery = [
            "restore_command = 'cp \"\(walDirectory.path)/%f\" \"%p\"'", "recovery_target_action = 'promote'",
        ]
        if let time {
            // PostgreSQL's form (`2026-12-05 07:30:00.25+00`): recovery_target_time refuses `T` and `Z`.
            let text = RFC3339.format(time, offsetSeconds: 0).replacingOccurrences(of: "T", with: " ")
                .replacingOccurrences(of: "Z", with: "+00")
            recovery.append("recovery_target_time = '\(text)'")
        }
        try cluster.appendSettings(recovery.joined(separator: "\n"), to: "postgresql.auto.conf")
        let signal = cluster.dataDirectory.appendingPathComponent("recovery.signal")
        try Data().write(to: signal)
        try cluster.handToServerUser(signal, recursive: false)
        return backup
    }

    /// Waits until the restored cluster has replayed what it needed and accepts writes.
    private static func waitForPromotion(_ cluster: LocalCluster) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            if let connection = try? await PostgresConnection.connect(
                PostgresConfiguration(url: cluster.url(database: "postgres")))
            {
                defer { connection.close() }
                let inRecovery = try await connection.query("SELECT pg_is_in_recovery() AS r")[0].decode(
                    Bool.self, "r")
                if !inRecovery { return }
            } else if !cluster.isRunning {
                throw BackupError("the cluster stopped during recovery")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BackupError("recovery took longer than 10 minutes")
    }

    private func verify(_ backup: URL, _ programs: Programs) throws {
        let checked = try programs.run("pg_verifybackup", ["-q", "-i", Self.descriptionFile, backup.path])
        guard checked.status == 0 else {
            throw BackupError("\(backup.lastPathComponent) does not match its manifest: \(checked.text)")
        }
    }

    /// Deletes all but the newest `keep` backups, then the archived WAL that the oldest one kept no longer needs.
    private func prune(keep: Int, _ programs: Programs) throws {
        let backups = list()
        for old in backups.dropLast(keep) {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(old.name))
            Log.info("backup pruned", ["backup": old.name])
        }
        guard let oldest = backups.suffix(keep).first,
            FileManager.default.fileExists(atPath: walDirectory.path),
            let label = try? String(
                contentsOf: directory.appendingPathComponent(oldest.name).appendingPathComponent("backup_label"),
                encoding: .utf8),
            let start = label.split(separator: "\n").first(where: { $0.hasPrefix("START WAL LOCATION:") }),
            let file = start.split(separator: "file ").last?.split(separator: ")").first
        else { return }
        _ = try programs.run("pg_archivecleanup", [walDirectory.path, String(file)])
    }

    /// `2026-12-05T07:30:00Z` as `20261205T073000Z`: sorts as it reads.
    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// Instants to the microsecond (ISO 8601 in JSONEncoder drops the fraction, which could make a backup look
    /// finished before a time it finished just after).
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date, offsetSeconds: 0))
        }
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
            }
            return date
        }
        return decoder
    }()

    /// PostgreSQL's client programs for a source: the cluster's own, run as its user; else those installed beside
    /// `initdb` or on `PATH`, run as we are.
    private struct Programs {
        let cluster: LocalCluster?
        let directory: String?

        init(_ source: Source) throws {
            switch source {
            case .cluster(let cluster):
                self.cluster = cluster
                directory = nil
            case .url:
                cluster = nil
                directory = (try? LocalCluster.findBinaries())?.path
            }
        }

        func run(_ name: String, _ arguments: [String]) throws -> ProcessOutput {
            if let cluster { return try cluster.runAsServerUser(cluster.program(name), arguments) }
            if let directory, FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
                return try runProcess(directory + "/" + name, arguments)
            }
            return try runProcess("/usr/bin/env", [name] + arguments)
        }
    }
}

struct BackupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
