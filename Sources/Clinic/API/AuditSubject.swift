import ClinicDomain
import ClinicPostgres
import Foundation

/// What one audited access touched, as its audit row names it: the resource type and id, the resident, the detail.
///
/// The idempotency replay reads a created resource again by `type` and `id` (`IdempotentReplay.readers`), so for a
/// create they must name the created resource exactly.
struct AuditTarget: Sendable, Equatable {
    var type: String
    var id: String?
    var residentId: UUID?
    var detail: [String: AuditValue]

    init(_ type: String, id: UUID? = nil, resident: UUID? = nil, detail: [String: AuditValue] = [:]) {
        self.init(type, name: id?.uuidString, resident: resident, detail: detail)
    }

    /// For a resource named by a word rather than an id (a work list).
    init(_ type: String, name: String?, resident: UUID? = nil, detail: [String: AuditValue] = [:]) {
        self.type = type
        self.id = name
        self.residentId = resident
        self.detail = detail
    }
}

/// How a route's audit row follows from its work: given once, next to the action, so that no route builds the event
/// by hand. Either fixed before the work (`.resident(id)`, `.record(...)`) or read from its result (`.from { ... }`).
struct AuditSubject<T: Sendable>: Sendable {
    let describe: @Sendable (T) -> AuditTarget

    /// Read from the work's result: a created resource's id, the resident a record belongs to, a list's count.
    static func from(_ describe: @escaping @Sendable (T) -> AuditTarget) -> AuditSubject {
        AuditSubject(describe: describe)
    }

    /// Known before the work.
    static func record(
        _ type: String, id: UUID? = nil, resident: UUID? = nil, detail: [String: AuditValue] = [:]
    ) -> AuditSubject {
        let target = AuditTarget(type, id: id, resident: resident, detail: detail)
        return AuditSubject { _ in target }
    }

    /// A resident's own record.
    static func resident(_ id: UUID) -> AuditSubject {
        record("resident", id: id, resident: id)
    }
}

extension ClinicServices {
    /// Runs `body` in one transaction with its audit row: the caller of `context` did `action` to `subject`.
    /// The row (and an `Idempotency-Key`'s completion, naming the subject's resource) commits with the work or
    /// not at all; see `audited(_:)`.
    func audited<T: Sendable>(
        _ context: RequestContext, _ action: AuditAction, _ subject: AuditSubject<T>,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await audited { db in
            let value = try await body(db)
            let target = subject.describe(value)
            let event = auditEvent(
                context, action, residentId: target.residentId, resourceType: target.type, resourceId: target.id,
                detail: target.detail)
            return (value, event)
        }
    }
}
