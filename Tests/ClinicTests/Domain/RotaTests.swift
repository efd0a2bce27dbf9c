import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

@Suite struct RotaTests {
    static func doctorId(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
    }

    static func sessions(from: String, to: String, settings: ClinicSettings = .default) throws -> [RotaSession] {
        let days = try ClinicCalendar.clinicDays(from: LocalDate(from)!, to: LocalDate(to)!, settings: settings)
        return try RotaSession.sessions(on: days, settings: settings)
    }

    static func counts(_ plan: RotaPlan) -> [UUID: Int] {
        plan.assignments.reduce(into: [:]) { $0[$1.doctorId, default: 0] += 1 }
    }

    @Test func sessionsComeFromClinicDaysInOrder() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-03")
        #expect(
            sessions.map { "\($0.date) \($0.session)" } == [
                "2026-12-01 morning", "2026-12-01 afternoon", "2026-12-03 morning", "2026-12-03 afternoon",
            ])
        #expect(sessions[0].start == ISO8601DateFormatter().date(from: "2026-12-01T01:30:00Z"))
        #expect(sessions[1].end == ISO8601DateFormatter().date(from: "2026-12-01T10:00:00Z"))
    }

    @Test func equalDoctorsTakeTurnsInRotation() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-17")  // 6 days, 12 sessions
        let doctors = (1...3).map { RotaDoctor(id: Self.doctorId($0)) }
        let plan = RotaPlanner.generate(sessions: sessions, doctors: doctors)
        #expect(plan.gaps.isEmpty)
        #expect(plan.assignments.count == 12)
        #expect(plan.assignments.map(\.doctorId) == (0..<12).map { Self.doctorId($0 % 3 + 1) })
        #expect(plan.totals == [Self.doctorId(1): 4, Self.doctorId(2): 4, Self.doctorId(3): 4])
        #expect(
            plan.assignments[0]
                == RotaAssignment(date: LocalDate("2026-12-01")!, session: "morning", doctorId: Self.doctorId(1)))
    }

    @Test func inactiveDoctorsAndDoctorsWithoutModesAreNotRostered() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-03")
        let doctors = [
            RotaDoctor(id: Self.doctorId(1), active: false),
            RotaDoctor(id: Self.doctorId(2), modes: []),
            RotaDoctor(id: Self.doctorId(3), modes: [.remote]),
        ]
        let plan = RotaPlanner.generate(sessions: sessions, doctors: doctors)
        #expect(Set(plan.assignments.map(\.doctorId)) == [Self.doctorId(3)])
        #expect(plan.assignments.count == 4)
        #expect(plan.totals[Self.doctorId(1)] == 0)
    }

    @Test func unavailableDatesAreRespectedAndEmptySessionsReported() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-10")
        let away = LocalDate("2026-12-03")!...LocalDate("2026-12-08")!
        let doctors = [RotaDoctor(id: Self.doctorId(1), unavailable: [away])]
        let plan = RotaPlanner.generate(sessions: sessions, doctors: doctors)
        #expect(plan.assignments.map(\.date.description) == ["2026-12-01", "2026-12-01", "2026-12-10", "2026-12-10"])
        #expect(
            plan.gaps.map { "\($0.session.date) \($0.session.session) \($0.missing)" } == [
                "2026-12-03 morning 1", "2026-12-03 afternoon 1", "2026-12-08 morning 1", "2026-12-08 afternoon 1",
            ])
    }

    @Test func noDoctorsMeansEverySessionIsAGap() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-03")
        let plan = RotaPlanner.generate(sessions: sessions, doctors: [])
        #expect(plan.assignments.isEmpty)
        #expect(plan.gaps.count == 4)
    }

    @Test func priorCountsCarryFairnessAcrossPeriods() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-10")  // 8 sessions
        let doctors = [
            RotaDoctor(id: Self.doctorId(1), priorCount: 10),
            RotaDoctor(id: Self.doctorId(2), priorCount: 6),
            RotaDoctor(id: Self.doctorId(3), priorCount: 7),
        ]
        let plan = RotaPlanner.generate(sessions: sessions, doctors: doctors)
        // Doctor 2 catches up to 7, then 2 and 3 alternate up to 10, then doctor 1 (served least recently).
        #expect(Self.counts(plan) == [Self.doctorId(1): 1, Self.doctorId(2): 4, Self.doctorId(3): 3])
        #expect(plan.totals == [Self.doctorId(1): 11, Self.doctorId(2): 10, Self.doctorId(3): 10])
    }

    @Test func tiesGoToTheDoctorServedLeastRecently() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-01")
        let earlier = ISO8601DateFormatter().date(from: "2026-11-26T01:30:00Z")!
        let later = ISO8601DateFormatter().date(from: "2026-11-26T07:00:00Z")!
        let doctors = [
            RotaDoctor(id: Self.doctorId(1), priorCount: 3, lastServed: later),
            RotaDoctor(id: Self.doctorId(2), priorCount: 3, lastServed: earlier),
            RotaDoctor(id: Self.doctorId(3), priorCount: 3, lastServed: nil),
        ]
        let plan = RotaPlanner.generate(sessions: sessions, doctors: doctors)
        #expect(plan.assignments.map(\.doctorId) == [Self.doctorId(3), Self.doctorId(2)])
    }

    @Test func lockedAssignmentsAreKeptAndCounted() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-10")  // 8 sessions
        let locked = [
            RotaAssignment(date: LocalDate("2026-12-03")!, session: "morning", doctorId: Self.doctorId(1)),
            RotaAssignment(date: LocalDate("2026-12-08")!, session: "afternoon", doctorId: Self.doctorId(1)),
            // Not among the planned sessions: ignored.
            RotaAssignment(date: LocalDate("2027-05-01")!, session: "morning", doctorId: Self.doctorId(1)),
        ]
        let doctors = (1...2).map { RotaDoctor(id: Self.doctorId($0)) }
        let plan = RotaPlanner.generate(sessions: sessions, doctors: doctors, locked: locked)
        #expect(plan.assignments.count == 6)
        #expect(!plan.assignments.contains { $0.date == LocalDate("2026-12-03")! && $0.session == "morning" })
        #expect(plan.totals == [Self.doctorId(1): 4, Self.doctorId(2): 4])
        #expect(plan.gaps.isEmpty)
    }

    @Test func lockedAssignmentOfAnInactiveDoctorStillFillsTheSeat() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-01")
        let locked = [RotaAssignment(date: LocalDate("2026-12-01")!, session: "morning", doctorId: Self.doctorId(9))]
        let plan = RotaPlanner.generate(
            sessions: sessions,
            doctors: [RotaDoctor(id: Self.doctorId(9), active: false), RotaDoctor(id: Self.doctorId(1))],
            locked: locked)
        #expect(
            plan.assignments == [
                RotaAssignment(date: LocalDate("2026-12-01")!, session: "afternoon", doctorId: Self.doctorId(1))
            ])
        #expect(plan.totals[Self.doctorId(9)] == 1)
    }

    @Test func aDoctorIsNeverInTwoOverlappingSessions() throws {
        let base = ISO8601DateFormatter().date(from: "2026-12-01T01:30:00Z")!
        let day = LocalDate("2026-12-01")!
        let sessions = [
            RotaSession(date: day, session: "clinic", start: base, end: base.addingTimeInterval(3 * 3600)),
            RotaSession(
                date: day, session: "outreach", start: base.addingTimeInterval(3600),
                end: base.addingTimeInterval(4 * 3600)),
            RotaSession(
                date: day, session: "after", start: base.addingTimeInterval(3 * 3600),
                end: base.addingTimeInterval(5 * 3600)),
        ]
        let plan = RotaPlanner.generate(sessions: sessions, doctors: [RotaDoctor(id: Self.doctorId(1))])
        #expect(plan.assignments.map(\.session) == ["clinic", "after"])  // touching ends are fine
        #expect(plan.gaps.map(\.session.session) == ["outreach"])
    }

    @Test func severalDoctorsPerSessionAreDistinct() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-03")
        let doctors = (1...3).map { RotaDoctor(id: Self.doctorId($0)) }
        let plan = RotaPlanner.generate(sessions: sessions, doctors: doctors, doctorsPerSession: 2)
        #expect(plan.assignments.count == 8)
        for session in sessions {
            let onIt = plan.assignments.filter { $0.date == session.date && $0.session == session.session }.map(
                \.doctorId)
            #expect(Set(onIt).count == 2)
        }
        let counts = Self.counts(plan).values
        #expect(counts.max()! - counts.min()! <= 1)
        let short = RotaPlanner.generate(
            sessions: Array(sessions.prefix(1)), doctors: Array(doctors.prefix(1)), doctorsPerSession: 2)
        #expect(short.gaps.map(\.missing) == [1])
    }

    @Test func duplicateSessionsArePlannedOnce() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-01")
        let plan = RotaPlanner.generate(sessions: sessions + sessions, doctors: [RotaDoctor(id: Self.doctorId(1))])
        #expect(plan.assignments.count == 2)
    }

    @Test func conflictsForManualSwaps() throws {
        let sessions = try Self.sessions(from: "2026-12-01", to: "2026-12-03")
        let doctor = RotaDoctor(
            id: Self.doctorId(1), unavailable: [LocalDate("2026-12-03")!...LocalDate("2026-12-03")!])
        #expect(RotaPlanner.conflict(doctor: doctor, session: sessions[0], doctorSessions: []) == nil)
        #expect(RotaPlanner.conflict(doctor: doctor, session: sessions[1], doctorSessions: [sessions[0]]) == nil)
        #expect(
            RotaPlanner.conflict(doctor: doctor, session: sessions[0], doctorSessions: [sessions[0]])
                == .alreadyOnSession)
        #expect(RotaPlanner.conflict(doctor: doctor, session: sessions[2], doctorSessions: []) == .unavailable)
        var overlapping = sessions[0]
        overlapping.session = "extra"
        overlapping.start = overlapping.start.addingTimeInterval(1800)
        overlapping.end = overlapping.end.addingTimeInterval(1800)
        #expect(
            RotaPlanner.conflict(doctor: doctor, session: overlapping, doctorSessions: [sessions[0]]) == .overlapping)
        var inactive = doctor
        inactive.active = false
        #expect(RotaPlanner.conflict(doctor: inactive, session: sessions[0], doctorSessions: []) == .inactive)
        var idle = doctor
        idle.modes = []
        #expect(RotaPlanner.conflict(doctor: idle, session: sessions[0], doctorSessions: []) == .noModes)
    }

    /// Random doctors, unavailability and locks over half a year of clinic days: fairness, no double duty,
    /// no gaps while someone was free, and a result independent of input order.
    @Test(arguments: 0..<60)
    func propertiesHoldForRandomRotas(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &* 7919 &+ 1)
        let sessions = try Self.sessions(from: "2027-01-04", to: "2027-06-30")
        let firstDay = sessions.first!.date
        let doctors: [RotaDoctor] = (1...Int.random(in: 2...10, using: &random)).map { n in
            let unavailable: [ClosedRange<LocalDate>] = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                let start = firstDay.adding(days: Int.random(in: 0...170, using: &random))
                return start...start.adding(days: Int.random(in: 0...30, using: &random))
            }
            let alwaysAvailable = n % 3 == 1
            return RotaDoctor(
                id: UUID(),
                active: n == 5 ? Bool.random(using: &random) : true,
                modes: Set(ConsultationMode.allCases.filter { _ in Bool.random(using: &random) }).union([.onsite]),
                unavailable: alwaysAvailable ? [] : unavailable)
        }
        let perSession = Int.random(in: 1...2, using: &random)
        let plan = RotaPlanner.generate(sessions: sessions, doctors: doctors, doctorsPerSession: perSession)

        let always = doctors.filter { $0.active && $0.unavailable.isEmpty }.map(\.id)
        let totals = plan.totals
        if let low = always.map({ totals[$0]! }).min(), let high = always.map({ totals[$0]! }).max() {
            #expect(high - low <= 1)
            #expect(doctors.allSatisfy { totals[$0.id]! <= low + 1 })
        }

        let byId = Dictionary(uniqueKeysWithValues: doctors.map { ($0.id, $0) })
        let sessionOf = Dictionary(uniqueKeysWithValues: sessions.map { (SessionKey($0), $0) })
        var served: [UUID: [RotaSession]] = [:]
        for assignment in plan.assignments {
            let session = try #require(sessionOf[SessionKey(date: assignment.date, session: assignment.session)])
            let doctor = try #require(byId[assignment.doctorId])
            #expect(doctor.canServe(on: assignment.date))
            #expect(!(served[doctor.id] ?? []).contains { $0.overlaps(session) })
            served[doctor.id, default: []].append(session)
        }
        for gap in plan.gaps {
            let onIt = plan.assignments.filter { $0.date == gap.session.date && $0.session == gap.session.session }.map(
                \.doctorId)
            #expect(gap.missing == perSession - onIt.count)
            let free = doctors.filter {
                $0.canServe(on: gap.session.date) && !onIt.contains($0.id)
                    && !(served[$0.id] ?? []).contains { $0.overlaps(gap.session) }
            }
            #expect(free.isEmpty)
        }
        #expect(plan.assignments.count + plan.gaps.map(\.missing).reduce(0, +) == sessions.count * perSession)

        let shuffled = RotaPlanner.generate(
            sessions: sessions.shuffled(using: &random), doctors: doctors.shuffled(using: &random),
            doctorsPerSession: perSession)
        #expect(shuffled == plan)
    }
}
