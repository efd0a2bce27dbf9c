import ClinicDomain
import ClinicSupport
import Foundation

/// The county's clinics and their settings as last read, so a request need not read them (every response gives its
/// instants in the clinic's zone). Read at start-up, by the refresh-settings job every few seconds, and whenever a
/// request changes or reads a clinic.
final class ClinicDirectory: Sendable {
    private struct Entry {
        var record: ClinicRecord
        /// Resolved once per change, not per request.
        var zone: TimeZone
    }

    private struct State {
        var byId: [UUID: Entry] = [:]
        /// Oldest first.
        var order: [UUID] = []
    }

    private let state = LockedValue(State())

    init(_ records: [ClinicRecord] = []) { replace(records) }

    /// Every clinic, oldest first.
    var all: [ClinicRecord] { state.withValue { state in state.order.compactMap { state.byId[$0]?.record } } }

    /// The clinic a new install starts with (the oldest).
    var first: ClinicRecord? { state.withValue { state in state.order.first.flatMap { state.byId[$0]?.record } } }

    func clinic(_ id: UUID) -> ClinicRecord? { state.withValue { $0.byId[id]?.record } }

    /// A clinic's settings; the defaults for a clinic not (yet) known here.
    func settings(_ id: UUID) -> ClinicSettings { clinic(id)?.settings ?? .default }

    /// A clinic's zone; UTC for a clinic not (yet) known here.
    func zone(_ id: UUID) -> TimeZone { state.withValue { $0.byId[id]?.zone } ?? TimeZone(identifier: "UTC")! }

    func replace(_ records: [ClinicRecord]) {
        let sorted = records.sorted { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }
        var next = State()
        for record in sorted {
            next.byId[record.id] = Entry(record: record, zone: record.settings.zoneOrUTC)
            next.order.append(record.id)
        }
        state.value = next
    }

    /// Puts one clinic as just read or written.
    func update(_ record: ClinicRecord) {
        state.withValue { state in
            if state.byId[record.id] == nil { state.order.append(record.id) }
            state.byId[record.id] = Entry(record: record, zone: record.settings.zoneOrUTC)
        }
    }
}
