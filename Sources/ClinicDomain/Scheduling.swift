import Foundation

/// One stored rota assignment (`{"id","date","session","doctorId","modes"}`); the planner's `RotaAssignment`
/// plus its id and the modes the doctor offers on it.
package struct RotaAssignmentRecord: Codable, Sendable, Equatable {
    package var id: UUID
    /// The clinic the row belongs to.
    package var clinicId: UUID?
    package var date: LocalDate
    package var session: String
    package var doctorId: UUID
    package var modes: [ConsultationMode]
    package var start: ZonedInstant
    package var end: ZonedInstant

    package init(
        id: UUID,
        date: LocalDate,
        session: String,
        doctorId: UUID,
        modes: [ConsultationMode],
        start: ZonedInstant,
        end: ZonedInstant,
        clinicId: UUID? = nil
    ) {
        self.clinicId = clinicId
        self.id = id
        self.date = date
        self.session = session
        self.doctorId = doctorId
        self.modes = modes
        self.start = start
        self.end = end
    }
}

/// What rota generation did: every assignment now in the range (kept ones included), the sessions it could not
/// staff, and how many assignments it kept because they have appointments.
package struct RotaGeneration: Encodable, Sendable {
    package var assignments: [RotaAssignmentRecord]
    package var gaps: [Gap]
    package var kept: Int

    package init(assignments: [RotaAssignmentRecord], gaps: [Gap], kept: Int) {
        self.assignments = assignments
        self.gaps = gaps
        self.kept = kept
    }

    package struct Gap: Codable, Sendable, Equatable {
        package var date: LocalDate
        package var session: String
        package var missing: Int

        package init(date: LocalDate, session: String, missing: Int) {
            self.date = date
            self.session = session
            self.missing = missing
        }
    }
}

/// A bookable slot. `priorityOnly` is computed for the moment of the request: planned as held and still within
/// the hold (`SlotPlanner.isReservedForPriority`).
package struct Slot: Codable, Sendable, Equatable {
    package var id: UUID
    /// The clinic the row belongs to.
    package var clinicId: UUID?
    package var doctorId: UUID
    package var date: LocalDate
    package var session: String
    package var mode: ConsultationMode
    package var start: ZonedInstant
    package var end: ZonedInstant
    package var capacity: Int
    package var booked: Int
    package var priorityOnly: Bool
    /// Its session will not run (a closure or the doctor's unavailability): not bookable.
    package var closed: Bool

    package init(
        id: UUID,
        doctorId: UUID,
        date: LocalDate,
        session: String,
        mode: ConsultationMode,
        start: ZonedInstant,
        end: ZonedInstant,
        capacity: Int,
        booked: Int,
        priorityOnly: Bool,
        clinicId: UUID? = nil,
        closed: Bool = false
    ) {
        self.clinicId = clinicId
        self.closed = closed
        self.id = id
        self.doctorId = doctorId
        self.date = date
        self.session = session
        self.mode = mode
        self.start = start
        self.end = end
        self.capacity = capacity
        self.booked = booked
        self.priorityOnly = priorityOnly
    }
}

