import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// Everything the server reads from its environment, checked once at start-up.
///
/// Unset means the default that lets `swift run clinic-server` work on a fresh machine: a private
/// PostgreSQL cluster under `./.clinic`, loopback on port 8080, migrations applied on start.
struct ServerConfiguration: Sendable, Equatable {
    /// `DATABASE_URL`: a postgres:// URL or libpq conninfo. `nil` runs a private cluster under `dataDirectory`.
    var databaseURL: String?
    /// `CLINIC_DATA_DIR` (default `./.clinic`): holds the private cluster's `pgdata`, socket and log.
    var dataDirectory: URL
    /// `HOST` (default 127.0.0.1).
    var host: String
    /// `PORT` (default 8080; 0 picks a free port, printed at start).
    var port: Int
    /// `CLINIC_LOG_LEVEL` (debug, info, warning, error; default info).
    var logLevel: Log.Level
    /// `CLINIC_MIGRATE_ON_START` (default true); `serve --no-migrate` turns it off.
    var migrateOnStart: Bool
    /// `CLINIC_DB_POOL_SIZE` (default 16): database connections the server may hold.
    var poolSize: Int
    /// `CLINIC_TOKEN_TTL_HOURS` (default 12): how long a login token lives.
    var tokenTTLHours: Int
    /// `CLINIC_BCRYPT_COST` (default 10): the bcrypt work factor for new password hashes.
    var bcryptCost: Int
    /// `CLINIC_DRAFT_AFTER_HOURS` (default 24): unsigned consultations older than this are listed to their doctor.
    var draftReminderHours: Int
    /// `CLINIC_MIGRATIONS_DIR`: where the numbered SQL files are (default ./migrations or the source checkout's).
    var migrationsDirectory: URL
    /// `CLINIC_MAX_CONNECTIONS` (default 4096): open client connections beyond which new ones get 503. High
    /// enough that a thousand slow or idle clients do not lock out the rest (each costs a descriptor and a
    /// small buffer until a timeout closes it); `serve` raises the open-files limit to fit.
    var maxConnections = 4096
    /// `CLINIC_TOKEN_CACHE_SECONDS` (default 5, 0 = off): how long a checked token is trusted without asking the
    /// database again (never past its expiry), and how long an unknown token is remembered as unknown. Logout on this
    /// server takes effect at once; a token revoked by another server process or in SQL stops working here within
    /// this time.
    var tokenCacheSeconds = 5
    /// `CLINIC_MAX_EXPORTS` (default 4): register-wide CSV downloads streaming at once; more get 429. Each
    /// holds a database connection for as long as its client reads, so this stays well below the pool size.
    var maxConcurrentExports = 4
    /// `CLINIC_SECURE_COOKIES` (default false): mark the console's cookies `Secure`, for a console served over TLS
    /// (behind a proxy that terminates it). Off by default so `http://127.0.0.1:8080/` works on the front desk PC.
    var secureCookies = false
    /// `CLINIC_READ_DATABASE_URL` (default none): a hot standby of `DATABASE_URL`'s database, which serves the
    /// reads that write no audit row and need not see a write of the same moment (the slot lists). It may lag
    /// the primary by its replay delay (milliseconds on a local network; more while it catches up).
    var readDatabaseURL: String?
    /// `CLINIC_BACKUP_DIR` (default none): where `clinic-server backup` puts base backups and, for the private
    /// cluster, where it archives every finished WAL segment (`wal/`). Another disk: a USB disk, a network share.
    var backupDirectory: URL?
    /// `CLINIC_ARCHIVE_TIMEOUT` (seconds, default 300): the private cluster archives a WAL segment at least this
    /// often while there are writes, so a restore reaches this close to a lost disk (each forced segment is 16 MB
    /// on the backup disk, compressible; 0 archives only full segments).
    var archiveTimeoutSeconds = 300
    /// `CLINIC_BACKUP_KEEP` (default 7): base backups kept; older ones and the WAL only they need are deleted.
    var backupKeep = 7
    /// `CLINIC_BACKUP_EVERY` (e.g. `24h`, `90m`; default none): the server itself takes a base backup into
    /// `CLINIC_BACKUP_DIR` whenever the newest there is this old, for health rooms with no cron and no operator.
    var backupEverySeconds: Int?
    /// `CLINIC_NOTIFY_URL` (default none: notices stay pending in the outbox): where each notice is POSTed, signed;
    /// an SMS or voice gateway. `http://` or `https://`.
    var notifyURL: URL?
    /// `CLINIC_NOTIFY_SECRET` (required with `CLINIC_NOTIFY_URL`, at least 16 characters): the HMAC-SHA256 key of
    /// `X-Clinic-Signature`, which the gateway checks.
    var notifySecret: String?
    /// `CLINIC_NOTIFY_MAX_ATTEMPTS` (default 8): attempts before a notice fails with reason `gateway`.
    var notifyMaxAttempts = 8
    /// `CLINIC_NOTIFY_RETRY_AFTER` (default `30s`): the wait after a first failed attempt; it doubles after each
    /// further one, up to an hour, with jitter.
    var notifyRetryAfter: Duration = .seconds(30)
    /// `CLINIC_QUIET_HOURS` (default `21:00-08:00`, each clinic's wall clock; `off` for none): no notice is sent
    /// then; those due are held to the end of the window.
    var quietHours: QuietHours? = .default
    /// `CLINIC_REMINDER_TIME` (default `18:00`, each clinic's wall clock): when the day-before reminders are written.
    var reminderTime = LocalTime(hour: 18, minute: 0)!
    /// `CLINIC_NOTICE_TEMPLATES` (default none: the built-in texts): a directory of `bo.txt`, `zh.txt`, `en.txt`
    /// notice templates, read and checked at start (templates/notices/ holds the defaults to copy).
    var noticeTemplates = NoticeTemplates.builtIn
    /// `CLINIC_PUBLIC_URL` (e.g. `https://clinic.example.org`; default none): where clients reach the server, for the
    /// absolute links it hands out (a doctor's calendar URL). Without it they are made from the request's `Host`
    /// over plain `http`.
    var publicURL: String?

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> ServerConfiguration
    {
        let reader = EnvironmentReader(environment)
        let dataDirectory = reader.string("CLINIC_DATA_DIR") ?? ".clinic"
        var configuration = ServerConfiguration(
            databaseURL: reader.string("DATABASE_URL"),
            dataDirectory: URL(fileURLWithPath: dataDirectory).standardizedFileURL,
            host: reader.string("HOST") ?? "127.0.0.1",
            port: try reader.integer("PORT", default: 8080, in: 0...65535),
            logLevel: try reader.logLevel("CLINIC_LOG_LEVEL"),
            migrateOnStart: try reader.boolean("CLINIC_MIGRATE_ON_START", default: true),
            poolSize: try reader.integer("CLINIC_DB_POOL_SIZE", default: 16, in: 1...500),
            tokenTTLHours: try reader.integer("CLINIC_TOKEN_TTL_HOURS", default: 12, in: 1...24 * 30),
            bcryptCost: try reader.integer("CLINIC_BCRYPT_COST", default: 10, in: 4...15),
            draftReminderHours: try reader.integer("CLINIC_DRAFT_AFTER_HOURS", default: 24, in: 1...24 * 365),
            migrationsDirectory: Migration.defaultDirectory(environment: environment))
        configuration.maxConnections = try reader.integer("CLINIC_MAX_CONNECTIONS", default: 4096, in: 1...1_000_000)
        configuration.tokenCacheSeconds = try reader.integer("CLINIC_TOKEN_CACHE_SECONDS", default: 5, in: 0...300)
        configuration.maxConcurrentExports = try reader.integer("CLINIC_MAX_EXPORTS", default: 4, in: 1...64)
        configuration.secureCookies = try reader.boolean("CLINIC_SECURE_COOKIES", default: false)
        configuration.readDatabaseURL = reader.string("CLINIC_READ_DATABASE_URL")
        if configuration.readDatabaseURL != nil, configuration.databaseURL == nil {
            throw ConfigurationError(
                variable: "CLINIC_READ_DATABASE_URL",
                message: "needs DATABASE_URL: a standby serves reads of a primary the server reaches by DATABASE_URL")
        }
        configuration.backupDirectory = reader.string("CLINIC_BACKUP_DIR").map {
            URL(fileURLWithPath: $0).standardizedFileURL
        }
        configuration.archiveTimeoutSeconds = try reader.integer("CLINIC_ARCHIVE_TIMEOUT", default: 300, in: 0...86_400)
        configuration.backupKeep = try reader.integer("CLINIC_BACKUP_KEEP", default: 7, in: 1...1_000)
        configuration.backupEverySeconds = try reader.duration("CLINIC_BACKUP_EVERY", in: 60...30 * 86_400)
        if configuration.backupEverySeconds != nil, configuration.backupDirectory == nil {
            throw ConfigurationError(
                variable: "CLINIC_BACKUP_EVERY", message: "needs CLINIC_BACKUP_DIR: where to put them")
        }
        try readNotifications(reader, into: &configuration)
        if let url = reader.string("CLINIC_PUBLIC_URL") {
            let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
            guard let parsed = URL(string: trimmed), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                parsed.host != nil, parsed.query == nil, parsed.fragment == nil
            else {
                throw ConfigurationError(
                    variable: "CLINIC_PUBLIC_URL", message: "expected an http:// or https:// URL, got \"\(url)\"")
            }
            configuration.publicURL = trimmed
        }
        return configuration
    }

