import ClinicDomain
import Foundation

extension ClinicalError: APIErrorConvertible {
    /// The one place clinical refusals get their status: 404 for a path naming nothing, 422 naming the body field
    /// at fault, 403 for someone else's consultation, 409 with a stable problem type per conflict.
    var apiError: APIError {
        switch self {
        case .notFound:
            return .notFound(description)
        case .unknownReference, .appointmentOfAnotherResident, .appointmentOfAnotherDoctor, .cannotRelink:
            return .unprocessable([FieldError(field: field ?? "body", message: description)], detail: description)
        case .notYourConsultation:
            return .forbidden(description)
        case .signed:
            return .conflict("consultation-signed", description)
        case .appointmentNotOpen:
            return .conflict("appointment-not-open", description)
        case .appointmentHasConsultation:
            return .conflict("appointment-has-consultation", description)
        }
    }
}