/// `GET /v1/slots` filters; `from`/`to` are clinic dates, inclusive.
package struct SlotQuery: Sendable, Equatable {
    package var from: LocalDate
    package var to: LocalDate
    package var mode: ConsultationMode?
    package var doctorId: UUID?
    /// A language the doctor speaks.
    package var language: String?
    /// Only slots with a free seat that have not started.
    package var availableOnly: Bool
    package var limit: Int
    package var cursor: String?
    /// The clinics whose slots are listed: the one asked for, else every clinic the caller reaches; nil: every
    /// clinic (a county admin). Named so the read walks those clinics' part of the indexes (which lead with the
    /// clinic) instead of reading every clinic's slots for row-level security to filter.
    package var clinics: [UUID]?

    package init(
        from: LocalDate, to: LocalDate, mode: ConsultationMode? = nil, doctorId: UUID? = nil, language: String? = nil,
        availableOnly: Bool = false, limit: Int = ListLimit.default, cursor: String? = nil, clinics: [UUID]? = nil
    ) {
        self.clinics = clinics
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
package struct Appointment: Codable, Sendable, Equatable {
    package var id: UUID
    /// The clinic the row belongs to.
    package var clinicId: UUID?
    package var slotId: UUID
    package var residentId: UUID
    package var doctorId: UUID
    package var mode: ConsultationMode
    package var start: ZonedInstant
    package var end: ZonedInstant
    package var status: AppointmentStatus
    package var reason: String?
    /// The language an interpreter is needed for, or null.
    package var interpreter: String?
    package var walkIn: Bool
    package var cancelReason: String?
    package var createdAt: ZonedInstant
    /// The appointment that replaced this one, when it was displaced and then rebooked.
    package var rebookedTo: UUID?

    package init(
        id: UUID,
        slotId: UUID,
        residentId: UUID,
        doctorId: UUID,
        mode: ConsultationMode,
        start: ZonedInstant,
        end: ZonedInstant,
        status: AppointmentStatus,
        reason: String? = nil,
        interpreter: String? = nil,
        walkIn: Bool,
        cancelReason: String? = nil,
        createdAt: ZonedInstant,
        clinicId: UUID? = nil,
        rebookedTo: UUID? = nil
    ) {
        self.clinicId = clinicId
        self.rebookedTo = rebookedTo
        self.id = id
        self.slotId = slotId
        self.residentId = residentId
        self.doctorId = doctorId
        self.mode = mode
        self.start = start
        self.end = end
        self.status = status
        self.reason = reason
        self.interpreter = interpreter
        self.walkIn = walkIn
        self.cancelReason = cancelReason
        self.createdAt = createdAt
    }
}

/// `POST /v1/appointments`.
package struct NewAppointment: Codable, Sendable, Equatable {
    package var slotId: UUID
    package var residentId: UUID
    package var mode: ConsultationMode
    package var reason: String?
    /// The language an interpreter is needed for (`bo`, `zh`, …).
    package var interpreter: String?

    package init(
        slotId: UUID, residentId: UUID, mode: ConsultationMode, reason: String? = nil, interpreter: String? = nil
    ) {
        self.slotId = slotId
        self.residentId = residentId
        self.mode = mode
        self.reason = reason
        self.interpreter = interpreter
    }

    package func validate() throws(ValidationError) {
        var v = Validator()
        v.include(TextRules.reasonErrors(reason))
        if let interpreter {
            v.check(
                ResidentRules.isLanguageTag(interpreter), field: "interpreter",
                message: "must be a lower-case language code of 2 to 8 letters")
        }
        try v.finish()
    }
}

/// `GET /v1/appointments` filters: `date` is a clinic date (same as from = to = date).
package struct AppointmentQuery: Sendable, Equatable {
    package var from: LocalDate?
    package var to: LocalDate?
    package var doctorId: UUID?
    package var residentId: UUID?
    package var status: AppointmentStatus?
    package var limit: Int
    package var cursor: String?

    package init(
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
package struct DayListEntry: Codable, Sendable, Equatable {
    package var appointmentId: UUID
    /// The health room: a visiting doctor may see residents in two rooms on one day.
    package var clinicId: UUID
    package var start: ZonedInstant
    package var end: ZonedInstant
    package var mode: ConsultationMode
    package var status: AppointmentStatus
    package var residentId: UUID
    /// Names in every script the register holds.
    package var names: ResidentNames
    package var sex: Sex
    package var birthDate: LocalDate
    package var languages: [String]
    package var flags: [PriorityFlag]
    package var priority: Bool
    package var interpreter: String?
    package var reason: String?
    /// For remote calls.
    package var phone: String?
    /// For home visits.
    package var address: String?
    package var grid: String?
    package var walkIn: Bool

    package init(
        appointmentId: UUID,
        clinicId: UUID,
        start: ZonedInstant,
        end: ZonedInstant,
        mode: ConsultationMode,
        status: AppointmentStatus,
        residentId: UUID,
        names: ResidentNames,
        sex: Sex,
        birthDate: LocalDate,
        languages: [String],
        flags: [PriorityFlag],
        priority: Bool,
        interpreter: String? = nil,
        reason: String? = nil,
        phone: String? = nil,
        address: String? = nil,
        grid: String? = nil,
        walkIn: Bool
    ) {
        self.appointmentId = appointmentId
        self.clinicId = clinicId
        self.start = start
        self.end = end
        self.mode = mode
        self.status = status
        self.residentId = residentId
        self.names = names
        self.sex = sex
        self.birthDate = birthDate
        self.languages = languages
        self.flags = flags
        self.priority = priority
        self.interpreter = interpreter
        self.reason = reason
        self.phone = phone
        self.address = address
        self.grid = grid
        self.walkIn = walkIn
    }
}

/// The outcome of `POST /v1/walk-ins`: a seat in the next free on-site slot today, or a place in the queue.
package enum WalkInOutcome: Sendable, Equatable {
    case booked(Appointment)
    case queued(WalkInQueueEntry)
}

/// A walk-in waiting for a free on-site slot today.
package struct WalkInQueueEntry: Codable, Sendable, Equatable {
    package var id: UUID
    /// The clinic the row belongs to.
    package var clinicId: UUID?
    package var residentId: UUID
    package var date: LocalDate
    package var mode: ConsultationMode
    package var reason: String?
    /// 1 for the first waiting.
    package var position: Int
    package var createdAt: ZonedInstant

    package init(
        id: UUID,
        residentId: UUID,
        date: LocalDate,
        mode: ConsultationMode,
        reason: String? = nil,
        position: Int,
        createdAt: ZonedInstant,
        clinicId: UUID? = nil
    ) {
        self.clinicId = clinicId
        self.id = id
        self.residentId = residentId
        self.date = date
        self.mode = mode
        self.reason = reason
        self.position = position
        self.createdAt = createdAt
    }
}

/// Why a scheduling operation was refused. Stores throw these (and `ValidationError`); the API maps each to its
/// response in one place (SchedulingErrorMapping.swift).
package enum SchedulingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The resource named does not exist.
    case notFound(Resource)
    /// An id named in the input does not exist, e.g. `slotId` (the field is named).
    case unknownReference(field: String)
    /// Every seat of the slot is taken.
    case slotFull
    /// The slot has started or is over.
    case slotInPast
    /// The slot is held for priority residents and this resident has no priority flag.
    case slotPriorityOnly
    /// The resident already holds an active appointment overlapping this time (the exclusion constraint).
    case overlappingAppointment
    /// The mode asked for is not the slot's mode (the field is `mode`).
    case modeMismatch
    /// The appointment's status does not allow this action.
    case invalidTransition(from: AppointmentStatus, action: String)
    /// Rescheduling into the slot the appointment already holds.
    case sameSlot
    /// The range already has a rota; pass `replace` to regenerate.
    case rotaAlreadyGenerated(first: LocalDate, last: LocalDate)
    /// A swap or cover is not possible for this doctor.
    case doctorCannotServe(RotaConflict)
    /// The assignment has booked appointments in a mode the new doctor does not offer.
    case doctorLacksBookedMode(ConsultationMode)
    /// A closure already exists on that date.
    case duplicateClosure(LocalDate)
    /// The resident is already waiting in today's walk-in queue.
    case alreadyQueued
    /// Another clinic has this code.
    case duplicateClinicCode
    /// The resident cannot move to another clinic while booked or queued in their own.
    case residentHasBookings
    /// The slot's session will not run (a closure or the doctor's unavailability).
    case slotClosed
    /// Rebooking found no free slot of the same mode within the next 14 days.
    case noSuitableSlot

    package enum Resource: String, Sendable, Equatable {
        case resident, doctor, slot, appointment, assignment, closure, clinicSettings, walkIn
    }

    package var description: String {
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
        case .duplicateClinicCode: "another clinic has this code"
        case .residentHasBookings:
            "the resident has appointments ahead or waits in a queue in their clinic; cancel them first"
        case .slotClosed: "the slot's session will not run (a closure or the doctor's unavailability)"
        case .noSuitableSlot: "no free slot of the same mode in the next 14 days"
        }
    }
}
