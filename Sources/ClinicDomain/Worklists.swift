import Foundation

/// Why a resident is on the follow-up work list.
package enum FollowUpReason: String, Codable, Sendable, CaseIterable {
    /// A doctor asked for a follow-up and none has happened or been booked since.
    case requested
    /// Active hypertension or type 2 diabetes and no consultation for a quarter (four reviews a year).
    case chronicReview
}

/// A row of `GET /v1/worklists/follow-ups-due`: who to call or book, and why. A resident appears once: a requested
/// follow-up (the earliest pending one) wins over a chronic review.
package struct FollowUpDueRow: Codable, Sendable, Equatable {
    package var residentId: UUID
    package var names: ResidentNames
    package var birthDate: LocalDate
    package var phone: String?
    package var address: String?
    package var grid: String?
    package var flags: [PriorityFlag]
    package var priority: Bool
    package var reason: FollowUpReason
    package var dueDate: LocalDate
    /// For `requested`: the consultation that asked, its doctor, the mode and note asked for (the note for doctors
    /// and admins only: `ConsultationVisibility`).
    package var consultationId: UUID?
    package var doctorId: UUID?
    package var mode: ConsultationMode?
    package var note: String?
    /// For `chronicReview`: the conditions under review.
    package var conditions: [ChronicCondition]?
    package var lastConsultationAt: ZonedInstant?
}

/// A row of `GET /v1/worklists/unvisited-elderly`: the door-knocking list.
package struct UnvisitedElderlyRow: Codable, Sendable, Equatable {
    package var residentId: UUID
    package var names: ResidentNames
    package var sex: Sex
    package var birthDate: LocalDate
    package var age: Int
    package var phone: String?
    package var address: String?
    package var grid: String?
    package var household: String?
    package var flags: [PriorityFlag]
    package var priority: Bool
    /// Null when the resident has never had a consultation.
    package var lastConsultationAt: ZonedInstant?
    package var lastConsultationMode: ConsultationMode?
    /// The last outreach visit that saw the resident (`seenWell`, `needsDoctor`); null under `basis=clinical`.
    package var lastVisitAt: ZonedInstant?
    /// The later of the two: when the resident was last seen on the list's basis.
    package var lastSeenAt: ZonedInstant?
}

/// What counts as having seen a resident on the unvisited-elderly list.
package enum SeenBasis: String, Sendable, CaseIterable {
    /// A consultation, or an outreach visit that saw the resident (`seenWell`, `needsDoctor`).
    case any
    /// A consultation only.
    case clinical
}

/// `GET /v1/worklists/unvisited-elderly` parameters.
package struct UnvisitedElderlyQuery: Sendable, Equatable {
    /// Not seen for this many days (default 90).
    package var days: Int
    /// At least this old on `today` (default 65).
    package var minAge: Int
    package var grid: String?
    package var limit: Int
    package var cursor: String?
    package var basis: SeenBasis

    package init(
        days: Int = 90, minAge: Int = 65, grid: String? = nil, limit: Int = ListLimit.default, cursor: String? = nil,
        basis: SeenBasis = .any
    ) {
        self.basis = basis
        self.days = days
        self.minAge = minAge
        self.grid = grid
        self.limit = limit
        self.cursor = cursor
    }

    package func validate() throws(ValidationError) {
        var v = Validator()
        v.check((1...3650).contains(days), field: "days", message: "must be between 1 and 3650")
        v.check((0...150).contains(minAge), field: "minAge", message: "must be between 0 and 150")
        v.check((1...ListLimit.maximum).contains(limit), field: "limit", message: "must be between 1 and \(ListLimit.maximum)")
        try v.finish()
    }
}

/// One row of `GET /v1/worklists/displaced`: a booking whose session will not run, with what the desk needs to
/// rebook the resident and tell them.
package struct DisplacedRow: Codable, Sendable, Equatable {
    package var appointmentId: UUID
    package var clinicId: UUID
    package var residentId: UUID
    package var names: ResidentNames
    package var phone: String?
    package var languages: [String]
    package var flags: [PriorityFlag]
    package var priority: Bool
    package var doctorId: UUID
    package var mode: ConsultationMode
    /// The time the appointment had.
    package var start: ZonedInstant
    package var end: ZonedInstant
    package var displacedAt: ZonedInstant?
    /// Why the session will not run (`closure`, `unavailable`); nil once it runs again (a closure removed).
    package var reason: String?

    package init(
        appointmentId: UUID, clinicId: UUID, residentId: UUID, names: ResidentNames, phone: String?,
        languages: [String], flags: [PriorityFlag], priority: Bool, doctorId: UUID, mode: ConsultationMode,
        start: ZonedInstant, end: ZonedInstant, displacedAt: ZonedInstant?, reason: String? = nil
    ) {
        self.appointmentId = appointmentId
        self.clinicId = clinicId
        self.residentId = residentId
        self.names = names
        self.phone = phone
        self.languages = languages
        self.flags = flags
        self.priority = priority
        self.doctorId = doctorId
        self.mode = mode
        self.start = start
        self.end = end
        self.displacedAt = displacedAt
        self.reason = reason
    }
}
