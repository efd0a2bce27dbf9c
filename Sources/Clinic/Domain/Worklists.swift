import Foundation

/// Why a resident is on the follow-up work list.
public enum FollowUpReason: String, Codable, Sendable, CaseIterable {
    /// A doctor asked for a follow-up and none has happened or been booked since.
    case requested
    /// Active hypertension or type 2 diabetes and no consultation for a quarter (four reviews a year).
    case chronicReview
}

/// A row of `GET /v1/worklists/follow-ups-due`: who to call or book, and why. A resident appears once: a requested
/// follow-up (the earliest pending one) wins over a chronic review.
public struct FollowUpDueRow: Codable, Sendable, Equatable {
    public var residentId: UUID
    public var names: ResidentNames
    public var birthDate: LocalDate
    public var phone: String?
    public var address: String?
    public var grid: String?
    public var flags: [PriorityFlag]
    public var priority: Bool
    public var reason: FollowUpReason
    public var dueDate: LocalDate
    /// For `requested`: the consultation that asked, its doctor, the mode and note asked for (the note for doctors
    /// and admins only: `ConsultationVisibility`).
    public var consultationId: UUID?
    public var doctorId: UUID?
    public var mode: ConsultationMode?
    public var note: String?
    /// For `chronicReview`: the conditions under review.
    public var conditions: [ChronicCondition]?
    public var lastConsultationAt: ZonedInstant?
}

/// A row of `GET /v1/worklists/unvisited-elderly`: the door-knocking list.
public struct UnvisitedElderlyRow: Codable, Sendable, Equatable {
    public var residentId: UUID
    public var names: ResidentNames
    public var sex: Sex
    public var birthDate: LocalDate
    public var age: Int
    public var phone: String?
    public var address: String?
    public var grid: String?
    public var household: String?
    public var flags: [PriorityFlag]
    public var priority: Bool
    /// Null when the resident has never had a consultation.
    public var lastConsultationAt: ZonedInstant?
    public var lastConsultationMode: ConsultationMode?
}

/// `GET /v1/worklists/unvisited-elderly` parameters.
public struct UnvisitedElderlyQuery: Sendable, Equatable {
    /// Not seen for this many days (default 90).
    public var days: Int
    /// At least this old on `today` (default 65).
    public var minAge: Int
    public var grid: String?
    public var limit: Int
    public var cursor: String?

    public init(days: Int = 90, minAge: Int = 65, grid: String? = nil, limit: Int = ListLimit.default, cursor: String? = nil) {
        self.days = days
        self.minAge = minAge
        self.grid = grid
        self.limit = limit
        self.cursor = cursor
    }

    public func validate() throws(ValidationError) {
        var v = Validator()
        v.check((1...3650).contains(days), field: "days", message: "must be between 1 and 3650")
        v.check((0...150).contains(minAge), field: "minAge", message: "must be between 0 and 150")
        v.check((1...ListLimit.maximum).contains(limit), field: "limit", message: "must be between 1 and \(ListLimit.maximum)")
        try v.finish()
    }
}
