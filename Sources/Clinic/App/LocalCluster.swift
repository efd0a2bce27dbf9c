import ClinicSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private PostgreSQL cluster in a directory of ours, reached only through a Unix socket beside it.
///
/// The server uses one under `CLINIC_DATA_DIR` when no `DATABASE_URL` is given; the tests start a throwaway one.
/// PostgreSQL refuses to run as root, so when we are root the cluster runs as the `postgres` user.
final class LocalCluster: Sendable {
    let dataDirectory: URL
    let socketDirectory: URL
    let logFile: URL
    let binDirectory: URL
    let port: Int
    /// Superuser created by initdb; connections over the private socket are trusted.
    let user = "clinic"

    init(root: URL, port: Int = 5432) throws {
        self.dataDirectory = root.appendingPathComponent("pgdata")
        self.socketDirectory = root.appendingPathComponent("run")
        self.logFile = root.appendingPathComponent("postgres.log")
        self.port = port
        self.binDirectory = try LocalCluster.findBinaries()
    }

    /// The libpq URL of `database` on this cluster.
    func url(database: String) -> String {
        "postgresql:///\(database)?host=\(socketDirectory.path)&port=\(port)&user=\(user)"
    }

    /// Finds `initdb` and `pg_ctl`: `pg_config --bindir`, then `/usr/lib/postgresql/<newest>/bin`, then `PATH`.
    static func findBinaries() throws -> URL {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["PG_BINDIR"] { candidates.append(env) }
        if let output = try? runProcess("/bin/sh", ["-c", "pg_config --bindir 2>/dev/null"]), output.status == 0 {
            candidates.append(output.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            candidates.append("/usr/lib/postgresql/\(version)/bin")
        }
        for directory in ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":") ?? [] {
            candidates.append(String(directory))
        }
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: directory + "/initdb")
            && FileManager.default.isExecutableFile(atPath: directory + "/pg_ctl")
        {
            return URL(fileURLWithPath: directory)
        }
        throw ClusterError(
            """
            PostgreSQL server programs (initdb, pg_ctl) were not found. Install them, e.g. on Debian/Ubuntu: \
            `apt-get install postgresql` (and `libpq-dev` to build), or set DATABASE_URL to an existing database.
            """)
    }

    /// Whether a postmaster is running on this data directory.
    var isRunning: Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("postmaster.pid").path) else {
            return false
        }
        return (try? pgctl(["status", "-D", dataDirectory.path]).status) == 0
    }

    /// Creates the cluster on first use. `durable: false` (tests) turns off fsync for speed. `maxConnections` is
    /// PostgreSQL's `max_connections`: the tests run every suite's server at once, each with two pools.
    /// `sharedBuffersMegabytes` is its page cache: the server's cluster sizes it to the machine (`SharedBuffersSize`).
    func initializeIfNeeded(
        durable: Bool, maxConnections: Int = 200, sharedBuffersMegabytes: Int = SharedBuffersSize.floorMegabytes
    ) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) { return }
        try fm.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try fm.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        try handToServerUser(dataDirectory.deletingLastPathComponent(), recursive: false)
        try handToServerUser(dataDirectory, recursive: true)
        try handToServerUser(socketDirectory, recursive: true)
        chmod(dataDirectory.path, 0o700)
        var arguments = [
            "-D", dataDirectory.path, "-U", user, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
        ]
        if !durable { arguments.append("--no-sync") }
        let result = try runAsServerUser(binDirectory.appendingPathComponent("initdb").path, arguments)
        guard result.status == 0 else { throw ClusterError("initdb failed: \(result.text)") }
        // Only the private socket: no TCP listener, socket closed to other users.
        var settings = """

            # clinic: private cluster
            listen_addresses = ''
            unix_socket_permissions = 0700
            max_connections = \(maxConnections)
            shared_buffers = \(sharedBuffersMegabytes)MB
            synchronous_commit = on

            """
        if !durable { settings += "fsync = off\nfull_page_writes = off\n" }
        try appendSettings(settings, to: "postgresql.conf")
    }

    /// Appends `lines` to the configuration file `name` in the data directory (`postgresql.conf`, or
    /// `postgresql.auto.conf` for settings that `ALTER SYSTEM RESET` may take back), on a line of their own.
    func appendSettings(_ lines: String, to name: String) throws {
        let handle = try FileHandle(forWritingTo: dataDirectory.appendingPathComponent(name))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + lines + (lines.hasSuffix("\n") ? "" : "\n")).utf8))
    }

    /// The file of archiving settings that `postgresql.conf` includes, rewritten before each start.
    static let archiveSettingsFile = "clinic-archive.conf"

    /// Archives every finished WAL segment into `walDirectory` (nil: no archiving), and at least every
    /// `timeoutSeconds` (0: only when a segment fills). Takes effect at the cluster's next start (`archive_mode`
    /// needs one). The directory is another disk in practice (`CLINIC_BACKUP_DIR`): a restore replays these
    /// segments after a base backup to reach minutes ago.
    func configureArchiving(into walDirectory: URL?, timeoutSeconds: Int) throws {
        var settings = "# written by clinic-server at each start of the private cluster: do not edit\n"
        if let walDirectory {
            let path = walDirectory.path
            guard !path.contains("'"), !path.contains("\""), !path.contains("\\") else {
                throw ClusterError("the backup directory's path may not contain quotes or backslashes: \(path)")
            }
            try FileManager.default.createDirectory(at: walDirectory, withIntermediateDirectories: true)
            try handToServerUser(walDirectory.deletingLastPathComponent(), recursive: false)
            try handToServerUser(walDirectory, recursive: false)
            // A segment is copied under a temporary name, synced, then renamed: the archive never holds half a
            // segment. One already there is success only if identical (a retry after a crash), else failure.
            let target = "\"\(path)/%f\""
            let command =
                "if [ -f \(target) ]; then cmp -s \"%p\" \(target); else cp \"%p\" \"\(path)/%f.partial\" && "
                + "sync \"\(path)/%f.partial\" && mv \"\(path)/%f.partial\" \(target); fi"
            settings += """
                archive_mode = on
                archive_command = '\(command)'
                archive_timeout = \(timeoutSeconds)

                """
        } else {
            settings += "archive_mode = off\n"
        }
        let file = dataDirectory.appendingPathComponent(Self.archiveSettingsFile)
        try Data(settings.utf8).write(to: file)
        try handToServerUser(file, recursive: false)
        let include = "include_if_exists = '\(Self.archiveSettingsFile)'"
        let text = try String(contentsOf: dataDirectory.appendingPathComponent("postgresql.conf"), encoding: .utf8)
        if !text.contains(include) { try appendSettings(include, to: "postgresql.conf") }
    }

    /// The path of PostgreSQL's program `name` beside `initdb`.
    func program(_ name: String) -> String { binDirectory.appendingPathComponent(name).path }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        if isRunning { return }
        try FileManager.default.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        try handToServerUser(socketDirectory, recursive: false)
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        try handToServerUser(logFile, recursive: false)
        let result = try pgctl([
            "start", "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60",
            "-o", "-k \(socketDirectory.path) -p \(port)",
        ])
        guard result.status == 0 else {
            let log = (try? String(contentsOf: logFile, encoding: .utf8))?.suffix(2000) ?? ""
            throw ClusterError("pg_ctl start failed: \(result.text)\n\(log)")
        }
    }

    /// Stops the server: `fast` rolls back sessions and shuts down cleanly, `immediate` crashes it on purpose.
    func stop(mode: String = "fast") throws {
        guard isRunning else { return }
        let result = try pgctl(["stop", "-D", dataDirectory.path, "-m", mode, "-w", "-t", "60"])
        guard result.status == 0 else { throw ClusterError("pg_ctl stop failed: \(result.text)") }
    }

    /// Restarts the server (for fault tests), waiting until it accepts connections again.
    func restart(mode: String = "fast") throws {
        let result = try pgctl([
            "restart", "-D", dataDirectory.path, "-m", mode, "-l", logFile.path, "-w", "-t", "60",
            "-o", "-k \(socketDirectory.path) -p \(port)",
        ])
        guard result.status == 0 else { throw ClusterError("pg_ctl restart failed: \(result.text)") }
    }

    private func pgctl(_ arguments: [String]) throws -> ProcessOutput {
        try runAsServerUser(binDirectory.appendingPathComponent("pg_ctl").path, arguments)
    }

    static var isRoot: Bool { geteuid() == 0 }

    /// Runs a program (`pg_ctl`, `pg_basebackup`, `pg_verifybackup`, `cp`) as the user the cluster runs as, so
    /// what it writes is the cluster's.
    func runAsServerUser(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
        if LocalCluster.isRoot {
            return try runProcess("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments)
        }
        return try runProcess(executable, arguments)
    }

    /// As root, gives a path to the `postgres` user, who runs the server.
    func handToServerUser(_ url: URL, recursive: Bool) throws {
        guard LocalCluster.isRoot else { return }
        guard let account = getpwnam("postgres") else {
            throw ClusterError(
                "running as root needs a `postgres` user to run PostgreSQL (apt-get install postgresql creates it)")
        }
        let uid = account.pointee.pw_uid
        let gid = account.pointee.pw_gid
        guard chown(url.path, uid, gid) == 0 else {
            throw ClusterError("cannot give \(url.path) to the postgres user (errno \(errno))")
        }
        guard recursive, let walker = FileManager.default.enumerator(atPath: url.path) else { return }
        for case let child as String in walker { _ = chown(url.appendingPathComponent(child).path, uid, gid) }
    }
}

