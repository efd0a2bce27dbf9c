import ClinicDomain
import Foundation

/// The authenticated caller of a request: who they are and in which role they act.
///
/// A doctor user is linked to a doctor record, which object-level checks compare against
/// (a doctor signs only their own consultations).
struct Principal: Sendable, Equatable {
    var userId: UUID
    var username: String
    var role: Role
    var doctorId: UUID?
}
