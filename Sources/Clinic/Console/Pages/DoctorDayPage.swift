import ClinicHTTP

/// A doctor's own day.
enum DoctorDayPage {
    static func render(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        try HomePage.menu(context)
    }
}
