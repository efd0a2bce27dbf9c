import ClinicDomain

extension OutreachError: APIErrorConvertible {
    var apiError: APIError {
        switch self {
        case .residentInactive:
            .conflict("resident-inactive", "the resident is no longer cared for here (moved away or deceased)")
        case .noSuchRequest: .notFound("no such doctor request")
        case .requestNotOpen(let status): .conflict("request-not-open", "the doctor request is \(status.rawValue)")
        case .requestForAnotherResident:
            .unprocessable([FieldError(field: "requestId", message: "is a request for another resident")])
        }
    }
}
