import ClinicDomain
import ClinicPostgres
import Foundation

/// Dates on which the clinic does not run although they are clinic weekdays.
enum ClosureStore {
    /// Adds a closure; `duplicateClosure` (409) when one exists on that date. The day's rostered sessions will not
    /// run: they are uncovered and their future bookings displaced (`SessionCancellation`), in the caller's
    /// transaction. With `dryRun` nothing changes and the bookings that would be displaced are returned.
    static func add(_ closure: Closure, clinicId: UUID, dryRun: Bool = false, on db: PostgresConnection) async throws
        -> (closure: Closure, displaced: [SessionCancellation.Displaced])
    {
        try closure.validate()
        let reason = closure.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let day = SessionCancellation.Sessions.clinicDay(clinicId: clinicId, date: closure.date)
        let added = Closure(date: closure.date, reason: reason, clinicId: clinicId)
        if dryRun {
            let existing = try await db.query(
                "SELECT 1 FROM closures WHERE clinic_id = \(clinicId) AND date = \(closure.date)")
            guard existing.isEmpty else { throw SchedulingError.duplicateClosure(closure.date) }
            return (added, try await SessionCancellation.affected(day, on: db))
        }
        let rows = try await db.query(
            """
            INSERT INTO closures (clinic_id, date, reason) VALUES (\(clinicId), \(closure.date), \(reason))
            ON CONFLICT (clinic_id, date) DO NOTHING RETURNING date
            """)
        guard !rows.isEmpty else { throw SchedulingError.duplicateClosure(closure.date) }
        return (added, try await SessionCancellation.uncover(day, cause: .closure, on: db))
    }

    /// Closures in a date range (inclusive; either end open), in date order.
    static func list(clinicId: UUID, from: LocalDate? = nil, to: LocalDate? = nil, on db: PostgresConnection)
        async throws
        -> [Closure]
    {
        let rows = try await db.query(
            """
            SELECT date, reason FROM closures
            WHERE clinic_id = \(clinicId) AND (\(from)::date IS NULL OR date >= \(from)) AND (\(to)::date IS NULL OR date <= \(to))
            ORDER BY date
            """)
        return try rows.map {
            Closure(date: try $0.decode(LocalDate.self, "date"), reason: try $0.decode(String.self, "reason"), clinicId: clinicId)
        }
    }

    /// Removes the closure on `date`; `notFound(.closure)` when there is none. Its sessions run again (unless their
    /// doctor is unavailable); the appointments it displaced stay displaced.
    static func delete(_ date: LocalDate, clinicId: UUID, on db: PostgresConnection) async throws {
        let rows = try await db.query(
            "DELETE FROM closures WHERE clinic_id = \(clinicId) AND date = \(date) RETURNING date")
        if rows.isEmpty { throw SchedulingError.notFound(.closure) }
        try await SessionCancellation.reopenClinicDay(clinicId: clinicId, date: date, on: db)
    }
}
