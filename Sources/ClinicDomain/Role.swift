import Foundation

/// What a signed-in user may do, as a whole role (see the role table in the API contract).
package enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case admin, staff, doctor
}
