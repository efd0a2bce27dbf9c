import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

extension Route {
    /// Refuses a request that breaks what the route publishes for its query parameters and JSON body, before the
    /// handler runs (so before any query): what `GET /openapi.json` says is refused, is. A query parameter, or a body
    /// of the wrong shape, is 400 naming the field; a body value outside its stated bounds is 422. A body that is not
    /// JSON is left to the handler (415, 400), as is a missing body on routes where it is optional.
    func checkInput(_ request: HTTPRequest) throws(APIError) {
        var queryErrors: [FieldError] = []
        for parameter in query {
            for text in request.query.all(parameter.name) {
                if let message = SchemaCheck.violation(ofQueryValue: text, against: parameter.schema.json) {
                    queryErrors.append(FieldError(field: parameter.name, message: message))
                    break
                }
            }
        }
        guard queryErrors.isEmpty else {
            let names = queryErrors.map(\.field).joined(separator: ", ")
            throw APIError.badRequest("query parameter \(names) is not valid", errors: queryErrors)
        }
        guard let requestBody, !request.body.isEmpty, request.declaresJSON,
            let body = try? JSONValue(parsing: request.body)
        else { return }
        let violations = SchemaCheck.violations(of: body, against: requestBody.json)
        guard !violations.isEmpty else { return }
        let errors = violations.map { FieldError(field: $0.field, message: $0.message) }
        if violations.contains(where: \.malformed) {
            throw APIError.badRequest("the JSON body does not have the published shape", errors: errors)
        }
        throw APIError.unprocessable(errors)
    }
}
