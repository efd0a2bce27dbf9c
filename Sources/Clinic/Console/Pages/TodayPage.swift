import ClinicHTTP

/// Today at the clinic, for the front desk and admins.
enum TodayPage {
    static func render(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        try HomePage.menu(context)
    }
}
