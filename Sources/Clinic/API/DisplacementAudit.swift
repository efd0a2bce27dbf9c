import ClinicPostgres
import Foundation

extension ClinicServices {
    /// The audit rows of a schedule change that changed booked appointments (a closure or an unavailability
    /// displacing them, a swap or cover giving them another doctor): one `update` row per appointment, naming its
    /// resident, with `detail` saying what changed and why, in the change's own transaction (so the change and its
    /// trail commit together). A doctor's bookings may lie in several clinics: each row goes to its resident's
    /// clinic, written with every clinic in scope.
    func auditChangedAppointments(
        _ changed: [SessionCancellation.Displaced], _ context: RequestContext, detail: [String: AuditValue],
        on db: PostgresConnection
    ) async throws {
        guard !changed.isEmpty else { return }
        try await ClinicScope.countyWide(on: db) {
            for appointment in changed {
                let event = auditEvent(
                    context, .update, residentId: appointment.residentId, resourceType: "appointment",
                    resourceId: appointment.id.uuidString, detail: detail)
                try await AuditStore.record(event, on: db)
            }
        }
    }
}
