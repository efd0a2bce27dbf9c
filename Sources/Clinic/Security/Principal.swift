import Foundation

/// What a signed-in user may do, as a whole role (see the role table in the API contract).
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case admin, staff, doctor
}

/// The authenticated caller of a request: who they are and in which role they act.
///
/// A doctor user is linked to a doctor record, which object-level checks compare against
/// (a doctor signs only their own consultations).
public struct Principal: Sendable, Equatable {
    public var userId: UUID
    public var username: String
    public var role: Role
    public var doctorId: UUID?

    public init(userId: UUID, username: String, role: Role, doctorId: UUID? = nil) {
        self.userId = userId
        self.username = username
        self.role = role
        self.doctorId = doctorId
    }
}
