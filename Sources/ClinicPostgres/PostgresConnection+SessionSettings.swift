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
/// rolls back; a borrower's own statements could change it too. So values are taken as held only when the borrow that
/// set them ends outside a transaction, with no error answered and every answer a command that can neither end a
/// transaction other than by committing nor change a setting (`SELECT`, `INSERT`, `BEGIN`, `COMMIT` and their like,
/// not `ROLLBACK`, `DO`, `CALL`, `SET`, `RESET` or `DISCARD`), and no statement of its own that calls `set_config`.
/// Anything else leaves them unknown, and the next borrow sets them again. The database's own functions set these
/// settings only for their transaction (`set_config(…, true)`; `ScopedSettingsTests` reads every migration for it).
struct SessionSettings {
    /// The values the session holds outside any transaction, in the pool's order of names; nil: unknown.
    var held: [String]?
    /// The values this borrow's setting statement set, once it ran.
    var sent: [String]?
    /// Since the setting statement was queued, something that may have undone or changed it: an answered error, a
    /// command other than the harmless ones, or a statement of the borrower's that calls `set_config`.
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
        sendWithNextQuery(statement, prepare: true) { _ in settings.withValue { $0.sent = values } }
        // After queueing: the statement calls set_config itself, which `noteSent` took for the borrower's.
        settings.withValue {
            $0.held = nil
            $0.sent = nil
            $0.undone = false
        }
    }

    /// At the end of a borrow: if nothing in it could have undone or changed a setting and no transaction is left
    /// open, the session holds what the borrow set, or what it held before when the borrow set nothing; else
    /// nothing is known. The next borrow starts with a clean record.
    func settleSettings() {
        sessionSettings.withValue { settings in
            if settings.undone || settings.inTransaction {
                settings.held = nil
            } else if let sent = settings.sent {
                settings.held = sent
            }
            settings.sent = nil
            settings.undone = false
        }
    }

    /// Notes a statement the borrower sends: one that calls `set_config` may change a scoped setting for the session.
    func noteSent(_ sql: String) {
        if Self.callsSetConfig(sql) { sessionSettings.withValue { $0.undone = true } }
    }

    /// Whether `sql` names `set_config`, in any case (a plain byte scan: every statement passes here).
    static func callsSetConfig(_ sql: String) -> Bool {
        sql.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let needle = setConfigBytes
            guard bytes.count >= needle.count else { return false }
            var start = 0
            while start <= bytes.count - needle.count {
                if bytes[start] | 0x20 == needle[0] {  // 's' or 'S'
                    var offset = 1
                    while offset < needle.count, lowered(bytes[start + offset]) == needle[offset] { offset += 1 }
                    if offset == needle.count { return true }
                }
                start += 1
            }
            return false
        } ?? sql.lowercased().contains("set_config")
    }

    private static let setConfigBytes = Array("set_config".utf8)

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Notes what an answer means for the session's settings. Called under the connection's lock for every answer,
    /// after the round trip's last (so the transaction status is the server's latest).
    func noteAnswer(_ result: OpaquePointer, handle: OpaquePointer) {
        let succeeded: Bool
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: succeeded = true
        default: succeeded = false
        }
        let harmless = succeeded && Self.isHarmless(PQcmdStatus(result))
        let open = PQtransactionStatus(handle) != PQTRANS_IDLE
        sessionSettings.withValue {
            if !harmless { $0.undone = true }
            $0.inTransaction = open
        }
    }

    /// Commands that neither end a transaction other than by committing nor change a setting, by their tag's first
    /// word (`INSERT 0 1`); "" answers a PREPARE. `COMMIT` of a failed transaction answers `ROLLBACK`; a `DO` block
    /// or a `CALL` may roll back inside; `SET`, `RESET` and `DISCARD` change settings: none of those is here.
    private static let harmlessTags: Set<String> = [
        "", "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "DECLARE",
        "FETCH", "MOVE", "CLOSE", "COPY",
    ]

    private static func isHarmless(_ tag: UnsafeMutablePointer<CChar>?) -> Bool {
        guard let tag else { return false }
        let text = String(cString: tag)
        return harmlessTags.contains(String(text.prefix { $0 != " " }))
    }
}
