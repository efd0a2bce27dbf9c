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
    /// The clinic an admin or staff user belongs to; nil for doctors and county users.
    var clinicId: UUID?
    /// The clinics a doctor reaches: the one whose admin registered them and every one whose rota names them.
    var doctorClinicIds: [UUID] = []
    /// The neighbourhood grids a grid worker looks after; empty for every other role.
    var grids: [String] = []

    init(
        userId: UUID, username: String, role: Role, doctorId: UUID?, clinicId: UUID? = nil,
        doctorClinicIds: [UUID] = [], grids: [String] = []
    ) {
        self.grids = grids
        self.userId = userId
        self.username = username
        self.role = role
        self.doctorId = doctorId
        self.clinicId = clinicId
        self.doctorClinicIds = doctorClinicIds
    }

    /// The rows the database lets this caller see.
    var scope: ClinicScope {
        switch role {
        case .countyAdmin: .county
        case .admin, .staff, .gridWorker: .clinics(clinicId.map { [$0] } ?? [])
        case .doctor: .clinics(doctorClinicIds)
        case .countyViewer: .clinics([])
        }
    }
}

extension Principal {
    /// Runs `body` with every database borrow in this caller's reach: their clinic scope and, for a grid worker,
    /// their grids (`clinic.grids`, migration 0016), so the database itself hides other grids' residents.
    func run<T>(_ body: () async throws -> T) async rethrows -> T {
        try await scope.run(grids: role == .gridWorker ? grids : [], body)
    }
}
