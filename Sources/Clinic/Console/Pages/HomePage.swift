import ClinicDomain
import ClinicHTTP

/// `/console/`: where each role starts its day.
enum HomePage {
    static let welcome = Words("བྱོན་པ་ལེགས།", "欢迎", "Welcome")

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/", access: .signedIn) { context in
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
        ]
    }
}
