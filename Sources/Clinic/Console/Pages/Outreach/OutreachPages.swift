/// The outreach pages: the grid worker's round, and the desk's doctor requests.
enum OutreachPages {
    static func routes(_ console: ConsoleServices) -> [Route] {
        OutreachRoundPage.routes(console) + DoctorRequestsPage.routes(console) + OutreachResidentSection.routes(console)
    }
}
