import Foundation

/// Why a clinical operation was refused. Stores throw these (and `ValidationError`, 422); the API maps each in one
/// place, using `suggestedStatus`.
package enum ClinicalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The resource named in the path does not exist (404).
    case notFound(Resource)
    /// An id in the request body names nothing, e.g. `residentId` of a new consultation (422, field named).
    case unknownReference(field: String)
    /// The consultation is signed: it cannot change or be signed again; add an addendum instead (409).
    case signed
    /// Only the consultation's own doctor may sign or edit it (403). Not 404: every doctor may read every
    /// consultation through the health file, so hiding that it exists would protect nothing, and 403 tells the
    /// caller why.
    case notYourConsultation
    /// The linked appointment is cancelled, a no-show or already completed (409).
    case appointmentNotOpen(AppointmentStatus)
    /// The linked appointment already has a consultation (409).
    case appointmentHasConsultation
    /// The linked appointment is another resident's (422, field `appointmentId`).
    case appointmentOfAnotherResident
    /// A draft update tried to move the consultation to another resident or appointment (422).
    case cannotRelink(field: String)

    package enum Resource: String, Sendable, Equatable {
        case resident, doctor, consultation, appointment
    }

    var suggestedStatus: Int {
        switch self {
        case .notFound: 404
        case .unknownReference, .appointmentOfAnotherResident, .cannotRelink: 422
        case .notYourConsultation: 403
        case .signed, .appointmentNotOpen, .appointmentHasConsultation: 409
        }
    }

    /// The field to name in a 422 problem's `errors`, when there is one.
    package var field: String? {
        switch self {
        case .unknownReference(let field), .cannotRelink(let field): field
        case .appointmentOfAnotherResident: "appointmentId"
        default: nil
        }
    }

    package var description: String {
        switch self {
        case .notFound(let resource): "no such \(resource.rawValue)"
        case .unknownReference(let field): "\(field) names nothing that exists"
        case .signed: "the consultation is signed and can no longer change; add an addendum"
        case .notYourConsultation: "only the consultation's own doctor may do this"
        case .appointmentNotOpen(let status): "the appointment is \(status.rawValue)"
        case .appointmentHasConsultation: "the appointment already has a consultation"
        case .appointmentOfAnotherResident: "the appointment belongs to another resident"
        case .cannotRelink(let field): "\(field) cannot change on an existing consultation"
        }
    }
}
