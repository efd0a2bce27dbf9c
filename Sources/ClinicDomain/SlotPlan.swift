import Foundation

/// One bookable slot that follows from a doctor's rota session: what the slots store persists.
package struct PlannedSlot: Sendable, Equatable {
    package var mode: ConsultationMode
    package var start: Date
    package var end: Date
    package var capacity: Int
    /// Held for priority residents (green channel) until `priorityHoldHours` before `start`.
    package var priorityOnly: Bool

    package init(mode: ConsultationMode, start: Date, end: Date, capacity: Int, priorityOnly: Bool) {
        self.mode = mode
        self.start = start
        self.end = end
        self.capacity = capacity
        self.priorityOnly = priorityOnly
    }
}

/// Turns one doctor's session into slots. A doctor does one thing at a time, so the session is cut into
/// consecutive blocks, in this order, each filled with back-to-back slots of capacity 1:
///
/// 1. **On-site** from the session's start, filling whatever the blocks below leave.
/// 2. **Remote** (video/phone) after it: a third of the session, rounded down to whole remote slots, and at
///    least one if one fits beside one on-site slot. A doctor without on-site consultations gives remote the
///    whole session (less home visits).
/// 3. **Home visit** at the very end of the day's last session: one visit, so the doctor leaves the clinic for it
///    and need not come back. A doctor who only does home visits does them all session long, every session.
///
/// Minutes that do not make a whole slot stay free between blocks as a buffer. With the default settings
/// (two 3-hour sessions; 15/20/60 minutes) a doctor offering all three modes has 8 on-site + 3 remote in the
/// morning and 4 on-site + 3 remote + 1 home in the afternoon: 19 a day; on-site only gives 24.
///
/// Priority hold: within each mode of a session holding at least 2 slots, the 1st, 5th, 9th … slot
/// (every 4th, starting with the first, so priority residents also go first) is `priorityOnly`.
/// A lone slot of a mode is never held.
package enum SlotPlanner {
    /// Remote gets `1 / remoteShareDivisor` of a session shared with on-site work.
    static let remoteShareDivisor = 3
    /// Every `priorityEvery`-th slot of a mode, starting with the first, is held.
    static let priorityEvery = 4

    /// A slot placed in minutes from the session's start; the zone-free core of `slots(date:session:modes:settings:)`.
    package struct Placement: Sendable, Equatable {
        package var mode: ConsultationMode
        var startMinute: Int
        var endMinute: Int
        package var priorityOnly: Bool
    }

    /// The concrete slots of `session` on `date` for a doctor offering `modes`, sorted by start.
    /// Throws only when `settings.timeZone` is not a valid zone (field `timeZone`).
    package static func slots(
        date: LocalDate, session: ClinicSession, modes: Set<ConsultationMode>, settings: ClinicSettings
    ) throws(ValidationError) -> [PlannedSlot] {
        guard let zone = settings.zone else {
            throw ValidationError(field: "timeZone", message: "must be an IANA time zone id")
        }
        let sessionStart = date.instant(at: session.start, in: zone)
        let isLast = settings.sessions.allSatisfy { $0.start <= session.start }
        return placements(session: session, modes: modes, slotMinutes: settings.slotMinutes, isLastSessionOfDay: isLast)
            .map { placement in
                PlannedSlot(
                    mode: placement.mode,
                    start: sessionStart.addingTimeInterval(Double(placement.startMinute) * 60),
                    end: sessionStart.addingTimeInterval(Double(placement.endMinute) * 60),
                    capacity: 1,
                    priorityOnly: placement.priorityOnly)
            }
    }

    /// The block layout described on `SlotPlanner`, in minutes from the session's start, sorted by start.
    static func placements(
        session: ClinicSession, modes: Set<ConsultationMode>, slotMinutes: SlotMinutes, isLastSessionOfDay: Bool
    ) -> [Placement] {
        let length = session.minutes
        let onsite = slotMinutes.onsite
        let remote = slotMinutes.remote
        let home = slotMinutes.home
        guard length > 0, onsite > 0, remote > 0, home > 0, !modes.isEmpty else { return [] }

        if modes == [.home] { return block(.home, from: 0, count: length / home, minutes: home) }

        let homeCount = modes.contains(.home) && isLastSessionOfDay && home <= length ? 1 : 0
        let beforeHome = length - homeCount * home
        var remoteCount = 0
        if modes.contains(.remote) {
            if modes.contains(.onsite) {
                remoteCount = max(length / (remoteShareDivisor * remote), 1)
                remoteCount = min(remoteCount, max(beforeHome - onsite, 0) / remote)
            } else {
                remoteCount = beforeHome / remote
            }
        }
        let remoteStart = beforeHome - remoteCount * remote
        let onsiteCount = modes.contains(.onsite) ? remoteStart / onsite : 0

        return block(.onsite, from: 0, count: onsiteCount, minutes: onsite)
            + block(.remote, from: remoteStart, count: remoteCount, minutes: remote)
            + block(.home, from: beforeHome, count: homeCount, minutes: home)
    }

    /// Back-to-back slots of one mode with the priority hold applied.
    static func block(_ mode: ConsultationMode, from start: Int, count: Int, minutes: Int) -> [Placement] {
        (0..<max(count, 0)).map { position in
            Placement(
                mode: mode,
                startMinute: start + position * minutes,
                endMinute: start + (position + 1) * minutes,
                priorityOnly: count >= 2 && position % priorityEvery == 0)
        }
    }

    /// True while a priority-only slot is still held: until `holdHours` before its start. After that anyone may
    /// book it, so reserved capacity is not wasted. `holdHours` 0 keeps the hold up to the start itself.
    static func isPriorityHeld(slotStart: Date, now: Date, holdHours: Int) -> Bool {
        now < slotStart.addingTimeInterval(-Double(max(holdHours, 0)) * 3600)
    }

    /// Whether a slot is closed to non-priority residents at `now`: it was planned `priorityOnly` and its hold
    /// has not lapsed. This is the `priorityOnly` the slots API shows and booking enforces.
    package static func isReservedForPriority(
        plannedPriorityOnly: Bool, slotStart: Date, now: Date, holdHours: Int
    ) -> Bool {
        plannedPriorityOnly && isPriorityHeld(slotStart: slotStart, now: now, holdHours: holdHours)
    }
}
