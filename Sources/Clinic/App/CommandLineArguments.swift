import ClinicDomain
import Foundation

/// The `clinic-server` command line: a command and its options, parsed without side effects so it can be tested.
enum ClinicCommand: Equatable, Sendable {
    case serve(ServeOptions)
    case migrate
    case createClinic(CreateClinicOptions)
    case createUser(CreateUserOptions)
    case seed(SeedOptions)
    case backup(BackupOptions)
    case restore(RestoreOptions)
    case help(String)
    case version

    struct ServeOptions: Equatable, Sendable {
        var migrate: Bool? = nil
        var host: String? = nil
        var port: Int? = nil
    }

    struct CreateClinicOptions: Equatable, Sendable {
        var name: String
        var timeZone: String
        var code: String?
    }

    struct CreateUserOptions: Equatable, Sendable {
        var username: String
        var role: Role
        var doctorId: String?
        /// Admins and staff only; needed when the county has several clinics.
        var clinicId: String? = nil
        /// A grid worker's grids (`--grids G1,G2`) and phone (`--phone P`).
        var grids: [String] = []
        var phone: String? = nil
    }

    struct SeedOptions: Equatable, Sendable {
        /// Residents in each clinic.
        var residents: Int
        var today: LocalDate?
        /// Health rooms: the install's first, then "Community Health Room 2" and on.
        var clinics: Int = 1
    }

    struct BackupOptions: Equatable, Sendable {
        /// `--to DIR`; nil: `CLINIC_BACKUP_DIR`.
        var directory: String?
    }

    struct RestoreOptions: Equatable, Sendable {
        var directory: String
        var time: Date?
    }

    /// Parses `arguments` (without the program name). A mistake is a `CommandLineError`: exit 2 and its message.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> ClinicCommand {
        if arguments == ["--version"] { return .version }
        var rest = arguments[...]
        let name: String
        if let first = rest.first, !first.hasPrefix("-") {
            name = first
            rest = rest.dropFirst()
        } else {
            name = "serve"
        }
        if rest.contains("--help") || rest.contains("-h") {
            guard let text = Usage.text(for: name) else { throw CommandLineError.unknownCommand(name) }
            return .help(text)
        }
        switch name {
        case "serve":
            var options = Options(rest, command: name)
            var serve = ServeOptions()
            if try options.flag("--no-migrate") { serve.migrate = false }
            serve.host = try options.value("--host")
            if let port = try options.value("--port") {
                guard let number = Int(port), (0...65535).contains(number) else {
                    throw CommandLineError.invalidValue(option: "--port", value: port, command: name)
                }
                serve.port = number
            }
            try options.finish()
            return .serve(serve)
        case "migrate":
            try Options(rest, command: name).finish()
            return .migrate
        case "create-user":
            var options = Options(rest, command: name)
            guard let username = try options.value("--username") else {
                throw CommandLineError.missingOption("--username", command: name)
            }
            guard let roleName = try options.value("--role") else {
                throw CommandLineError.missingOption("--role", command: name)
            }
            guard let role = Role(rawValue: roleName) else {
                throw CommandLineError.invalidValue(option: "--role", value: roleName, command: name)
            }
            let doctorId = try options.value("--doctor-id")
            let clinicId = try options.value("--clinic-id")
            if clinicId != nil, !role.belongsToOneClinic {
                throw CommandLineError.notForRole(option: "--clinic-id", role: role.rawValue, command: name)
            }
            let grids = try options.value("--grids")
            let phone = try options.value("--phone")
            for (option, value) in [("--grids", grids), ("--phone", phone)] where value != nil && role != .gridWorker {
                throw CommandLineError.notForRole(option: option, role: role.rawValue, command: name)
            }
            if role == .gridWorker, grids == nil {
                throw CommandLineError.missingOption("--grids", command: name)
            }
            try options.finish()
            return .createUser(
                CreateUserOptions(
                    username: username, role: role, doctorId: doctorId, clinicId: clinicId,
                    grids: GridNames.list(grids ?? ""),
                    phone: phone))
        case "create-clinic":
            var options = Options(rest, command: name)
            guard let clinicName = try options.value("--name") else {
                throw CommandLineError.missingOption("--name", command: name)
            }
            guard let timeZone = try options.value("--time-zone") else {
                throw CommandLineError.missingOption("--time-zone", command: name)
            }
            let code = try options.value("--code")
            try options.finish()
            return .createClinic(CreateClinicOptions(name: clinicName, timeZone: timeZone, code: code))
        case "seed":
            var options = Options(rest, command: name)
            var seed = SeedOptions(residents: 16_528, today: nil)
            if let count = try options.value("--residents") {
                guard let number = Int(count), (0...10_000_000).contains(number) else {
                    throw CommandLineError.invalidValue(option: "--residents", value: count, command: name)
                }
                seed.residents = number
            }
            if let count = try options.value("--clinics") {
                guard let number = Int(count), (1...100).contains(number) else {
                    throw CommandLineError.invalidValue(option: "--clinics", value: count, command: name)
                }
                seed.clinics = number
            }
            if let today = try options.value("--today") {
                guard let date = LocalDate(today) else {
                    throw CommandLineError.invalidValue(option: "--today", value: today, command: name)
                }
                seed.today = date
            }
            try options.finish()
            return .seed(seed)
        case "backup":
            var options = Options(rest, command: name)
            let directory = try options.value("--to")
            try options.finish()
            return .backup(BackupOptions(directory: directory))
        case "restore":
            var options = Options(rest, command: name)
            guard let directory = try options.value("--from") else {
                throw CommandLineError.missingOption("--from", command: name)
            }
            var time: Date?
            if let text = try options.value("--to-time") {
                guard let parsed = RFC3339.parse(text) else {
                    throw CommandLineError.invalidValue(option: "--to-time", value: text, command: name)
                }
                time = parsed
            }
            try options.finish()
            return .restore(RestoreOptions(directory: directory, time: time))
        case "help":
            return .help(Usage.overview)
        case "version":
            return .version
        default:
            throw CommandLineError.unknownCommand(name)
        }
    }
}

