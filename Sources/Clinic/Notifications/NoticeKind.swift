/// What a notice tells a resident: a change to a booking, or the reminder the day before.
enum NoticeKind: String, CaseIterable, Codable, Sendable {
    case booked, rescheduled, cancelled, displaced, rebooked, doctorChanged, reminder

    /// Whether the notice also names the time the appointment had before (`{previousDate}`, `{previousTime}`).
    var knowsPreviousTime: Bool { self == .rescheduled || self == .rebooked }
}
