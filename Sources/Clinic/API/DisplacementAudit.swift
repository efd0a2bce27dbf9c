import ClinicPostgres
import Foundation

extension ClinicServices {
    /// The audit rows of a closure or an unavailability that displaced bookings: one `update` row per displaced
    /// appointment, naming its resident, with `detail` saying what displaced it, in the change's own transaction (so
    /// the change and its trail commit together). A doctor's bookings may lie in several clinics: each row goes to
    /// its resident's clinic, written with every clinic in scope.
    func auditDisplaced(
        _ displaced: [SessionCancellation.Displaced], _ context: RequestContext, detail: [String: AuditValue],
        on db: PostgresConnection
    ) async throws {
        guard !displaced.isEmpty else { return }
        try await ClinicScope.countyWide(on: db) {
            for appointment in displaced {
                var detail = detail
                detail["status"] = .string("displaced")
                let event = auditEvent(
                    context, .update, residentId: appointment.residentId, resourceType: "appointment",
                    resourceId: appointment.id.uuidString, detail: detail)
                try await AuditStore.record(event, on: db)
            }
        }
    }
}
