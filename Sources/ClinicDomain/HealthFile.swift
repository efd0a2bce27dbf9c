import Foundation

/// A resident's longitudinal record, as `GET /v1/residents/{id}/health-file` returns it. Consultations and pending
/// follow-ups follow the reader's `ConsultationVisibility` (staff get them without notes or follow-up notes).
package struct HealthFile: Codable, Sendable, Equatable {
    package var residentId: UUID
    package var problems: [Problem]
    package var medications: [Medication]
    package var allergies: [Allergy]
    /// The most recent set of vitals, from a consultation or a screening.
    package var latestVitals: VitalSignsEntry?
    /// Newest first, at most `HealthFileStore.historyLimit` entries.
    package var vitalsHistory: [VitalSignsEntry]
    /// Newest first.
    package var assessments: [AssessmentRecord]
    /// Newest first, at most `HealthFileStore.historyLimit` entries.
    package var consultations: [Consultation]
    /// Requested follow-ups not yet satisfied by a later consultation or appointment, earliest due first
    /// (due or not yet due: the file shows what is pending).
    package var followUpsDue: [PendingFollowUp]

    package init(
        residentId: UUID,
        problems: [Problem],
        medications: [Medication],
        allergies: [Allergy],
        latestVitals: VitalSignsEntry? = nil,
        vitalsHistory: [VitalSignsEntry],
        assessments: [AssessmentRecord],
        consultations: [Consultation],
        followUpsDue: [PendingFollowUp]
    ) {
        self.residentId = residentId
        self.problems = problems
        self.medications = medications
        self.allergies = allergies
        self.latestVitals = latestVitals
        self.vitalsHistory = vitalsHistory
        self.assessments = assessments
        self.consultations = consultations
        self.followUpsDue = followUpsDue
    }
}

/// A follow-up a doctor asked for that no later consultation or appointment has satisfied yet.
package struct PendingFollowUp: Codable, Sendable, Equatable {
    package var consultationId: UUID
    package var doctorId: UUID
    package var requestedAt: ZonedInstant
    package var inDays: Int
    package var mode: ConsultationMode
    /// The doctor's words: doctors and admins only (`ConsultationVisibility`).
    package var note: String?
    package var dueDate: LocalDate
}
