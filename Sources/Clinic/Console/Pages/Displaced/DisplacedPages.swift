/// The console's side of schedule changes (issue 20): the displaced-appointments work list and its rebooking pages,
/// and a doctor's own unavailability. The closure and unavailability previews sit in the forms that make them.
enum DisplacedPages {
    static func routes(_ console: ConsoleServices) -> [Route] {
        DisplacedPage.routes(console) + MyUnavailabilityPage.routes(console)
    }
}
