import Foundation

/// One stored rota assignment (`{"id","date","session","doctorId","modes"}`); the planner's `RotaAssignment`
/// plus its id and the modes the doctor offers on it.
public struct RotaAssignmentRecord: Codable, Sendable, Equatable {
    public var id: UUID
    public var date: LocalDate
    public var session: String
    public var doctorId: UUID
    public var modes: [ConsultationMode]
    public var start: ZonedInstant
    public var end: ZonedInstant
}

/// What rota generation did: every assignment now in the range (kept ones included), the sessions it could not
/// staff, and how many assignments it kept because they have appointments.
public struct RotaGeneration: Encodable, Sendable {
    public var assignments: [RotaAssignmentRecord]
    public var gaps: [Gap]
    public var kept: Int

    public struct Gap: Codable, Sendable, Equatable {
        public var date: LocalDate
        public var session: String
        public var missing: Int
    }
}

/// A bookable slot. `priorityOnly` is computed for the moment of the request: planned as held and still within
/// the hold (`SlotPlanner.isReservedForPriority`).
public struct Slot: Codable, Sendable, Equatable {
    public var id: UUID
    public var doctorId: UUID
    public var date: LocalDate
    public var session: String
    public var mode: ConsultationMode
    public var start: ZonedInstant
    public var end: ZonedInstant
    public var capacity: Int
    public var booked: Int
    public var priorityOnly: Bool
}

/// `GET /v1/slots` filters; `from`/`to` are clinic dates, inclusive.
public struct SlotQuery: Sendable, Equatable {
    public var from: LocalDate
    public var to: LocalDate
    public var mode: ConsultationMode?
    public var doctorId: UUID?
    /// A language the doctor speaks.
    public var language: String?
    /// Only slots with a free seat that have not started.
    public var availableOnly: Bool
    public var limit: Int
    public var cursor: String?

    public init(
        from: LocalDate, to: LocalDate, mode: ConsultationMode? = nil, doctorId: UUID? = nil, language: String? = nil,
        availableOnly: Bool = false, limit: Int = ListLimit.default, cursor: String? = nil
    ) {
        self.from = from
        self.to = to
        self.mode = mode
        self.doctorId = doctorId
        self.language = language
        self.availableOnly = availableOnly
        self.limit = limit
        self.cursor = cursor
    }
}

/// A booking of one resident into one slot.
public struct Appointment: Codable, Sendable, Equatable {
    public var id: UUID
    public var slotId: UUID
    public var residentId: UUID
    public var doctorId: UUID
    public var mode: ConsultationMode
    public var start: ZonedInstant
    public var end: ZonedInstant
    public var status: AppointmentStatus
    public var reason: String?
    /// The language an interpreter is needed for, or null.
    public var interpreter: String?
    public var walkIn: Bool
    public var cancelReason: String?
    public var createdAt: ZonedInstant
}

/// `POST /v1/appointments`.
public struct NewAppointment: Codable, Sendable, Equatable {
    public var slotId: UUID
    public var residentId: UUID
    public var mode: ConsultationMode
    public var reason: String?
    /// The language an interpreter is needed for (`bo`, `zh`, …).
    public var interpreter: String?

    public init(
        slotId: UUID, residentId: UUID, mode: ConsultationMode, reason: String? = nil, interpreter: String? = nil
    ) {
        self.slotId = slotId
        self.residentId = residentId
        self.mode = mode
        self.reason = reason
        self.interpreter = interpreter
    }

    public func validate() throws(ValidationError) {
        var v = Validator()
        v.include(ResidentInputRules.textErrors(reason, field: "reason", maximum: 1000))
        if let interpreter {
            v.check(
                ResidentRules.isLanguageTag(interpreter), field: "interpreter",
                message: "must be a lower-case language code of 2 to 8 letters")
        }
        try v.finish()
    }
}

/// `GET /v1/appointments` filters: `date` is a clinic date (same as from = to = date).
public struct AppointmentQuery: Sendable, Equatable {
    public var from: LocalDate?
    public var to: LocalDate?
    public var doctorId: UUID?
    public var residentId: UUID?
    public var status: AppointmentStatus?
    public var limit: Int
    public var cursor: String?

    public init(
        date: LocalDate? = nil, from: LocalDate? = nil, to: LocalDate? = nil, doctorId: UUID? = nil,
        residentId: UUID? = nil, status: AppointmentStatus? = nil, limit: Int = ListLimit.default,
        cursor: String? = nil
    ) {
        self.from = date ?? from
        self.to = date ?? to
        self.doctorId = doctorId
        self.residentId = residentId
        self.status = status
        self.limit = limit
        self.cursor = cursor
    }
}

