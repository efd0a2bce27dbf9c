import Foundation

/// Fair rotation of visiting doctors over clinic sessions.
///
/// Sessions are staffed in time order. For each empty seat the planner takes, among doctors who can serve that
/// date and are not already busy at an overlapping time, the one with the fewest sessions in total (prior periods +
/// locked + assigned so far), then the one served least recently, then the smallest id (so the result does not
/// depend on input order). Greedy fewest-first keeps every always-available doctor within one session of each
/// other, and nobody more than one ahead of them; doctors away part of the time simply serve less.
package enum RotaPlanner {
    /// Plans `sessions`, keeping `locked` assignments (e.g. sessions with booked appointments) as they are and
    /// counting them. Locked assignments of sessions not in `sessions` are ignored: count them in `priorCount`.
    /// Duplicate sessions (same date and name) are planned once.
    package static func generate(
        sessions: [RotaSession], doctors: [RotaDoctor], locked: [RotaAssignment] = [], doctorsPerSession: Int = 1
    ) -> RotaPlan {
        var seen: Set<SessionKey> = []
        let ordered = sessions.filter { seen.insert(SessionKey($0)).inserted }
            .sorted { ($0.start, $0.end, $0.date, $0.session) < ($1.start, $1.end, $1.date, $1.session) }
        let byKey = Dictionary(ordered.map { (SessionKey($0), $0) }, uniquingKeysWith: { first, _ in first })

        var ledger = Ledger(doctors: doctors)
        var lockedBySession: [SessionKey: [UUID]] = [:]
        for assignment in locked {
            let key = SessionKey(date: assignment.date, session: assignment.session)
            guard let session = byKey[key], !(lockedBySession[key] ?? []).contains(assignment.doctorId) else {
                continue
            }
            lockedBySession[key, default: []].append(assignment.doctorId)
            ledger.record(assignment.doctorId, serving: session)
        }

        let eligible = doctors.filter { $0.active && !$0.modes.isEmpty }
        var assignments: [RotaAssignment] = []
        var gaps: [RotaGap] = []
        for session in ordered {
            var onSession = lockedBySession[SessionKey(session)] ?? []
            var seats = max(doctorsPerSession - onSession.count, 0)
            while seats > 0 {
                let candidates = eligible.filter { doctor in
                    doctor.canServe(on: session.date) && !onSession.contains(doctor.id)
                        && !ledger.isBusy(doctor.id, during: session) && !doctor.isBusyElsewhere(during: session)
                }
                guard let pick = candidates.min(by: { ledger.order($0.id, $1.id, before: session) }) else { break }
                ledger.record(pick.id, serving: session)
                onSession.append(pick.id)
                assignments.append(RotaAssignment(date: session.date, session: session.session, doctorId: pick.id))
                seats -= 1
            }
            if seats > 0 { gaps.append(RotaGap(session: session, missing: seats)) }
        }
        return RotaPlan(assignments: assignments, gaps: gaps, totals: ledger.totals)
    }

    /// Why `doctor` cannot take `session`, given the sessions they already serve (leave out the assignment being
    /// replaced), or nil when they can.
    package static func conflict(doctor: RotaDoctor, session: RotaSession, doctorSessions: [RotaSession])
        -> RotaConflict?
    {
        if !doctor.active { return .inactive }
        if doctor.modes.isEmpty { return .noModes }
        if !doctor.canServe(on: session.date) { return .unavailable }
        if doctorSessions.contains(where: { $0.isSameSlot(as: session) }) { return .alreadyOnSession }
        if doctorSessions.contains(where: { $0.overlaps(session) }) { return .overlapping }
        if doctor.isBusyElsewhere(during: session) { return .busyElsewhere }
        return nil
    }
}

/// A session's identity: its clinic day and name.
package struct SessionKey: Hashable {
    let date: LocalDate
    let session: String

    package init(date: LocalDate, session: String) {
        self.date = date
        self.session = session
    }

    package init(_ session: RotaSession) { self.init(date: session.date, session: session.session) }
}

/// What the planner knows of each doctor while it works: counts, busy times, when they last served.
struct Ledger {
    private(set) var totals: [UUID: Int] = [:]
    private var served: [UUID: [RotaSession]] = [:]
    private var lastServedBefore: [UUID: Date] = [:]

    init(doctors: [RotaDoctor]) {
        for doctor in doctors {
            totals[doctor.id, default: 0] += doctor.priorCount
            if let last = doctor.lastServed { lastServedBefore[doctor.id] = last }
        }
    }

    mutating func record(_ doctor: UUID, serving session: RotaSession) {
        totals[doctor, default: 0] += 1
        served[doctor, default: []].append(session)
    }

    func isBusy(_ doctor: UUID, during session: RotaSession) -> Bool {
        (served[doctor] ?? []).contains { $0.overlaps(session) }
    }

    /// The latest start served before `moment`, or the prior period's last, or the distant past.
    func lastServed(_ doctor: UUID, before moment: Date) -> Date {
        let starts = (served[doctor] ?? []).map(\.start).filter { $0 < moment }
        return starts.max() ?? lastServedBefore[doctor] ?? .distantPast
    }

    /// Fewest total first, then least recently served, then smallest id.
    func order(_ a: UUID, _ b: UUID, before session: RotaSession) -> Bool {
        let totalA = totals[a] ?? 0
        let totalB = totals[b] ?? 0
        if totalA != totalB { return totalA < totalB }
        let lastA = lastServed(a, before: session.start)
        let lastB = lastServed(b, before: session.start)
        if lastA != lastB { return lastA < lastB }
        return a.uuidString < b.uuidString
    }
}
