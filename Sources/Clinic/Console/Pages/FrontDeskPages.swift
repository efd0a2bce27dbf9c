/// The front desk's day beyond `/console/` itself: the appointment buttons, walk-ins at the door and the printable
/// day list, the notices to residents (`TodayPage` is reached through `HomePage`).
enum FrontDeskPages {
    static func routes(_ console: ConsoleServices) -> [Route] {
        AppointmentActionPages.routes(console) + WalkInPages.routes(console) + DayListPrintPage.routes(console)
            + NotificationsPage.routes(console)
    }
}
