import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation

/// Fills the health files of demo elderly residents: problems, medications, some allergies, vitals plausible at
/// 3,600–4,500 m, a Barthel and a self-care assessment, and a few signed consultations in all three modes.
///
/// Deterministic for a seed (same ids in, same files out) and fast: every table is written by one
/// `INSERT … SELECT FROM unnest(…)`, whatever the number of residents.
enum DemoHealthFiles {
    struct Summary: Sendable, Equatable {
        var problems = 0
        var medications = 0
        var allergies = 0
        var vitals = 0
        var assessments = 0
        var consultations = 0
    }

    /// Fills the files of any number of residents in transactions of `batchSize` residents each, so no single
    /// statement outgrows the connections' `statement_timeout` (1.6 million residents is about 350,000 files).
    /// Batch `n` uses seed `seed + n`: deterministic for the same ids, batch size and seed.
    @discardableResult
    static func fill(
        residentIds: [UUID], doctorIds: [UUID], seed: UInt64 = 2026, now: Date = Date(), batchSize: Int = 5_000,
        pool: PostgresPool
    ) async throws -> Summary {
        var total = Summary()
        for (batch, start) in stride(from: 0, to: residentIds.count, by: max(1, batchSize)).enumerated() {
            let ids = Array(residentIds[start..<min(start + batchSize, residentIds.count)])
            let part = try await pool.withTransaction { db in
                try await fill(residentIds: ids, doctorIds: doctorIds, seed: seed &+ UInt64(batch), now: now, on: db)
            }
            total.problems += part.problems
            total.medications += part.medications
            total.allergies += part.allergies
            total.vitals += part.vitals
            total.assessments += part.assessments
            total.consultations += part.consultations
        }
        return total
    }

