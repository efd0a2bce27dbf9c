import CLibPQ
import ClinicSupport
import Foundation

/// What a connection's session is known to hold of its pool's scoped settings (`PostgresPool+Scope`), so a borrow
/// whose values the session already holds need not set them again: one statement less per borrow, about 8 % of
/// the database's CPU for a booking (issue 23).
///
/// Knowing must never be wrong, since row-level security reads these settings: a borrow that skipped setting them
/// would act in another caller's scope. A setting made with `set_config(…, false)` holds for the session once the
/// transaction it ran in commits (a pipeline outside `BEGIN` is an implicit one), and is undone when that transaction
/// rolls back. So values are taken as held only when the borrow that set them ends with no error answered and no
/// `ROLLBACK` (which is also `COMMIT`'s answer for a failed transaction), outside a transaction; anything else leaves
/// them unknown, and the next borrow sets them again. Nothing else in the server sets these settings for the session
/// (`ClinicScope.countyWide` sets them for its transaction only, which ends before the borrow does).
struct SessionSettings {
    /// The values the session holds outside any transaction, in the pool's order of names; nil: unknown.
    var held: [String]?
    /// The values this borrow's setting statement set, once it ran.
    var sent: [String]?
    /// An answer since the setting statement was queued that may have undone it: an error or a `ROLLBACK`.
    var undone = false
    /// Whether the last answer left a transaction open (or failed).
    var inTransaction = false
}

extension PostgresConnection {
    /// Whether the session is known to hold `values`.
    func holdsSettings(_ values: [String]) -> Bool {
        sessionSettings.withValue { $0.held == values }
    }

    /// Queues `statement`, which sets the scoped settings to `values`, ahead of the borrower's first statement. Until
    /// the borrow settles, the session's values are unknown.
    func sendSettings(_ statement: PostgresQuery, values: [String]) {
        let settings = sessionSettings
        settings.withValue {
            $0.held = nil
            $0.sent = nil
            $0.undone = false
        }
        sendWithNextQuery(statement, prepare: true) { _ in settings.withValue { $0.sent = values } }
    }

    /// At the end of a borrow: the values it set are held from now on if nothing could have undone them and no
    /// transaction is left open; a borrow that set nothing leaves the known values as they were.
    func settleSettings() {
        sessionSettings.withValue { settings in
            if let sent = settings.sent {
                settings.held = settings.undone || settings.inTransaction ? nil : sent
            } else if settings.inTransaction {
                settings.held = nil
            }
            settings.sent = nil
        }
    }

    /// Notes what an answer means for the session's settings. Called on the connection's queue for every answer,
    /// after the round trip's last (so the transaction status is the server's latest).
    func noteAnswer(_ result: OpaquePointer, handle: OpaquePointer) {
        let succeeded: Bool
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: succeeded = true
        default: succeeded = false
        }
        let rolledBack = succeeded && Self.isRollback(PQcmdStatus(result))
        let open = PQtransactionStatus(handle) != PQTRANS_IDLE
        sessionSettings.withValue {
            if !succeeded || rolledBack { $0.undone = true }
            $0.inTransaction = open
        }
    }

    /// Whether a command tag is `ROLLBACK` (also `ROLLBACK TO SAVEPOINT`, and `COMMIT` of a failed transaction).
    private static func isRollback(_ tag: UnsafeMutablePointer<CChar>?) -> Bool {
        guard let tag else { return false }
        return strncmp(tag, "ROLLBACK", 8) == 0
    }
}