/// A command line that cannot be run; its description says what was wrong and where to look.
enum CommandLineError: Error, Equatable, CustomStringConvertible {
    case unknownCommand(String)
    case unknownOption(String, command: String)
    case missingValue(option: String, command: String)
    case missingOption(String, command: String)
    case invalidValue(option: String, value: String, command: String)
    case notForRole(option: String, role: String, command: String)

    var description: String {
        switch self {
        case .unknownCommand(let name):
            return
                "unknown command '\(name)'; commands: serve, migrate, create-clinic, create-user, seed, backup, restore "
                + "(see --help)"
        case .unknownOption(let option, let command):
            return "\(command): unknown option '\(option)' (see clinic-server \(command) --help)"
        case .missingValue(let option, let command):
            return "\(command): \(option) needs a value"
        case .missingOption(let option, let command):
            return "\(command): \(option) is required (see clinic-server \(command) --help)"
        case .invalidValue(let option, let value, let command):
            return "\(command): '\(value)' is not a valid value for \(option) (see clinic-server \(command) --help)"
        case .notForRole(let option, let role, let command) where option == "--grids" || option == "--phone":
            return "\(command): \(option) is only for gridWorker users, who look after neighbourhood grids; a \(role) "
                + "user has none"
        case .notForRole(let option, let role, let command):
            return "\(command): \(option) is only for admin and staff users (and grid workers), who belong to one "
                + "clinic; a \(role) user belongs to none (a doctor reaches the clinics whose rota names them, county "
                + "users every clinic)"
        }
    }
}

/// Options of one command, taken one by one; whatever is left at `finish()` is unknown.
private struct Options {
    var remaining: [String]
    let command: String

    init(_ arguments: ArraySlice<String>, command: String) {
        remaining = Array(arguments)
        self.command = command
    }

    mutating func flag(_ name: String) throws(CommandLineError) -> Bool {
        guard let index = remaining.firstIndex(of: name) else { return false }
        remaining.remove(at: index)
        return true
    }

    /// `--name value` or `--name=value`.
    mutating func value(_ name: String) throws(CommandLineError) -> String? {
        if let index = remaining.firstIndex(where: { $0.hasPrefix(name + "=") }) {
            let value = String(remaining[index].dropFirst(name.count + 1))
            remaining.remove(at: index)
            return value
        }
        guard let index = remaining.firstIndex(of: name) else { return nil }
        guard index + 1 < remaining.count, !remaining[index + 1].hasPrefix("--") else {
            throw CommandLineError.missingValue(option: name, command: command)
        }
        let value = remaining[index + 1]
        remaining.removeSubrange(index...(index + 1))
        return value
    }

    func finish() throws(CommandLineError) {
        if let first = remaining.first { throw CommandLineError.unknownOption(first, command: command) }
    }
}

