import Foundation

/// Why a clinical operation was refused. Stores throw these (and `ValidationError`); the API maps each to its
/// response in one place (ClinicalErrorMapping.swift).
package enum ClinicalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The resource named does not exist.
    case notFound(Resource)
    /// An id in the input names nothing, e.g. `residentId` of a new consultation (the field is named).
    case unknownReference(field: String)
    /// The consultation is signed: it cannot change or be signed again; add an addendum instead.
    case signed
    /// Only the consultation's own doctor may sign or edit it. Not `notFound`: every doctor may read every
    /// consultation through the health file, so hiding that it exists would protect nothing, and a refusal tells
    /// the caller why.
    case notYourConsultation
    /// The linked appointment is cancelled, a no-show or already completed.
    case appointmentNotOpen(AppointmentStatus)
    /// The linked appointment already has a consultation.
    case appointmentHasConsultation
    /// The linked appointment is another resident's (the field is `appointmentId`).
    case appointmentOfAnotherResident
    /// The linked appointment is with another doctor: a doctor logs only their own appointments (the field is
    /// `appointmentId`).
    case appointmentOfAnotherDoctor
    /// A draft update tried to move the consultation to another resident or appointment.
    case cannotRelink(field: String)

    package enum Resource: String, Sendable, Equatable {
        case resident, doctor, consultation, appointment
    }

    /// The input field at fault, when there is one.
    package var field: String? {
        switch self {
        case .unknownReference(let field), .cannotRelink(let field): field
        case .appointmentOfAnotherResident, .appointmentOfAnotherDoctor: "appointmentId"
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
        case .appointmentOfAnotherDoctor: "the appointment is with another doctor"
        case .cannotRelink(let field): "\(field) cannot change on an existing consultation"
        }
    }
}