struct ClusterError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct ProcessOutput {
    var status: Int32
    var text: String
}

/// Runs a program to completion, its output going to a file (a pipe would be held open by any daemon the
/// program leaves behind, such as a postmaster). Uses posix_spawn and waitpid directly: Foundation's `Process`
/// can miss a child's exit when several run at once.
func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
    let outputPath = FileManager.default.temporaryDirectory
        .appendingPathComponent("clinic-\(UUID.random().uuidString).out").path
    defer { unlink(outputPath) }
    let pid = try spawnProcess(executable, arguments, outputPath: outputPath)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
        guard errno == EINTR else { throw ClusterError("waitpid failed for \(executable) (errno \(errno))") }
    }
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    // WIFEXITED / WEXITSTATUS, spelled out: the macros do not reach Swift.
    let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ProcessOutput(status: exitStatus, text: text)
}

/// Starts a program with stdin from /dev/null and stdout and stderr to `outputPath` (or /dev/null); returns its pid.
@discardableResult
func spawnProcess(_ executable: String, _ arguments: [String], outputPath: String = "/dev/null") throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // Nothing else of ours reaches the child (sockets, database connections): a daemon it starts would otherwise
    // keep them open after we close them.
    if let closeFrom = spawnCloseFrom { _ = closeFrom(&actions, 3) }
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var environment = ProcessInfo.processInfo.environment
    environment["PGDATA"] = nil
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard result == 0 else { throw ClusterError("cannot start \(executable) (error \(result))") }
    return pid
}

private typealias SpawnCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time because Swift's Glibc module
/// does not declare it; nil on an older libc, where only our close-on-exec flags protect the child.
private let spawnCloseFrom: SpawnCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
    unsafeBitCast($0, to: SpawnCloseFrom.self)
}
