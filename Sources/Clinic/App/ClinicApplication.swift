import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// The whole application over one database pool: services, routes, the API front and its published contract.
/// `serve` puts an HTTP server in front of it; the integration tests do the same on port 0.
final class ClinicApplication: Sendable {
    let services: ClinicServices
    let metrics: Metrics
    let api: APIApplication
    /// The web console under `/console`, which calls `api` in process.
    let console: ConsoleApplication
    /// The OpenAPI document, rendered once.
    let openAPIDocument: [UInt8]
    /// The background jobs (purges), in `/metrics` from the start; `serve` starts and stops them.
    let jobs: JobScheduler

    init(pool: PostgresPool, readPool: PostgresPool? = nil, configuration: ServerConfiguration) {
        let services = ClinicServices(
            pool: pool, readPool: readPool, clinics: ClinicDirectory(), configuration: configuration)
        let metrics = Metrics()
        metrics.registerGauge("clinic_db_pool_open", help: "Database connections open.") {
            Double(pool.statistics.open)
        }
        metrics.registerGauge("clinic_db_pool_in_use", help: "Database connections lent to requests.") {
            Double(pool.statistics.inUse)
        }
        metrics.registerGauge("clinic_db_pool_waiting", help: "Requests waiting for a database connection.") {
            Double(pool.statistics.waiting)
        }
        metrics.registerGauge("clinic_exports_streaming", help: "CSV exports streaming now.") {
            Double(services.exports.active)
        }
        let jobs = JobScheduler(
            pool: pool,
            jobs: ClinicJobs.purges(throttle: services.loginSettings.throttle)
                + [
                    ClinicJobs.refreshSettings(services), ClinicJobs.backup(configuration),
                    ClinicJobs.reminders(configuration), ClinicJobs.delivery(services),
                ].compactMap { $0 })
        jobs.register(in: metrics)
        if let directory = configuration.backupDirectory {
            let backups = Backups(directory: directory)
            metrics.registerGauge(
                "clinic_backup_last_finished_seconds",
                help: "When the newest base backup in CLINIC_BACKUP_DIR finished (Unix time; 0: none)."
            ) { backups.list().last?.finishedAt.timeIntervalSince1970 ?? 0 }
        }
        let document = LockedValue<[UInt8]>([])
        // Each resource: its routes and the named schemas its responses refer to.
        let resources: [(routes: [Route], schemas: [String: JSONSchema])] = [
            (SecurityRoutes.routes(services), SecurityRoutes.schemas),
            (ClinicRoutes.routes(services), ClinicRoutes.schemas),
            (ResidentRoutes.routes(services), ResidentRoutes.schemas),
            (DoctorRoutes.routes(services), DoctorRoutes.schemas),
            (CalendarFeedRoutes.routes(services), CalendarFeedRoutes.schemas),
            (RotaRoutes.routes(services), RotaRoutes.schemas),
            (SlotRoutes.routes(services), SlotRoutes.schemas),
            (AppointmentRoutes.routes(services), AppointmentRoutes.schemas),
            (RebookRoutes.routes(services), RebookRoutes.schemas),
            (ConsultationRoutes.routes(services), ConsultationSchemas.schemas),
            (HealthFileRoutes.routes(services), HealthFileSchemas.schemas),
            (WorklistRoutes.routes(services), WorklistSchemas.schemas),
            (NotificationRoutes.routes(services), NotificationRoutes.schemas),
            (ExportRoutes.routes(services), ExportRoutes.schemas),
            (ReportRoutes.routes(services), ReportRoutes.schemas),
            (OutreachRoutes.routes(services), OutreachRoutes.schemas),
        ]
        let resourceRoutes = resources.flatMap(\.routes)
        let schemas = resources.map(\.schemas).reduce(into: [String: JSONSchema]()) { all, part in
            all.merge(part) { first, second in
                assert(first == second, "two resources publish different schemas under one name")
                return first
            }
        }
        let operations = OperationsRoutes.routes(
            metrics: metrics,
            isReady: {
                (try? await pool.withConnection { try await $0.query("SELECT 1", prepare: true) }) != nil
            },
            document: { document.value })
        let routes = operations + resourceRoutes
        let api = APIApplication(
            routes: routes, authenticator: services.tokens, idempotency: pool, metrics: metrics,
            timeZone: { services.zone($0) })
        let rendered = OpenAPIDocument.build(routes: routes, schemas: schemas, version: ClinicVersion.string)
        document.value = (try? JSONCoding.encode(rendered, timeZone: .gmt)) ?? []
        let console = ConsoleApplication(
            routes: ConsoleRoutes.routes(
                ConsoleServices(
                    api: api, secureCookies: configuration.secureCookies,
                    backups: configuration.backupDirectory.map { Backups(directory: $0) },
                    backupEverySeconds: configuration.backupEverySeconds)),
            authenticator: services.tokens, clinics: services.clinics, metrics: metrics,
            timeZone: { services.clinics.first.map { services.clinics.zone($0.id) } ?? .gmt })
        self.services = services
        self.metrics = metrics
        self.api = api
        self.console = console
        self.openAPIDocument = document.value
        self.jobs = jobs
    }

    /// An HTTP server in front of the API and the console, which routes each request once, from its head (so the
    /// route's body limit holds before the body is read).
    func makeServer(host: String, port: Int, limits: HTTPLimits = HTTPLimits()) -> HTTPServer {
        var limits = limits
        let api = self.api
        let console = self.console
        limits.decideHead = { request in
            ConsoleApplication.owns(request) ? console.decideHead(request) : api.decideHead(request)
        }
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: host, port: port, limits: limits),
            handler: { request in
                ConsoleApplication.owns(request) ? await console.handle(request) : await api.handle(request)
            })
        metrics.registerGauge("clinic_http_open_connections", help: "Client connections open.") {
            Double(server.openConnections)
        }
        metrics.registerGauge("clinic_http_buffered_bytes", help: "Request and response bytes buffered for clients.") {
            Double(server.bufferedBytes)
        }
        return server
    }
}
