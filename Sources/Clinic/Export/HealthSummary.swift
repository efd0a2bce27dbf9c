import Foundation

/// A resident's health-file summary, as `GET /v1/residents/{id}/summary` returns it in JSON: what a hospital
/// or a home-visit team needs on one page. Built from the resident and their `HealthFile`; the identity number
/// is masked and consultations carry notes only when the reader's visibility allows (doctors and admins).
public struct HealthSummary: Codable, Sendable, Equatable {
    /// Demographics; `idNumber` masked as everywhere in the API.
    public var resident: Resident
    /// Age in whole years on `exportDate`.
    public var age: Int
    public var clinicName: String
    /// The clinic's date of the export.
    public var exportDate: LocalDate
    public var generatedAt: ZonedInstant
    public var activeProblems: [Problem]
    /// Medications without an end date, or ending today or later.
    public var medications: [Medication]
    public var allergies: [Allergy]
    public var latestVitals: VitalSignsEntry?
    /// One entry per measure that has been taken, in `Vitals` order.
    public var vitalTrends: [VitalTrend]
    /// The newest assessment of each kind, Barthel first.
    public var latestAssessments: [AssessmentSummary]
    /// Newest first, at most `HealthSummary.consultationLimit`.
    public var lastConsultations: [Consultation]
    public var followUpsDue: [PendingFollowUp]

    /// How many consultations a summary lists.
    public static let consultationLimit = 5

    public init(
        resident: Resident, file: HealthFile, clinicName: String, today: LocalDate, generatedAt: ZonedInstant
    ) {
        self.resident = resident
        age = resident.birthDate.age(on: today)
        self.clinicName = clinicName
        exportDate = today
        self.generatedAt = generatedAt
        activeProblems = file.problems.filter { $0.status == .active }
        medications = file.medications.filter { medication in medication.until.map { $0 >= today } ?? true }
        allergies = file.allergies
        latestVitals = file.latestVitals
        vitalTrends = VitalTrend.trends(file.vitalsHistory)
        latestAssessments = AssessmentKind.allCases.compactMap { kind in
            file.assessments.filter { $0.kind == kind }.max { $0.takenAt < $1.takenAt }.map(AssessmentSummary.init)
        }
        lastConsultations = Array(
            file.consultations.sorted { $0.startedAt > $1.startedAt }.prefix(Self.consultationLimit))
        followUpsDue = file.followUpsDue
    }
}

/// The latest score of one kind of assessment with its band in words.
public struct AssessmentSummary: Codable, Sendable, Equatable {
    public var id: UUID
    public var kind: AssessmentKind
    public var score: Int
    public var maximumScore: Int
    /// An `AssessmentBand` raw value.
    public var band: String
    public var bandLabel: Label
    public var takenAt: ZonedInstant

    public struct Label: Codable, Sendable, Equatable {
        public var en: String
        public var zh: String
    }

    public init(_ record: AssessmentRecord) {
        id = record.id
        kind = record.kind
        score = record.score
        maximumScore = record.kind.maximumScore
        band = record.band
        let label = (AssessmentBand(rawValue: record.band) ?? AssessmentBand(kind: record.kind, score: record.score))
            .label(for: record.kind)
        bandLabel = Label(en: label.english, zh: label.chinese)
        takenAt = record.takenAt
    }
}

/// How one vital measure has moved: its recent values (newest first) and the direction of the latest change.
public struct VitalTrend: Codable, Sendable, Equatable {
    /// The `Vitals` field: `systolic`, `heartRate`, …
    public var measure: String
    /// UCUM unit.
    public var unit: String
    public var values: [Reading]
    /// `up`, `down` or `steady` against the reading before the latest; absent with a single reading.
    public var direction: Direction?

    public enum Direction: String, Codable, Sendable {
        case up, down, steady
    }

    public struct Reading: Codable, Sendable, Equatable {
        public var value: Double
        public var takenAt: ZonedInstant
    }

    /// How many readings of each measure a trend shows.
    public static let readingLimit = 5

    /// The measures in `Vitals` order with their UCUM units and the change below which a trend is `steady`
    /// (within the noise of one measurement).
    static let measures: [(field: String, unit: String, tolerance: Double)] = [
        ("systolic", "mm[Hg]", 5), ("diastolic", "mm[Hg]", 5), ("heartRate", "/min", 5), ("spo2", "%", 1),
        ("temperature", "Cel", 0.3), ("glucose", "mmol/L", 0.5), ("weightKg", "kg", 1), ("heightCm", "cm", 1),
    ]

    /// Trends over `history` (any order), one per measure that has at least one reading.
    public static func trends(_ history: [VitalSignsEntry]) -> [VitalTrend] {
        let newestFirst = history.sorted { $0.takenAt > $1.takenAt }
        return measures.compactMap { measure in
            let readings = newestFirst.compactMap { entry -> Reading? in
                guard let value = entry.vitals.measures.first(where: { $0.field == measure.field })?.value else {
                    return nil
                }
                return Reading(value: value, takenAt: entry.takenAt)
            }
            guard let latest = readings.first else { return nil }
            var direction: Direction?
            if readings.count > 1 {
                let change = latest.value - readings[1].value
                direction = abs(change) < measure.tolerance ? .steady : (change > 0 ? .up : .down)
            }
            return VitalTrend(
                measure: measure.field, unit: measure.unit, values: Array(readings.prefix(readingLimit)),
                direction: direction)
        }
    }
}
