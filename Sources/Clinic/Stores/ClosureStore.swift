import ClinicDomain
import ClinicPostgres
import Foundation

/// Dates on which the clinic does not run although they are clinic weekdays.
enum ClosureStore {
    /// Adds a closure; `duplicateClosure` (409) when one exists on that date. Does not touch a rota already
    /// generated for the date: an administrator regenerates or swaps it.
    static func add(_ closure: Closure, clinicId: UUID, on db: PostgresConnection) async throws -> Closure {
        try closure.validate()
        let reason = closure.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let rows = try await db.query(
            """
            INSERT INTO closures (clinic_id, date, reason) VALUES (\(clinicId), \(closure.date), \(reason))
            ON CONFLICT (clinic_id, date) DO NOTHING RETURNING date
            """)
        guard !rows.isEmpty else { throw SchedulingError.duplicateClosure(closure.date) }
        return Closure(date: closure.date, reason: reason, clinicId: clinicId)
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

    /// Removes the closure on `date`; `notFound(.closure)` when there is none.
    static func delete(_ date: LocalDate, clinicId: UUID, on db: PostgresConnection) async throws {
        let rows = try await db.query(
            "DELETE FROM closures WHERE clinic_id = \(clinicId) AND date = \(date) RETURNING date")
        if rows.isEmpty { throw SchedulingError.notFound(.closure) }
    }
}
