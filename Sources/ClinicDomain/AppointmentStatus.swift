import Foundation

/// Where a booking stands. Transitions (anything else is refused):
///
///     booked ──check-in──▶ checkedIn ──complete──▶ completed
///       ├──cancel──▶ cancelled
///       ├──no-show──▶ noShow
///       └──(a closure or the doctor's unavailability)──▶ displaced ──rebook──▶ rebooked
///                                                          └──cancel──▶ cancelled
///
/// `booked → completed` is not a staff action (`/complete` needs a check-in first, so the day list stays
/// truthful), but a doctor who logs a consultation against a booked appointment completes it directly:
/// a remote call or home visit never passes the front desk. That path is `canCompleteByConsultation`.
package enum AppointmentStatus: String, Codable, Sendable, CaseIterable {
    case booked, checkedIn, completed, cancelled, noShow, displaced, rebooked

    /// Whether a staff action may move an appointment from this status to `next`.
    package func canTransition(to next: AppointmentStatus) -> Bool {
        switch (self, next) {
        case (.booked, .checkedIn), (.booked, .cancelled), (.booked, .noShow), (.checkedIn, .completed),
            (.displaced, .cancelled):
            return true
        default: return false
        }
    }

    /// Whether logging a consultation for this appointment may mark it `completed`: from `booked` or `checkedIn`.
    var canCompleteByConsultation: Bool { self == .booked || self == .checkedIn }

    /// Only a booked appointment may move to another slot; once the resident has arrived it is too late.
    package var canReschedule: Bool { self == .booked }

    /// No further transition is possible.
    var isFinal: Bool { self == .completed || self == .cancelled || self == .noShow || self == .rebooked }

    /// Whether the appointment uses one unit of its slot's capacity. Cancelled and no-show appointments give it
    /// back, so a walk-in can take a slot whose resident did not come; a displaced one gives it back too (its
    /// session will not run, and if a cover reopens it, the seat is free for whoever is rebooked into it).
    package var occupiesSlot: Bool { self == .booked || self == .checkedIn || self == .completed }
}
