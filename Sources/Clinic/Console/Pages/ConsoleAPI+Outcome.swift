import ClinicHTTP
import ClinicSupport

extension ConsoleAPI {
    /// A call whose refusal the page shows itself (a conflict, a bad field) as a value: matching a typed
    /// `Problem` in a `catch ... where` clause crashes the Swift 6 compiler's ownership verifier.
    func outcome(
        _ method: HTTPMethod, _ target: String, json: JSONValue? = nil, idempotencyKey: String? = nil
    ) async -> Result<JSONValue, Problem> {
        do {
            return .success(try await call(method, target, json: json, idempotencyKey: idempotencyKey))
        } catch {
            return .failure(error)
        }
    }
}
