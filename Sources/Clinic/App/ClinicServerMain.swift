import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `clinic-server`'s commands. The executable only calls `run` and exits with its status:
/// 0 done, 1 failed (the message says why), 2 a command line that cannot be run.
public enum ClinicServerMain {
    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        async -> Int32
    {
        let command: ClinicCommand
        do {
            command = try ClinicCommand.parse(arguments)
        } catch {
            printError(error.description)
            return 2
        }
        var configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.fromEnvironment(environment)
        } catch {
            printError(error.description)
            return 2
        }
        Log.level = configuration.logLevel
        do {
            switch command {
            case .help(let text):
                print(text)
            case .version:
                print(ClinicVersion.string)
            case .serve(let options):
                if let migrate = options.migrate { configuration.migrateOnStart = migrate }
                if let host = options.host { configuration.host = host }
                if let port = options.port { configuration.port = port }
                try await serve(configuration)
            case .migrate:
                try await withDatabase(configuration) { pool in
                    let applied = try await migrate(pool, configuration)
                    print(applied.isEmpty ? "migrations: up to date" : "migrations applied: \(applied.map(\.version))")
                }
            case .createClinic(let options):
                try await withDatabase(configuration) { pool in
                    try await migrate(pool, configuration)
                    print(try await UUIDText.lower(createClinic(options, pool).id))
                }
            case .createUser(let options):
                try await createUser(options, configuration, environment: environment)
            case .seed(let options):
                try await withDatabase(configuration) { pool in
                    try await migrate(pool, configuration)
                    let settings = try await DemoClinic.firstClinic(pool).settings
                    let today = options.today ?? ClinicSettingsStore.today(in: settings)
                    let started = ContinuousClock.now
                    let clinic = try await DemoClinic.seed(
                        pool: pool, clinics: options.clinics, residents: options.residents, today: today)
                    let elderly = try await pool.query(
                        """
                        SELECT id FROM residents
                        WHERE birth_date <= \(LocalDate.latestBirthDate(forAgeAtLeast: 65, on: today)) ORDER BY id
                        """
                    ).map { try $0.decode(UUID.self, "id") }
                    let doctors = try await pool.query("SELECT id FROM doctors ORDER BY name, id").map {
                        try $0.decode(UUID.self, "id")
                    }
                    let files = try await DemoHealthFiles.fill(residentIds: elderly, doctorIds: doctors, pool: pool)
                    let month = try await DemoMonth.fill(pool: pool, clinic: DemoClinic.firstClinic(pool), today: today)
                    print(
                        """
                        seeded in \(started.duration(to: .now)): \(clinic.clinics) clinics, \(clinic.doctors) doctors, \
                        \(clinic.residents) residents \
                        in \(clinic.households) households, \(clinic.assignments) rota assignments, \(clinic.slots) slots, \
                        \(clinic.appointments) appointments; health files: \(files.problems) problems, \
                        \(files.medications) medications, \(files.allergies) allergies, \(files.vitals) vitals, \
                        \(files.assessments) assessments, \(files.consultations) consultations; last month: \
                        \(month.consultations) consultations, \(month.appointments) appointments, \(month.visits) visits
                        """)
                }
            case .backup(let options):
                try await backup(options, configuration)
            case .restore(let options):
                try await restore(options, configuration)
            }
            return 0
        } catch {
            printError(describe(error))
            return 1
        }
    }

    /// `clinic-server backup`: a base backup of the server's database into `--to` or `CLINIC_BACKUP_DIR`.
    static func backup(_ options: ClinicCommand.BackupOptions, _ configuration: ServerConfiguration) async throws {
        guard
            let directory = options.directory.map({ URL(fileURLWithPath: $0).standardizedFileURL })
                ?? configuration.backupDirectory
        else { throw BackupError("backup: say where, with --to DIR or CLINIC_BACKUP_DIR") }
        let database = try await DatabaseBootstrap.open(configuration, applicationName: "clinic-backup")
        defer { database.close() }
        let source = try database.cluster.map(Backups.Source.cluster) ?? Backups.Source(configuration)
        let started = ContinuousClock.now
        let taken = try await Backups(directory: directory).take(from: source, keep: configuration.backupKeep)
        print(
            "backup \(taken.name) in \(directory.path), checked against its manifest, in \(started.duration(to: .now))")
    }

    /// `clinic-server restore`: the private cluster back from a backup directory, to a time or to the end of its WAL.
    static func restore(_ options: ClinicCommand.RestoreOptions, _ configuration: ServerConfiguration) async throws {
        guard configuration.databaseURL == nil else {
            throw BackupError(
                "restore: DATABASE_URL is set; restore rebuilds the private cluster under CLINIC_DATA_DIR. For a "
                    + "server of your own, restore its base backup and WAL archive with its own tools (see README).")
        }
        let cluster = try LocalCluster(root: configuration.dataDirectory)
        let directory = URL(fileURLWithPath: options.directory).standardizedFileURL
        let restored = try await Backups(directory: directory).restore(into: cluster, to: options.time)
        let until = options.time.map { " up to " + RFC3339.format($0, offsetSeconds: 0) } ?? " to the end of its WAL"
        print("restored \(restored.name)\(until) into \(cluster.dataDirectory.path)")
    }

    /// Serves until SIGTERM or SIGINT, then drains in-flight requests, stops the background jobs, closes the pool
    /// and stops a private cluster.
    /// A signal during start-up (a migration may take minutes on a large register) stops the private cluster this
    /// process started, which ends a migration in progress (rolled back, applied at the next start), and exits 0.
    static func serve(_ configuration: ServerConfiguration) async throws {
        let signals = SignalWaiter()
        let database = try await DatabaseBootstrap.open(configuration)
        let startingUp = LockedValue(true)
        Task.detached {
            let signal = await signals.wait()
            // Under the lock, so the server cannot start serving meanwhile; exit ends the process there.
            startingUp.withValue { starting in
                guard starting else { return }  // serving: the drain below answers the signal
                Log.info("stopping during start-up", ["signal": String(signal)])
                database.close()
                exit(0)
            }
        }
        // Migrations run as the owner of the tables; the requests as the server's role (see `ServerRole`).
        let owner = PostgresPool(
            configuration: database.postgres,
            options: .init(maxConnections: 1, scopedSettings: ClinicScope.poolSettings))
        let pool = PostgresPool(
            configuration: database.postgres.acting(as: ServerRole.name),
            options: .init(maxConnections: configuration.poolSize, scopedSettings: ClinicScope.poolSettings))
        let readPool = configuration.readDatabaseURL.map {
            PostgresPool(
                configuration: PostgresConfiguration(url: $0, applicationName: "clinic-server-reads")
                    .acting(as: ServerRole.name),
                options: .init(maxConnections: configuration.poolSize, scopedSettings: ClinicScope.poolSettings))
        }
        do {
            if configuration.migrateOnStart { try await migrate(owner, configuration) }
            try await ServerRole.check(owner)
            owner.close()
            try await checkDurability(pool)
            let application = ClinicApplication(pool: pool, readPool: readPool, configuration: configuration)
            try await application.services.refreshSettings()
            var limits = HTTPLimits()
            limits.maxConnections = configuration.maxConnections
            raiseOpenFileLimit(toAtLeast: configuration.maxConnections + configuration.poolSize + 64)
            let server = application.makeServer(host: configuration.host, port: configuration.port, limits: limits)
            startingUp.value = false
            try server.start()
            application.jobs.start()
            print("listening on http://\(configuration.host):\(server.port)")
            fflush(nil)
            Log.info(
                "serving",
                [
                    "host": configuration.host, "port": String(server.port),
                    "database": database.cluster.map { "private cluster in \($0.dataDirectory.path)" }
                        ?? "DATABASE_URL",
                ])
            let signal = await signals.wait()
            Log.info("stopping", ["signal": String(signal)])
            async let jobsStopped: Void = application.jobs.stop()  // meanwhile, not after the drain
            await server.shutdown(gracePeriod: .seconds(8))
            await jobsStopped
            pool.close()
            readPool?.close()
            database.close()
            Log.info("stopped")
        } catch {
            // A signal during start-up stops the cluster, which fails the migration in progress, and ends the process
            // (exit 0) while holding this lock: what failed then was the stop's doing, not an error to report.
            startingUp.withValue { _ in }
            owner.close()
            pool.close()
            readPool?.close()
            database.close()
            throw error
        }
    }

    /// Raises the soft open-files limit toward the hard one, so `maxConnections` sockets fit (a default soft
    /// limit of 1024 would turn clients away with accept errors first).
    static func raiseOpenFileLimit(toAtLeast wanted: Int) {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < rlim_t(wanted) else { return }
        limit.rlim_cur = min(rlim_t(wanted), limit.rlim_max)
        _ = setrlimit(resource, &limit)
    }

    @discardableResult
    static func migrate(_ pool: PostgresPool, _ configuration: ServerConfiguration) async throws -> [Migration] {
        let migrations = try Migration.load(from: configuration.migrationsDirectory)
        guard !migrations.isEmpty else {
            throw ClusterError(
                "no migrations found in \(configuration.migrationsDirectory.path) (set CLINIC_MIGRATIONS_DIR)")
        }
        return try await migrate(pool, migrations)
    }

    /// Applies `migrations` in the county's scope: a migration that reads or writes clinic-scoped rows (0014 sets
    /// every rota assignment's travel span) sees them all even when the owner of the tables is not a superuser,
    /// whom the forced row-level security holds to its policies; `serve` migrates before any task names a scope.
    @discardableResult
    static func migrate(_ pool: PostgresPool, _ migrations: [Migration]) async throws -> [Migration] {
        try await ClinicScope.county.run { try await Migrator(pool: pool, migrations: migrations).migrate() }
    }

    /// A booking acknowledged to a client must survive a crash: refuse to serve with `synchronous_commit` off.
    static func checkDurability(_ pool: PostgresPool) async throws {
        let setting = try await pool.query("SELECT current_setting('synchronous_commit') AS value").first?
            .decode(String.self, "value")
        guard setting != "off" else {
            throw ClusterError(
                "synchronous_commit is off on this database: acknowledged bookings could be lost in a crash. Turn it on."
            )
        }
    }

    /// `clinic-server create-clinic`: a new health room with a new install's settings but its name and time zone.
    static func createClinic(_ options: ClinicCommand.CreateClinicOptions, _ pool: PostgresPool) async throws
        -> ClinicRecord
    {
        var settings = ClinicSettings.default
        settings.name = options.name
        settings.timeZone = options.timeZone
        return try await pool.withConnection {
            try await ClinicSettingsStore.create(settings, code: options.code, on: $0)
        }
    }

    static func createUser(
        _ options: ClinicCommand.CreateUserOptions, _ configuration: ServerConfiguration, environment: [String: String]
    ) async throws {
        let password: String
        if let fromEnvironment = environment["CLINIC_PASSWORD"], !fromEnvironment.isEmpty {
            password = fromEnvironment
        } else {
            if isatty(STDIN_FILENO) != 0 { FileHandle.standardError.write(Data("password: ".utf8)) }
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError(field: "password", message: "give it in CLINIC_PASSWORD or on standard input")
            }
            password = line
        }
        try await withDatabase(configuration) { pool in
            try await migrate(pool, configuration)
            let user = try await createUser(options, password: password, cost: configuration.bcryptCost, pool)
            let clinic = user.clinicId.map { " in clinic \(UUIDText.lower($0))" } ?? ""
            print("created \(user.role.rawValue) user \(user.username) (\(user.id))\(clinic)")
        }
    }

    /// Creates the user of `create-user`. An admin or staff user without `--clinic-id` belongs to the one clinic
    /// there is; with several, which one must be said (ValidationError).
    static func createUser(
        _ options: ClinicCommand.CreateUserOptions, password: String, cost: Int, _ pool: PostgresPool
    ) async throws -> User {
        var doctorId: UUID?
        if let text = options.doctorId {
            guard let id = UUID(uuidString: text) else {
                throw ValidationError(field: "--doctor-id", message: "is not a UUID")
            }
            doctorId = id
        }
        var clinicId: UUID?
        if let text = options.clinicId {
            guard let id = UUID(uuidString: text) else {
                throw ValidationError(field: "--clinic-id", message: "is not a UUID")
            }
            clinicId = id
        }
        return try await pool.withConnection { db in
            if options.role.belongsToOneClinic, clinicId == nil {
                let clinics = try await ClinicSettingsStore.all(on: db)
                if clinics.count > 1 {
                    let listed = clinics.map { "\(UUIDText.lower($0.id)) \($0.settings.name)" }
                    throw ValidationError(
                        field: "--clinic-id",
                        message: "is required for an admin or staff user when there are several clinics: "
                            + listed.joined(separator: ", "))
                }
            }
            let input = NewUser(
                username: options.username, password: password, role: options.role.rawValue, doctorId: doctorId,
                clinicId: clinicId, grids: options.grids.isEmpty ? nil : options.grids, phone: options.phone)
            return try await UserStore.create(input, cost: cost, on: db)
        }
    }

    static func withDatabase(_ configuration: ServerConfiguration, _ body: (PostgresPool) async throws -> Void)
        async throws
    {
        let database = try await DatabaseBootstrap.open(configuration, applicationName: "clinic-server-cli")
        let pool = PostgresPool(
            configuration: database.postgres, options: .init(maxConnections: 4, scopedSettings: ClinicScope.poolSettings))
        do {
            // The command-line tools are the county's own: they see every clinic's rows.
            try await ClinicScope.county.run { try await body(pool) }
            pool.close()
            database.close()
        } catch {
            pool.close()
            database.close()
            throw error
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ValidationError:
            return "invalid: " + error.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        case let error as PostgresError:
            // Never the detail: it can quote stored values.
            return "database: \(error.message)"
        default:
            return String(describing: error)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("clinic-server: \(message)\n".utf8))
    }
}
