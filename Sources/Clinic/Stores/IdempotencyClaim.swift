import ClinicSupport
import Foundation

/// An `Idempotency-Key` claimed by the request now running, for the transaction that does its work.
///
/// The API frame claims the key and binds it to `current` while the handler runs; the shared transaction helper
/// (`ClinicServices.audited`) finds it there and records the key's completion inside the work's own transaction,
/// so no route has to pass it along.
final class IdempotencyClaim: Sendable {
    /// The request whose handler is running, if it claimed a key.
    @TaskLocal static var current: IdempotencyClaim?

    let scope: String
    let key: String
    /// This request's hold on the key: a key taken over by a retry has another token, and this request's work
    /// then cannot commit.
    let token: UUID
    private let recorded = LockedValue<(committed: Bool, resource: IdempotencyStore.Resource?)>((false, nil))

    init(scope: String, key: String, token: UUID) {
        self.scope = scope
        self.key = key
        self.token = token
    }

    /// What the work created (its audit event's resource), once its transaction has committed; nil before, and for
    /// work without an audit event.
    var committedResource: IdempotencyStore.Resource? { recorded.value.resource }

    /// Whether a transaction recorded the completion and committed: a key completes once.
    var isCommitted: Bool { recorded.value.committed }

    func markCommitted(_ resource: IdempotencyStore.Resource?) { recorded.value = (true, resource) }
}
