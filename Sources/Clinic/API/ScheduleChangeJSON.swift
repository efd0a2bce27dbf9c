import ClinicDomain
import Foundation

/// What a closure or an unavailability answers: the row recorded and the appointments it displaced, or with
/// `"dryRun": true` in the request only the appointments it would displace.
enum ScheduleChangeJSON {
    /// The `dryRun` member of a closure's or an unavailability's body.
    struct DryRun: Decodable {
        var dryRun: Bool?
    }

    static let dryRunMember = JSONSchema.boolean.described(
        "true: change nothing, answer 200 with the appointments the change would displace")
    static let displacedMember = JSONSchema.array(of: .uuid).described(
        "the booked appointments the change displaced (those the caller may see), by start")

    static let schemas: [String: JSONSchema] = [
        "ClosureAdded": .object(
            [
                "date": .date, "reason": .string, "clinicId": ClinicRoutes.rowClinicId,
                "displacedAppointments": displacedMember,
            ], required: ["date", "reason", "displacedAppointments"]),
        "UnavailabilityAdded": .object(
            [
                "id": .uuid, "doctorId": .uuid, "from": .date, "to": .date, "reason": .string,
                "displacedAppointments": displacedMember,
            ], required: ["id", "doctorId", "from", "to", "reason", "displacedAppointments"]),
        "DisplacementPreview": .object(
            ["dryRun": JSONSchema.boolean.described("always true"), "displacedAppointments": displacedMember],
            required: ["dryRun", "displacedAppointments"]),
    ]

    struct ClosureAdded: Encodable {
        var date: LocalDate
        var reason: String
        var clinicId: UUID?
        var displacedAppointments: [UUID]
    }

    struct UnavailabilityAdded: Encodable {
        var id: UUID
        var doctorId: UUID
        var from: LocalDate
        var to: LocalDate
        var reason: String
        var displacedAppointments: [UUID]
    }

    struct Preview: Encodable {
        var dryRun = true
        var displacedAppointments: [UUID]
    }

    /// The displaced appointments `context`'s caller may see.
    static func visible(_ displaced: [SessionCancellation.Displaced], to context: RequestContext) throws -> [UUID] {
        let scope = try context.user.scope
        return displaced.filter { scope.includes($0.clinicId) }.map(\.id)
    }
}
