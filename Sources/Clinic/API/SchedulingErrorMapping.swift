import ClinicDomain
import Foundation

extension SchedulingError: APIErrorConvertible {
    /// 404 for what does not exist, 422 for a body naming something that does not exist, 409 for conflicts
    /// with a stable problem type per reason so a client can tell "full" from "overlapping".
    var apiError: APIError {
        switch self {
        case .notFound:
            return .notFound(description)
        case .unknownReference(let field):
            return .unprocessable([FieldError(field: field, message: "names nothing that exists")])
        case .modeMismatch:
            return .unprocessable([FieldError(field: "mode", message: "is not the slot's mode")])
        case .slotFull: return .conflict("slot-full", description)
        case .slotInPast: return .conflict("slot-in-past", description)
        case .slotPriorityOnly: return .conflict("slot-priority-only", description)
        case .overlappingAppointment: return .conflict("overlapping-appointment", description)
        case .invalidTransition: return .conflict("invalid-transition", description)
        case .sameSlot: return .conflict("same-slot", description)
        case .rotaAlreadyGenerated: return .conflict("rota-already-generated", description)
        case .doctorCannotServe: return .conflict("doctor-cannot-serve", description)
        case .doctorLacksBookedMode: return .conflict("doctor-lacks-booked-mode", description)
        case .duplicateClosure: return .conflict("duplicate-closure", description)
        case .alreadyQueued: return .conflict("already-queued", description)
        case .duplicateClinicCode: return .conflict("duplicate-clinic-code", description)
        case .residentHasBookings: return .conflict("resident-has-bookings", description)
        case .slotClosed: return .conflict("slot-closed", description)
        case .noSuitableSlot: return .conflict("no-suitable-slot", description)
        }
    }
}