/// The help texts, one per command.
enum Usage {
    static let overview = """
        clinic-server: the clinic's scheduling and health-file backend.

        Usage:
          clinic-server [serve] [--no-migrate] [--host HOST] [--port PORT]
          clinic-server migrate
          clinic-server create-clinic --name NAME --time-zone ZONE [--code CODE]
          clinic-server create-user --username NAME --role ROLE [--doctor-id ID] [--clinic-id ID] [--grids G1,G2]
          clinic-server seed [--clinics N] [--residents M] [--today YYYY-MM-DD]
          clinic-server backup [--to DIR]
          clinic-server restore --from DIR [--to-time RFC3339-TIME]
          clinic-server <command> --help

        Environment:
          DATABASE_URL             PostgreSQL URL (several hosts: the writable one); unset: a private cluster
          CLINIC_READ_DATABASE_URL a hot standby for the slot lists (needs DATABASE_URL)
          CLINIC_DATA_DIR          default ./.clinic
          HOST, PORT               default 127.0.0.1 and 8080 (PORT=0 picks a free port)
          CLINIC_LOG_LEVEL         debug, info, warning, error (default info)
          CLINIC_MIGRATE_ON_START  default true
          CLINIC_DB_POOL_SIZE      default 16
          CLINIC_MAX_CONNECTIONS   default 4096
          CLINIC_TOKEN_TTL_HOURS   default 12
          CLINIC_BCRYPT_COST       default 10
          CLINIC_DRAFT_AFTER_HOURS default 24
          CLINIC_MIGRATIONS_DIR    default ./migrations
          CLINIC_BACKUP_DIR        base backups and the archived WAL (default: none)
          CLINIC_ARCHIVE_TIMEOUT   seconds between archived WAL segments while writing (default 300)
          CLINIC_BACKUP_KEEP       base backups kept (default 7)
        """

    static func text(for command: String) -> String? {
        switch command {
        case "serve", "help", "version":
            return """
                Usage: clinic-server [serve] [--no-migrate] [--host HOST] [--port PORT]

                Serves the HTTP API. Without DATABASE_URL it starts (and on exit stops) a private PostgreSQL
                cluster under CLINIC_DATA_DIR (default ./.clinic), creating it on first run. Migrations are
                applied first unless --no-migrate or CLINIC_MIGRATE_ON_START=false. Prints
                "listening on http://HOST:PORT" once it accepts connections; SIGTERM or SIGINT stop it gracefully.

                """ + overview
        case "migrate":
            return """
                Usage: clinic-server migrate

                Applies pending migrations from CLINIC_MIGRATIONS_DIR (default ./migrations) and exits.
                An applied migration whose file was edited is refused.
                """
        case "create-clinic":
            return """
                Usage: clinic-server create-clinic --name NAME --time-zone ZONE [--code CODE]

                Adds a health room to the county and prints its id (alone on the line). ZONE is an IANA time
                zone (e.g. Asia/Shanghai); CODE a short unique code staff and reports use (e.g. GB-02). The other
                settings are a new install's (Tuesdays and Thursdays, 09:30-12:30 and 15:00-18:00, 15/20/60-minute
                slots, a 24-hour priority hold); change them with PUT /v1/clinics/{id}.
                """
        case "create-user":
            return """
                Usage: clinic-server create-user --username NAME --role ROLE [--doctor-id ID] [--clinic-id ID]
                       [--grids G1,G2 [--phone P]]

                Creates a user; ROLE is admin, staff, doctor, gridWorker, countyAdmin or countyViewer. The password is taken
                from CLINIC_PASSWORD, else read from standard input (one line). A doctor user needs --doctor-id,
                the id of an existing doctor. Admins and staff belong to one clinic: --clinic-id names it, and is
                required when there are several (create-clinic prints their ids); with one clinic it defaults to
                it. Other roles belong to no clinic and refuse --clinic-id. A grid worker belongs to one clinic
                too and needs --grids (the neighbourhood grids they look after, comma-separated); --phone is their
                phone, the notices' last resort for residents of those grids.
                """
        case "seed":
            return """
                Usage: clinic-server seed [--clinics N] [--residents M] [--today YYYY-MM-DD]

                Fills an empty database with a demo county: N health rooms (default 1: the install's first; the
                others are named "Community Health Room 2" and on, with codes CHR-02 and on, on clinic days of
                their own), M residents in each (default 16528) with health files for the elderly, visiting
                doctors shared by all the rooms (10, more when the rooms need them), each room's own rota of two
                months around today, and some appointments.
                """
        case "backup":
            return """
                Usage: clinic-server backup [--to DIR]

                Takes a base backup of the database while the server runs (pg_basebackup), into DIR (default
                CLINIC_BACKUP_DIR) as base-<UTC time>/, checks it against its manifest of SHA-256 checksums
                (pg_verifybackup), and keeps the newest CLINIC_BACKUP_KEEP (default 7). With the private cluster
                and CLINIC_BACKUP_DIR set, the cluster also archives its WAL into DIR/wal, so a restore can reach
                any time since the oldest backup kept. With DATABASE_URL, its user needs the REPLICATION attribute.
                """
        case "restore":
            return """
                Usage: clinic-server restore --from DIR [--to-time RFC3339-TIME]

                Restores the private cluster under CLINIC_DATA_DIR from DIR: the newest backup finished by the
                time (e.g. 2026-12-05T09:30:00+08:00; default: the newest), then the WAL archived in DIR/wal up to
                that time (default: all of it). Refuses to overwrite a data directory that holds a cluster: stop
                the server and move it away first. Start the server afterwards as usual.
                """
        default:
            return nil
        }
    }
}
