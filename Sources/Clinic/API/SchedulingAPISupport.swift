import ClinicDomain
import Foundation

extension ResponseSpec {
    /// A documented problem+json response (the generic `default` response lists every error status; this names
    /// what a status means for one operation).
    static func problem(_ status: Int, _ description: String) -> ResponseSpec {
        ResponseSpec(status, description, content: ["application/problem+json": .ref("Problem")])
    }
}

/// What a doctor may see of scheduling data: only what concerns them.
enum DoctorScope {
    /// The doctor filter of a list request: a doctor always gets their own (naming another is 403; a doctor
    /// user linked to no doctor record sees nothing and gets 403), other roles get what they asked for.
    static func doctorFilter(_ context: RequestContext, asked: UUID?) throws -> UUID? {
        let user = try context.user
        guard user.role == .doctor else { return asked }
        guard let own = user.doctorId else { throw APIError.forbidden("this user is linked to no doctor") }
        if let asked, asked != own { throw APIError.forbidden("a doctor sees only their own schedule") }
        return own
    }

    /// Whether the caller may see a record belonging to `doctorId` (others: the caller gets 404).
    static func maySee(_ context: RequestContext, doctorId: UUID) throws -> Bool {
        let user = try context.user
        return user.role != .doctor || user.doctorId == doctorId
    }
}

/// `?from=&to=` date ranges with defaults and a cap: a malformed or reversed range, or one over the cap, is 400.
struct DateRangeQuery {
    var from: LocalDate
    var to: LocalDate

    /// `from` defaults to `today` (or `to` less the default span when only `to` is given), `to` to `from` plus
    /// `defaultDays - 1`.
    static func read(_ context: RequestContext, defaultDays: Int, maximumDays: Int, today: LocalDate) throws
        -> DateRangeQuery
    {
        let askedFrom = try context.queryDate("from")
        let askedTo = try context.queryDate("to")
        let from = askedFrom ?? askedTo.map { $0.adding(days: -(defaultDays - 1)) } ?? today
        let to = askedTo ?? from.adding(days: defaultDays - 1)
        guard from <= to else {
            throw APIError.badRequest(
                "the date range is reversed", errors: [FieldError(field: "to", message: "must not be before from")])
        }
        guard to.daysSinceEpoch - from.daysSinceEpoch + 1 <= maximumDays else {
            throw APIError.badRequest(
                "the date range is too long",
                errors: [FieldError(field: "to", message: "must be at most \(maximumDays) days after from")])
        }
        return DateRangeQuery(from: from, to: to)
    }
}