/// One line of a doctor's day list: what the front desk and the doctor need without opening the record.
public struct DayListEntry: Codable, Sendable, Equatable {
    public var appointmentId: UUID
    public var start: ZonedInstant
    public var end: ZonedInstant
    public var mode: ConsultationMode
    public var status: AppointmentStatus
    public var residentId: UUID
    /// Names in every script the register holds.
    public var names: ResidentNames
    public var sex: Sex
    public var birthDate: LocalDate
    public var languages: [String]
    public var flags: [PriorityFlag]
    public var priority: Bool
    public var interpreter: String?
    public var reason: String?
    /// For remote calls.
    public var phone: String?
    /// For home visits.
    public var address: String?
    public var grid: String?
    public var walkIn: Bool
}

/// The outcome of `POST /v1/walk-ins`: a seat in the next free on-site slot today, or a place in the queue.
public enum WalkInOutcome: Sendable, Equatable {
    case booked(Appointment)
    case queued(WalkInQueueEntry)
}

/// A walk-in waiting for a free on-site slot today.
public struct WalkInQueueEntry: Codable, Sendable, Equatable {
    public var id: UUID
    public var residentId: UUID
    public var date: LocalDate
    public var mode: ConsultationMode
    public var reason: String?
    /// 1 for the first waiting.
    public var position: Int
    public var createdAt: ZonedInstant
}

/// Why a scheduling operation was refused. Stores throw these (and `ValidationError`); the API maps each in one
/// place. The intended HTTP status is `suggestedStatus`.
public enum SchedulingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The resource named in the path does not exist (404).
    case notFound(Resource)
    /// An id named in the request body does not exist, e.g. `slotId` (422, field named).
    case unknownReference(field: String)
    /// Every seat of the slot is taken (409).
    case slotFull
    /// The slot has started or is over (409).
    case slotInPast
    /// The slot is held for priority residents and this resident has no priority flag (409).
    case slotPriorityOnly
    /// The resident already holds an active appointment overlapping this time (409; exclusion constraint 23P01).
    case overlappingAppointment
    /// The mode asked for is not the slot's mode (422, field `mode`).
    case modeMismatch
    /// The appointment's status does not allow this action (409).
    case invalidTransition(from: AppointmentStatus, action: String)
    /// Rescheduling into the slot the appointment already holds (409).
    case sameSlot
    /// The range already has a rota; pass `replace` to regenerate (409).
    case rotaAlreadyGenerated(first: LocalDate, last: LocalDate)
    /// A swap or cover is not possible for this doctor (409).
    case doctorCannotServe(RotaConflict)
    /// The assignment has booked appointments in a mode the new doctor does not offer (409).
    case doctorLacksBookedMode(ConsultationMode)
    /// A closure already exists on that date (409).
    case duplicateClosure(LocalDate)
    /// The resident is already waiting in today's walk-in queue (409).
    case alreadyQueued

    public enum Resource: String, Sendable, Equatable {
        case resident, doctor, slot, appointment, assignment, closure, clinicSettings, walkIn
    }

    public var suggestedStatus: Int {
        switch self {
        case .notFound: 404
        case .unknownReference, .modeMismatch: 422
        default: 409
        }
    }

    public var description: String {
        switch self {
        case .notFound(let resource): "no such \(resource.rawValue)"
        case .unknownReference(let field): "\(field) names nothing that exists"
        case .slotFull: "the slot is full"
        case .slotInPast: "the slot has already started"
        case .slotPriorityOnly: "the slot is held for priority residents"
        case .overlappingAppointment: "the resident already has an appointment at that time"
        case .modeMismatch: "the mode is not the slot's mode"
        case .invalidTransition(let from, let action): "cannot \(action) an appointment that is \(from.rawValue)"
        case .sameSlot: "the appointment already holds that slot"
        case .rotaAlreadyGenerated(let first, let last): "a rota exists between \(first) and \(last)"
        case .doctorCannotServe(let conflict): "the doctor cannot serve this session: \(conflict.rawValue)"
        case .doctorLacksBookedMode(let mode): "the doctor does not offer \(mode.rawValue), which has bookings"
        case .duplicateClosure(let date): "a closure exists on \(date)"
        case .alreadyQueued: "the resident is already waiting in today's queue"
        }
    }
}
