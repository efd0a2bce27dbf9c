import ClinicHTTP

/// What console pages are built from: the API they call in process, and how cookies are set.
struct ConsoleServices: Sendable {
    let api: APIApplication
    /// `Secure` on cookies: on when the console is served over TLS (`CLINIC_SECURE_COOKIES`).
    let secureCookies: Bool
    /// The backup directory (`CLINIC_BACKUP_DIR`), whose newest backup the admin's page shows; nil: none set.
    var backups: Backups? = nil
    /// `CLINIC_BACKUP_EVERY`, in seconds.
    var backupEverySeconds: Int? = nil

    /// The API as the signed-in user of `context` (or as nobody, before sign-in).
    func api(_ context: RequestContext) -> ConsoleAPI {
        ConsoleAPI(api: api, context: context, token: context.session?.token, clinicId: context.session?.clinics?.picked)
    }
}
