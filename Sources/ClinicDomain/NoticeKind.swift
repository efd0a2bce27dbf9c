import Foundation

/// What a notification tells a resident: a change to their appointment, or the reminder the day before.
package enum NoticeKind: String, Codable, Sendable, CaseIterable {
    case booked, rescheduled, cancelled, displaced, rebooked, doctorChanged, reminder
}