    /// `residentIds` should be residents aged 65 or more; `doctorIds` must not be empty.
    @discardableResult
    static func fill(
        residentIds: [UUID], doctorIds: [UUID], seed: UInt64 = 2026, now: Date = Date(), on db: PostgresConnection
    ) async throws -> Summary {
        guard !residentIds.isEmpty, !doctorIds.isEmpty else { return Summary() }
        var random = SplitMix64(seed: seed)
        var p = Columns(), m = Columns(), a = Columns(), v = Columns(), s = Columns(), c = Columns()
        let day: TimeInterval = 86_400

        for resident in residentIds {
            let id = UUIDText.lower(resident)
            // Problems (and the medicines that go with them).
            let problems = random.sample(Self.problems, count: random.int(in: 1...3))
            for problem in problems {
                p.append(id, problem.code ?? "", problem.text, String(random.int(in: 1995...2024)) + "-0\(random.int(in: 1...9))-15")
                if let drug = problem.drug {
                    m.append(id, drug.name, drug.dose, String(random.int(in: 2015...2024)) + "-03-01")
                }
            }
            if random.int(in: 0..<5) == 0 {
                let allergy = random.pick(Self.allergies)
                a.append(id, allergy.0, allergy.1, allergy.2)
            }
            let hypertensive = problems.contains { $0.code == "I10" }
            func vitals() -> Vitals {
                Vitals(
                    systolic: hypertensive ? random.int(in: 135...175) : random.int(in: 105...138),
                    diastolic: hypertensive ? random.int(in: 85...105) : random.int(in: 65...85),
                    heartRate: random.int(in: 62...98), spo2: random.int(in: 83...95),
                    temperature: Double(random.int(in: 360...372)) / 10,
                    weightKg: Double(random.int(in: 450...800)) / 10, heightCm: Double(random.int(in: 150...175)))
            }
            // Screening readings.
            for _ in 0..<random.int(in: 1...2) {
                let values = vitals()
                v.append(
                    id, PostgresTimestamp.format(now.addingTimeInterval(-Double(random.int(in: 20...400)) * day)),
                    try json(values), array(values.flags()))
            }
            // One assessment of each kind.
            for kind in AssessmentKind.allCases {
                var items: [String: Int] = [:]
                for item in kind.items {
                    // Mostly independent residents, some frail: the best points more often than not.
                    let best = kind == .barthel ? item.allowedPoints.max()! : item.allowedPoints.min()!
                    items[item.name] = random.int(in: 0..<3) == 0 ? random.pick(item.allowedPoints) : best
                }
                let score = try AssessmentScoring.score(kind: kind, items: items)
                s.append(
                    id, kind.rawValue, try json(items), String(score.score), score.band,
                    PostgresTimestamp.format(now.addingTimeInterval(-Double(random.int(in: 10...200)) * day)))
            }
            // Signed consultations, remote above all.
            for index in 0..<random.int(in: 1...2) {
                let mode = index == 0 ? random.pick([ConsultationMode.remote, .remote, .onsite, .home]) : .remote
                let doctor = UUIDText.lower(random.pick(doctorIds))
                let start = now.addingTimeInterval(-Double(random.int(in: 7...300)) * day)
                let minutes = mode == .home ? random.int(in: 30...60) : random.int(in: 10...25)
                let values = vitals()
                let problem = random.pick(problems)
                let followUp = hypertensive ? "90" : ""
                c.append(
                    id, doctor, mode.rawValue, mode == .remote ? random.pick(["video", "phone"]) : "",
                    PostgresTimestamp.format(start), PostgresTimestamp.format(start.addingTimeInterval(Double(minutes) * 60)),
                    random.pick(Self.complaints), "Alert, oriented. SpO2 \(values.spo2!) % at altitude.",
                    problem.text, problem.drug.map { "Continue \($0.name) \($0.dose)" } ?? "Review in three months",
                    try json(values), array(values.flags(ageInYears: 70)),
                    try json([Diagnosis(code: problem.code, text: problem.text)]),
                    try json(random.int(in: 0..<3) == 0
                        ? [Treatment(kind: .tibetanPlaster, text: "Tibetan medicine plaster on the knees")]
                        : [Treatment(kind: .education, text: "Low-salt diet; less salt in butter tea")]),
                    followUp)
            }
        }

        var summary = Summary()
        summary.problems = try await db.query(
            """
            INSERT INTO problems (clinic_id, resident_id, code, text, onset, status)
            SELECT (SELECT clinic_id FROM residents WHERE id = r::uuid), r::uuid, nullif(code, ''), text, onset::date, 'active'
            FROM unnest(\(p[0]), \(p[1]), \(p[2]), \(p[3])) AS t(r, code, text, onset)
            """
        ).affectedRows
        summary.medications = try await db.query(
            """
            INSERT INTO medications (clinic_id, resident_id, name, dose, since)
            SELECT (SELECT clinic_id FROM residents WHERE id = r::uuid), r::uuid, name, dose, since::date FROM unnest(\(m[0]), \(m[1]), \(m[2]), \(m[3])) AS t(r, name, dose, since)
            """
        ).affectedRows
        summary.allergies = try await db.query(
            """
            INSERT INTO allergies (clinic_id, resident_id, substance, reaction, severity)
            SELECT (SELECT clinic_id FROM residents WHERE id = r::uuid), r::uuid, substance, reaction, severity
            FROM unnest(\(a[0]), \(a[1]), \(a[2]), \(a[3])) AS t(r, substance, reaction, severity)
            """
        ).affectedRows
        summary.vitals = try await db.query(
            """
            INSERT INTO vital_signs (clinic_id, resident_id, taken_at, vitals, flags, source)
            SELECT (SELECT clinic_id FROM residents WHERE id = r::uuid), r::uuid, taken::timestamptz, vitals::jsonb, flags::text[], 'screening'
            FROM unnest(\(v[0]), \(v[1]), \(v[2]), \(v[3])) AS t(r, taken, vitals, flags)
            """
        ).affectedRows
        summary.assessments = try await db.query(
            """
            INSERT INTO assessments (clinic_id, resident_id, kind, items, score, band, taken_at)
            SELECT (SELECT clinic_id FROM residents WHERE id = r::uuid), r::uuid, kind, items::jsonb, score::int, band, taken::timestamptz
            FROM unnest(\(s[0]), \(s[1]), \(s[2]), \(s[3]), \(s[4]), \(s[5])) AS t(r, kind, items, score, band, taken)
            """
        ).affectedRows
        let consultations = try await db.query(
            """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE)),
            inserted AS (
                INSERT INTO consultations (
                    clinic_id, resident_id, doctor_id, mode, channel, started_at, ended_at, subjective, objective, assessment,
                    plan, vitals, vital_flags, diagnoses, treatments, follow_up_in_days, follow_up_mode,
                    follow_up_due, signed_at, signed_by)
                SELECT (SELECT clinic_id FROM residents WHERE id = r::uuid), r::uuid, d::uuid, mode, nullif(channel, ''), started::timestamptz, ended::timestamptz,
                       subjective, objective, assessment, plan, vitals::jsonb, flags::text[], diagnoses::jsonb,
                       treatments::jsonb, nullif(follow_up, '')::int, CASE WHEN follow_up <> '' THEN 'remote' END,
                       (ended::timestamptz AT TIME ZONE zone.tz)::date + nullif(follow_up, '')::int,
                       ended::timestamptz + interval '2 hours', d::uuid
                FROM unnest(\(c[0]), \(c[1]), \(c[2]), \(c[3]), \(c[4]), \(c[5]), \(c[6]), \(c[7]), \(c[8]), \(c[9]),
                            \(c[10]), \(c[11]), \(c[12]), \(c[13]), \(c[14]))
                     AS t(r, d, mode, channel, started, ended, subjective, objective, assessment, plan, vitals, flags,
                          diagnoses, treatments, follow_up)
                CROSS JOIN zone
                RETURNING id, clinic_id, resident_id, doctor_id, started_at, vitals, vital_flags
            ),
            vitals AS (
                INSERT INTO vital_signs (clinic_id, resident_id, taken_at, vitals, flags, source, consultation_id,
                    recorded_by)
                SELECT clinic_id, resident_id, started_at, vitals, vital_flags, 'consultation', id, doctor_id FROM inserted
                RETURNING id
            )
            SELECT (SELECT count(*) FROM inserted) AS consultations, (SELECT count(*) FROM vitals) AS vitals
            """
        ).first!
        summary.consultations = try consultations.decode(Int.self, "consultations")
        summary.vitals += try consultations.decode(Int.self, "vitals")
        return summary
    }