    private static func readNotifications(
        _ reader: EnvironmentReader, into configuration: inout ServerConfiguration
    ) throws(ConfigurationError) {
        if let text = reader.string("CLINIC_NOTIFY_URL") {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false
            else {
                throw ConfigurationError(
                    variable: "CLINIC_NOTIFY_URL", message: "expected an http:// or https:// URL, got \"\(text)\"")
            }
            guard let secret = reader.string("CLINIC_NOTIFY_SECRET"), secret.count >= 16 else {
                throw ConfigurationError(
                    variable: "CLINIC_NOTIFY_SECRET",
                    message: "needs at least 16 characters with CLINIC_NOTIFY_URL: the gateway checks each notice's "
                        + "signature with it")
            }
            configuration.notifyURL = url
            configuration.notifySecret = secret
        }
        configuration.notifyMaxAttempts = try reader.integer("CLINIC_NOTIFY_MAX_ATTEMPTS", default: 8, in: 1...100)
        if let seconds = try reader.duration("CLINIC_NOTIFY_RETRY_AFTER", in: 1...3600) {
            configuration.notifyRetryAfter = .seconds(seconds)
        }
        if let text = reader.string("CLINIC_QUIET_HOURS") {
            if ["off", "none"].contains(text.lowercased()) {
                configuration.quietHours = nil
            } else {
                guard let window = QuietHours(text) else {
                    throw ConfigurationError(
                        variable: "CLINIC_QUIET_HOURS",
                        message: "expected HH:MM-HH:MM (e.g. 21:00-08:00, two different times) or off, got \"\(text)\"")
                }
                configuration.quietHours = window
            }
        }
        if let text = reader.string("CLINIC_REMINDER_TIME") {
            guard text.count == 5, let time = LocalTime(text) else {
                throw ConfigurationError(
                    variable: "CLINIC_REMINDER_TIME", message: "expected a time of day HH:MM, got \"\(text)\"")
            }
            configuration.reminderTime = time
        }
        if let directory = reader.string("CLINIC_NOTICE_TEMPLATES") {
            do {
                configuration.noticeTemplates = try NoticeTemplates.load(
                    directory: URL(fileURLWithPath: directory).standardizedFileURL)
            } catch {
                throw ConfigurationError(variable: "CLINIC_NOTICE_TEMPLATES", message: error.description)
            }
        }
    }
}

/// A setting that cannot be used, named with the variable at fault.
struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    var variable: String
    var message: String
    var description: String { "\(variable): \(message)" }
}

private struct EnvironmentReader {
    let environment: [String: String]
    init(_ environment: [String: String]) { self.environment = environment }

    func string(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                variable: name,
                message: "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    func boolean(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let text = string(name)?.lowercased() else { return fallback }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, message: "expected true or false, got \"\(text)\"")
        }
    }

    /// `90s`, `30m`, `24h` or `7d`, in seconds; nil when unset.
    func duration(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = string(name)?.lowercased() else { return nil }
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()), count > 0,
            range.contains(count * unit)
        else {
            throw ConfigurationError(
                variable: name,
                message:
                    "expected a duration such as 24h, 90m or 7d, from \(range.lowerBound) s to \(range.upperBound / 86_400) days, got \"\(text)\""
            )
        }
        return count * unit
    }

    func logLevel(_ name: String) throws(ConfigurationError) -> Log.Level {
        guard let text = string(name) else { return .info }
        guard let level = Log.Level(name: text) else {
            throw ConfigurationError(variable: name, message: "expected debug, info, warning or error, got \"\(text)\"")
        }
        return level
    }
}
