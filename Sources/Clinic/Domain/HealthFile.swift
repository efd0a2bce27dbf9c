import Foundation

/// A resident's longitudinal record, as `GET /v1/residents/{id}/health-file` returns it. Consultations and pending
/// follow-ups follow the reader's `ConsultationVisibility` (staff get them without notes or follow-up notes).
public struct HealthFile: Codable, Sendable, Equatable {
    public var residentId: UUID
    public var problems: [Problem]
    public var medications: [Medication]
    public var allergies: [Allergy]
    /// The most recent set of vitals, from a consultation or a screening.
    public var latestVitals: VitalSignsEntry?
    /// Newest first, at most `HealthFileStore.historyLimit` entries.
    public var vitalsHistory: [VitalSignsEntry]
    /// Newest first.
    public var assessments: [AssessmentRecord]
    /// Newest first, at most `HealthFileStore.historyLimit` entries.
    public var consultations: [Consultation]
    /// Requested follow-ups not yet satisfied by a later consultation or appointment, earliest due first
    /// (due or not yet due: the file shows what is pending).
    public var followUpsDue: [PendingFollowUp]
}

/// A follow-up a doctor asked for that no later consultation or appointment has satisfied yet.
public struct PendingFollowUp: Codable, Sendable, Equatable {
    public var consultationId: UUID
    public var doctorId: UUID
    public var requestedAt: ZonedInstant
    public var inDays: Int
    public var mode: ConsultationMode
    /// The doctor's words: doctors and admins only (`ConsultationVisibility`).
    public var note: String?
    public var dueDate: LocalDate
}