    // MARK: demo content

    struct DemoProblem {
        var code: String?
        var text: String
        var drug: (name: String, dose: String)?
    }

    static let problems: [DemoProblem] = [
        DemoProblem(code: "I10", text: "Essential hypertension", drug: ("Amlodipine", "5 mg once daily")),
        DemoProblem(code: "E11.9", text: "Type 2 diabetes mellitus", drug: ("Metformin", "500 mg twice daily")),
        DemoProblem(code: "J42", text: "Chronic bronchitis", drug: nil),
        DemoProblem(code: "M17.9", text: "Knee osteoarthritis", drug: ("Tibetan medicine plaster", "as needed")),
        DemoProblem(code: "D75.1", text: "High-altitude polycythaemia", drug: nil),
        DemoProblem(code: nil, text: "Chronic gastritis", drug: ("Omeprazole", "20 mg before breakfast")),
    ]

    static let allergies: [(String, String, String)] = [
        ("Penicillin", "Rash", "moderate"), ("Sulfonamides", "Hives", "mild"), ("Aspirin", "Wheezing", "severe"),
    ]

    static let complaints = [
        "Dizziness in the mornings", "Knee pain climbing stairs", "Cough with sputum since winter",
        "Thirst and frequent urination", "Shortness of breath on exertion", "Routine review",
    ]

    // MARK: batching

    /// Column-wise text arrays for `unnest`, appended row by row.
    struct Columns {
        private var columns: [[String]] = []
        mutating func append(_ values: String...) {
            if columns.isEmpty { columns = Array(repeating: [], count: values.count) }
            for (index, value) in values.enumerated() { columns[index].append(value) }
        }
        subscript(index: Int) -> [String] { index < columns.count ? columns[index] : [] }
    }

    private static func json(_ value: some Encodable) throws -> String { try PostgresJSON(value).text }

    private static func array(_ values: [String]) -> String {
        "{" + values.map { "\"\($0)\"" }.joined(separator: ",") + "}"
    }
}
