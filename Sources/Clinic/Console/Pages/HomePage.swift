import ClinicDomain
import ClinicHTTP

/// `/console/`: where each role starts its day: the front desk and admins on today at the clinic, a doctor on
/// their own day.
enum HomePage {
    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/", access: .anyRole) { context in
                switch try context.user.role {
                case .doctor: try await DoctorDayPage.render(context, console)
                case .staff, .admin, .countyAdmin: try await TodayPage.render(context, console)
                case .countyViewer: ConsoleResponse.redirect(ConsoleNavigation.reports.path)
                case .gridWorker: try await OutreachRoundPage.render(context, console)
                }
            }
        ]
    }

    static let welcome = Words("བྱོན་པ་ལེགས།", "欢迎", "Welcome")

    /// The menu as a list of links (until a role's own start page replaces it).
    static func menu(_ context: RequestContext) throws -> HTTPResponse {
        let session = try context.user
        let items = ConsoleNavigation.entries(for: session.role).dropFirst().map { entry -> Markup in
            "<li><a href=\"\(entry.path)\">\(context.t(entry.words))</a></li>"
        }
        return ConsoleLayout.page(
            context, title: context.t(welcome),
            """
            <p>\(context.t(CommonWords.signedInAs)): <strong>\(session.username)</strong></p>
            <ul>\(items)</ul>
            """)
    }
}
