import Foundation

/// One session of one clinic day to be staffed, with its instants (already resolved in the clinic's zone)
/// so that overlaps are judged on real time.
package struct RotaSession: Sendable, Equatable, Hashable {
    package var date: LocalDate
    package var session: String
    package var start: Date
    package var end: Date

    package init(date: LocalDate, session: String, start: Date, end: Date) {
        self.date = date
        self.session = session
        self.start = start
        self.end = end
    }

    /// Builds the rota sessions of `days` from the clinic's settings, in order.
    /// Throws when `settings.timeZone` is not a valid zone (field `timeZone`).
    package static func sessions(on days: [LocalDate], settings: ClinicSettings) throws(ValidationError) -> [RotaSession]
    {
        guard let zone = settings.zone else {
            throw ValidationError(field: "timeZone", message: "must be an IANA time zone id")
        }
        let ordered = settings.sessions.sorted { $0.start < $1.start }
        return days.flatMap { day in
            ordered.map { session in
                RotaSession(
                    date: day, session: session.name, start: day.instant(at: session.start, in: zone),
                    end: day.instant(at: session.end, in: zone))
            }
        }
    }

    /// True when the two sessions share any moment (touching ends do not count).
    package func overlaps(_ other: RotaSession) -> Bool { start < other.end && other.start < end }

    /// Same clinic day and session name.
    func isSameSlot(as other: RotaSession) -> Bool { date == other.date && session == other.session }
}

/// A doctor as the rota sees them: whether they can serve, and their history for fairness over time.
package struct RotaDoctor: Sendable, Equatable {
    package var id: UUID
    package var active: Bool
    package var modes: Set<ConsultationMode>
    /// Sessions served before the period being planned, so fairness carries on across periods.
    package var priorCount: Int
    /// Start of the last session served before the period, for the "least recently served" tie-break.
    package var lastServed: Date?
    /// Inclusive date ranges on which the doctor cannot come (leave, training, duty elsewhere).
    package var unavailable: [ClosedRange<LocalDate>]
    /// When the doctor serves other clinics, each session widened by the travel time on both sides: a session here
    /// that overlaps one of these would leave the doctor too little time on the road.
    package var busyElsewhere: [Range<Date>]

    package init(
        id: UUID, active: Bool = true, modes: Set<ConsultationMode> = Set(ConsultationMode.allCases),
        priorCount: Int = 0, lastServed: Date? = nil, unavailable: [ClosedRange<LocalDate>] = [],
        busyElsewhere: [Range<Date>] = []
    ) {
        self.id = id
        self.active = active
        self.modes = modes
        self.priorCount = priorCount
        self.lastServed = lastServed
        self.unavailable = unavailable
        self.busyElsewhere = busyElsewhere
    }

    /// Whether `session` falls within travel time of a session the doctor serves in another clinic.
    package func isBusyElsewhere(during session: RotaSession) -> Bool {
        busyElsewhere.contains { $0.overlaps(session.start..<session.end) }
    }

    /// Active, offering at least one mode, and not unavailable on `date`.
    package func canServe(on date: LocalDate) -> Bool {
        active && !modes.isEmpty && !unavailable.contains { $0.contains(date) }
    }
}

/// Which doctor serves which session of which clinic day.
package struct RotaAssignment: Sendable, Equatable, Hashable {
    package var date: LocalDate
    package var session: String
    package var doctorId: UUID

    package init(date: LocalDate, session: String, doctorId: UUID) {
        self.date = date
        self.session = session
        self.doctorId = doctorId
    }
}

/// A session the rota could not fully staff: reported so an administrator can find cover, never skipped silently.
package struct RotaGap: Sendable, Equatable {
    package var session: RotaSession
    /// Seats left empty (doctors per session less those found).
    package var missing: Int
}

/// The outcome of generating a rota.
package struct RotaPlan: Sendable, Equatable {
    /// New assignments, in session order; locked ones are not repeated.
    package var assignments: [RotaAssignment]
    package var gaps: [RotaGap]
    /// Sessions per doctor after this plan: prior + locked + new, for every doctor given.
    package var totals: [UUID: Int]
}

/// Why a doctor cannot be put on a session (a manual swap or cover is refused with it).
package enum RotaConflict: String, Sendable, Equatable {
    case inactive, noModes, unavailable, alreadyOnSession, overlapping, busyElsewhere
}
