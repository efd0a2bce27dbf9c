import Foundation

/// What a signed-in user may do, as a whole role (see the role table in the API contract).
package enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case admin, staff, doctor
    /// Everything an admin may, in every clinic of the county; creates clinics.
    case countyAdmin
    /// The county bureau's reader of figures: reports of every clinic, nothing personal.
    case countyViewer
    /// A neighbourhood grid worker: residents of their own grids (no clinical data), the unvisited elderly there,
    /// and outreach visits; nothing else.
    case gridWorker

    /// Whether this role may call what `roles` lets in: a county admin may whatever an admin may.
    package func isAllowed(by roles: Set<Role>) -> Bool {
        roles.contains(self) || (self == .countyAdmin && roles.contains(.admin))
    }

    /// Admins, staff and grid workers belong to one clinic; county users to none; a doctor reaches the clinics they
    /// serve.
    package var belongsToOneClinic: Bool { self == .admin || self == .staff || self == .gridWorker }
}
