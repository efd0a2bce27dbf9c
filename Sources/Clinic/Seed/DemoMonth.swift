import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// A realistic last month for a demo clinic, so the monthly report is worth looking at on a fresh install: the
/// rota over the whole month, about 30 consultations on each clinic day that has passed (most from appointments,
/// some walk-ins, remote ones by video or phone, chronic patients over-represented), appointments of every outcome
/// (completed, no-show, cancelled, and one session lost to a doctor's absence, its bookings displaced), Barthel
/// assessments of some elderly, and outreach visits of the elderly with every outcome but the ones that end a
/// resident's care, each recorded by the grid worker of the resident's grid (`DemoOutreach`'s, seeded before; the
/// clinic's first one for a resident without a grid; none are written in a clinic without grid workers).
///
/// Deterministic for a seed; every table is written by one `INSERT … SELECT FROM unnest(…)`.
enum DemoMonth {
    struct Summary: Sendable, Equatable {
        var month: LocalDate
        var consultations = 0
        var appointments = 0
        var assessments = 0
        var visits = 0
    }

    /// Fills the month before `today`'s in `clinic` (run after `DemoClinic.seed` and `DemoHealthFiles.fill`).
    @discardableResult
    static func fill(
        pool: PostgresPool, clinic: ClinicRecord, today: LocalDate, perClinicDay: Int = 30, seed: UInt64 = 2611
    ) async throws -> Summary {
        let first = today.firstOfMonth.adding(days: -1).firstOfMonth
        let last = today.firstOfMonth.adding(days: -1)
        return try await ClinicScope.county.run {
            var random = SplitMix64(seed: seed)
            // The demo rota starts 30 days back; the month may begin before that.
            let rotaStarts = today.adding(days: -30)
            if first < rotaStarts {
                _ = try await pool.withTransaction { db in
                    try await RotaStore.generate(
                        clinicId: clinic.id, from: first, to: min(last, rotaStarts.adding(days: -1)),
                        doctorsPerSession: 2, on: db)
                }
            }
            let slots = try await pool.query(
                """
                SELECT s.id, s.assignment_id, s.doctor_id, s.mode, s.date, s.starts_at, s.ends_at
                FROM slots s JOIN rota_assignments ra ON ra.id = s.assignment_id
                WHERE s.clinic_id = \(clinic.id) AND s.date BETWEEN \(first) AND \(last) AND s.ends_at < now()
                  AND ra.uncovered_reason IS NULL
                ORDER BY s.date, s.starts_at, s.id
                """)
            let residents = try await pool.query(
                """
                SELECT r.id, r.birth_date <= \(first.adding(days: -65 * 365)) AS elderly,
                       EXISTS (SELECT 1 FROM problems p WHERE p.resident_id = r.id AND p.chronic_condition IS NOT NULL)
                           AS chronic
                FROM residents r WHERE r.clinic_id = \(clinic.id) AND r.inactive_reason IS NULL ORDER BY r.id
                """)
            var everyone: [String] = []
            var elderly: [String] = []
            var chronic: [String] = []
            for row in residents {
                let id = try UUIDText.lower(row.decode(UUID.self, "id"))
                everyone.append(id)
                if try row.decode(Bool.self, "elderly") { elderly.append(id) }
                if try row.decode(Bool.self, "chronic") { chronic.append(id) }
            }
            guard !everyone.isEmpty, !slots.isEmpty else { return Summary(month: first) }
            if elderly.isEmpty { elderly = everyone }
            if chronic.isEmpty { chronic = elderly }

            struct Slot {
                var id, assignment, doctor, mode, starts, ends: String
                var date: LocalDate
            }
            var byDay: [LocalDate: [Slot]] = [:]
            for row in slots {
                let slot = Slot(
                    id: try row.decode(UUID.self, "id").uuidString, assignment: try row.decode(UUID.self, "assignment_id").uuidString,
                    doctor: try row.decode(UUID.self, "doctor_id").uuidString, mode: try row.decode(String.self, "mode"),
                    starts: PostgresTimestamp.format(try row.decode(Date.self, "starts_at")),
                    ends: PostgresTimestamp.format(try row.decode(Date.self, "ends_at")),
                    date: try row.decode(LocalDate.self, "date"))
                byDay[slot.date, default: []].append(slot)
            }
            let days = byDay.keys.sorted()
            // One session of the month's middle clinic day will not run after all: its doctor was called away.
            let lostSession = byDay[days[days.count / 2]]!.last!.assignment

            var appointments: [[String]] = Array(repeating: [], count: 7)  // slot, resident, status, displaced, mode, starts, ends
            var consultations: [[String]] = Array(repeating: [], count: 6)  // resident, doctor, mode, channel, starts, slot
            for day in days {
                var seen = Set<String>()
                func pickResident() -> String {
                    for _ in 0..<20 {
                        let roll = random.int(in: 0..<10)
                        let id = random.pick(roll < 4 ? chronic : roll < 7 ? elderly : everyone)
                        if seen.insert(id).inserted { return id }
                    }
                    return random.pick(everyone)
                }
                var consulted = 0
                for slot in random.sample(byDay[day]!, count: min(byDay[day]!.count, perClinicDay + perClinicDay / 5)) {
                    let resident = pickResident()
                    let roll = random.int(in: 0..<100)
                    let status =
                        slot.assignment == lostSession ? "displaced"
                        : roll < 8 ? "noShow" : roll < 14 ? "cancelled" : "completed"
                    for (index, value) in [
                        slot.id, resident, status, status == "displaced" ? "t" : "", slot.mode, slot.starts, slot.ends,
                    ].enumerated() { appointments[index].append(value) }
                    guard status == "completed", consulted < perClinicDay else { continue }
                    consulted += 1
                    let channel = slot.mode == "remote" ? random.pick(["video", "video", "phone"]) : ""
                    for (index, value) in [resident, slot.doctor, slot.mode, channel, slot.starts, slot.id].enumerated() {
                        consultations[index].append(value)
                    }
                }
                // Walk-ins seen on site without a booking, up to the day's load.
                let onsite = byDay[day]!.filter { $0.mode == "onsite" && $0.assignment != lostSession }
                while consulted < perClinicDay, let slot = onsite.isEmpty ? nil : random.pick(onsite) {
                    consulted += 1
                    for (index, value) in [pickResident(), slot.doctor, "onsite", "", slot.starts, ""].enumerated() {
                        consultations[index].append(value)
                    }
                }
            }
            var assessments: [[String]] = Array(repeating: [], count: 4)  // resident, score, band, taken
            for resident in random.sample(elderly, count: min(elderly.count, 40)) {
                let score = random.pick([100, 100, 95, 85, 70, 55, 40, 15])
                let day = random.pick(days)
                assessments[0].append(resident)
                assessments[1].append(String(score))
                assessments[2].append(AssessmentBand(kind: .barthel, score: score).rawValue)
                assessments[3].append(day.description + "T10:30:00")
            }
            var visits: [[String]] = Array(repeating: [], count: 3)  // resident, outcome, visited (local)
            for resident in random.sample(elderly, count: min(elderly.count, 60)) {
                let outcome = random.pick([
                    "seenWell", "seenWell", "seenWell", "seenWell", "seenWell", "notHome", "notHome", "needsDoctor",
                    "hospitalised",
                ])
                visits[0].append(resident)
                visits[1].append(outcome)
                visits[2].append(
                    first.adding(days: random.int(in: 0..<(last.daysSinceEpoch - first.daysSinceEpoch + 1))).description
                        + "T1\(random.int(in: 0...6)):\(random.int(in: 10...59)):00")
            }

            let summary = try await pool.withTransaction { db in
                var summary = Summary(month: first)
                try await db.query(
                    """
                    UPDATE rota_assignments SET uncovered_reason = 'unavailable' WHERE id = \(UUID(uuidString: lostSession)!)
                    """)
                try await db.query(
                    "UPDATE slots SET closed = true WHERE assignment_id = \(UUID(uuidString: lostSession)!)")
                let a = appointments
                summary.appointments = try await db.query(
                    """
                    WITH inserted AS (
                        INSERT INTO appointments (clinic_id, slot_id, resident_id, doctor_id, mode, starts_at, ends_at,
                            status, displaced_at, cancel_reason, cancelled_at, checked_in_at, completed_at, reason,
                            created_at)
                        SELECT \(clinic.id), s.id, t.r::uuid, s.doctor_id, t.mode, t.starts::timestamptz,
                               t.ends::timestamptz, t.status, CASE WHEN displaced <> '' THEN starts::timestamptz - interval '2 days' END,
                               CASE WHEN status = 'cancelled' THEN 'resident asked' END,
                               CASE WHEN status = 'cancelled' THEN starts::timestamptz - interval '1 day' END,
                               CASE WHEN status = 'completed' THEN starts::timestamptz - interval '10 minutes' END,
                               CASE WHEN status = 'completed' THEN ends::timestamptz END,
                               'follow-up', starts::timestamptz - interval '7 days'
                        FROM unnest(\(a[0]), \(a[1]), \(a[2]), \(a[3]), \(a[4]), \(a[5]), \(a[6]))
                             AS t(slot, r, status, displaced, mode, starts, ends)
                        JOIN slots s ON s.id = slot::uuid
                        RETURNING slot_id, status
                    ),
                    counted AS (
                        UPDATE slots s SET booked = s.booked + n.n
                        FROM (SELECT slot_id, count(*) AS n FROM inserted WHERE status = 'completed' GROUP BY slot_id) n
                        WHERE s.id = n.slot_id
                    )
                    SELECT count(*) AS n FROM inserted
                    """
                ).first!.decode(Int.self, "n")
                let c = consultations
                summary.consultations = try await db.query(
                    """
                    INSERT INTO consultations (clinic_id, resident_id, doctor_id, appointment_id, mode, channel,
                        started_at, ended_at, subjective, assessment, plan, signed_at, signed_by)
                    SELECT \(clinic.id), r::uuid, d::uuid,
                           (SELECT ap.id FROM appointments ap WHERE ap.slot_id = nullif(slot, '')::uuid
                              AND ap.resident_id = r::uuid AND ap.status = 'completed' LIMIT 1),
                           mode, nullif(channel, ''), starts::timestamptz,
                           starts::timestamptz + interval '12 minutes', 'Review', 'Stable', 'Continue',
                           starts::timestamptz + interval '1 hour', d::uuid
                    FROM unnest(\(c[0]), \(c[1]), \(c[2]), \(c[3]), \(c[4]), \(c[5]))
                         AS t(r, d, mode, channel, starts, slot)
                    """
                ).affectedRows
                let s = assessments
                let items = "{\"feeding\": 10}"
                summary.assessments = try await db.query(
                    """
                    INSERT INTO assessments (clinic_id, resident_id, kind, items, score, band, taken_at)
                    SELECT \(clinic.id), r::uuid, 'barthel', \(items)::jsonb, score::int, band,
                           taken::timestamp AT TIME ZONE \(clinic.settings.timeZone)
                    FROM unnest(\(s[0]), \(s[1]), \(s[2]), \(s[3])) AS t(r, score, band, taken)
                    """
                ).affectedRows
                let v = visits
                summary.visits = try await db.query(
                    """
                    INSERT INTO outreach_visits (clinic_id, resident_id, visited_at, outcome, note, recorded_by)
                    SELECT \(clinic.id), r::uuid, visited::timestamp AT TIME ZONE \(clinic.settings.timeZone),
                           outcome, CASE outcome WHEN 'needsDoctor' THEN 'Dizzy since last week' END, recorder.id
                    FROM unnest(\(v[0]), \(v[1]), \(v[2])) AS t(r, outcome, visited)
                    JOIN residents ON residents.id = r::uuid
                    CROSS JOIN LATERAL (
                        SELECT u.id FROM users u
                        WHERE u.clinic_id = \(clinic.id) AND u.role = 'gridWorker'
                        ORDER BY residents.grid = ANY (u.grids) DESC NULLS LAST, u.username
                        LIMIT 1) recorder
                    """
                ).affectedRows
                return summary
            }
            // Fresh statistics for what the seed wrote, as autovacuum would make a minute later: the report's plans
            // (and the benchmark run right after seeding) depend on them.
            try await pool.withConnection {
                try await $0.queryAlone(
                    "ANALYZE consultations, appointments, assessments, problems, outreach_visits, rota_assignments")
            }
            return summary
        }
    }
}
