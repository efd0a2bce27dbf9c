/// Every console page, by the part of the clinic's day it serves.
enum ConsoleRoutes {
    static func routes(_ console: ConsoleServices) -> [Route] {
        FramePages.routes(console) + SignInPages.routes(console) + HomePage.routes(console)
            + AdminPages.routes(console)
    }
}
