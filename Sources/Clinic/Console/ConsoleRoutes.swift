/// Every console page, by the part of the clinic's day it serves.
enum ConsoleRoutes {
    static func routes(_ console: ConsoleServices) -> [Route] {
        FramePages.routes(console) + SignInPages.routes(console) + HomePage.routes(console)
            + FrontDeskPages.routes(console)
            + BookingPage.routes(console)
            + ResidentPages.routes(console)
            + DoctorPages.routes(console)
            + AdminPages.routes(console)
            + DisplacedPages.routes(console)
            + MonthlyReportConsolePage.routes(console)
            + OutreachPages.routes(console)
    }
}
