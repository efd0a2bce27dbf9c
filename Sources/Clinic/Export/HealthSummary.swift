import ClinicDomain
import Foundation

/// A resident's health-file summary, as `GET /v1/residents/{id}/summary` returns it in JSON: what a hospital
/// or a home-visit team needs on one page. Built from the resident and their `HealthFile`; the identity number
/// is masked and consultations carry notes only when the reader's visibility allows (doctors and admins).
struct HealthSummary: Codable, Sendable, Equatable {
    /// Demographics; `idNumber` masked as everywhere in the API.
    var resident: Resident
    /// Age in whole years on `exportDate`.
    var age: Int
    var clinicName: String
    /// The clinic's date of the export.
    var exportDate: LocalDate
    var generatedAt: ZonedInstant
    var activeProblems: [Problem]
    /// Medications without an end date, or ending today or later.
    var medications: [Medication]
    var allergies: [Allergy]
    var latestVitals: VitalSignsEntry?
    /// One entry per measure that has been taken, in `Vitals` order.
    var vitalTrends: [VitalTrend]
    /// The newest assessment of each kind, Barthel first.
    var latestAssessments: [AssessmentSummary]
    /// Newest first, at most `HealthSummary.consultationLimit`.
    var lastConsultations: [Consultation]
    var followUpsDue: [PendingFollowUp]

    /// How many consultations a summary lists.
    static let consultationLimit = 5

    init(
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
struct AssessmentSummary: Codable, Sendable, Equatable {
    var id: UUID
    var kind: AssessmentKind
    var score: Int
    var maximumScore: Int
    /// An `AssessmentBand` raw value.
    var band: String
    var bandLabel: Label
    var takenAt: ZonedInstant

    struct Label: Codable, Sendable, Equatable {
        var en: String
        var zh: String
    }

    init(_ record: AssessmentRecord) {
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
struct VitalTrend: Codable, Sendable, Equatable {
    /// The `Vitals` field: `systolic`, `heartRate`, …
    var measure: String
    /// UCUM unit.
    var unit: String
    var values: [Reading]
    /// `up`, `down` or `steady` against the reading before the latest; absent with a single reading.
    var direction: Direction?

    enum Direction: String, Codable, Sendable {
        case up, down, steady
    }

    struct Reading: Codable, Sendable, Equatable {
        var value: Double
        var takenAt: ZonedInstant
    }

    /// How many readings of each measure a trend shows.
    static let readingLimit = 5

    /// The measures in `Vitals` order with their UCUM units and the change below which a trend is `steady`
    /// (within the noise of one measurement).
    static let measures: [(field: String, unit: String, tolerance: Double)] = [
        ("systolic", "mm[Hg]", 5), ("diastolic", "mm[Hg]", 5), ("heartRate", "/min", 5), ("spo2", "%", 1),
        ("temperature", "Cel", 0.3), ("glucose", "mmol/L", 0.5), ("weightKg", "kg", 1), ("heightCm", "cm", 1),
    ]

    /// Trends over `history` (any order), one per measure that has at least one reading.
    static func trends(_ history: [VitalSignsEntry]) -> [VitalTrend] {
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
