import Foundation

/// What a notification tells a resident: a change to their appointment, or the reminder the day before.
package enum NoticeKind: String, Codable, Sendable, CaseIterable {
    case booked, rescheduled, cancelled, displaced, rebooked, doctorChanged, reminder
}

extension NoticeKind {
    /// Whether the notice also names the time the appointment had before (`{previousDate}`, `{previousTime}`).
    package var knowsPreviousTime: Bool { self == .rescheduled || self == .rebooked }
}
