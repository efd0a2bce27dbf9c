import Foundation

/// How a remote consultation reached the resident. Required for remote, absent otherwise.
public enum ConsultationChannel: String, Codable, Sendable, CaseIterable {
    case video, phone
}

/// The SOAP notes of a consultation: what doctors and admins read, never staff.
public struct ConsultationNotes: Codable, Sendable, Equatable {
    public var subjective: String
    public var objective: String
    public var assessment: String
    public var plan: String

    public init(subjective: String = "", objective: String = "", assessment: String = "", plan: String = "") {
        self.subjective = subjective
        self.objective = objective
        self.assessment = assessment
        self.plan = plan
    }

    /// Missing parts read as empty, so `{"subjective":"cough"}` is a valid set of notes.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subjective = try c.decodeIfPresent(String.self, forKey: .subjective) ?? ""
        objective = try c.decodeIfPresent(String.self, forKey: .objective) ?? ""
        assessment = try c.decodeIfPresent(String.self, forKey: .assessment) ?? ""
        plan = try c.decodeIfPresent(String.self, forKey: .plan) ?? ""
    }
}

/// A diagnosis: free text, with an ICD-10 code when the doctor gives one (stored in canonical form).
public struct Diagnosis: Codable, Sendable, Equatable {
    public var code: String?
    public var text: String

    public init(code: String? = nil, text: String) {
        self.code = code
        self.text = text
    }
}

/// What was done or prescribed. Traditional Tibetan medicine has kinds of its own: the clinic's free clinics
/// offer plaster therapy, and residents often take Tibetan herbal medicine alongside Western drugs.
public enum TreatmentKind: String, Codable, Sendable, CaseIterable {
    case medication, injection, infusion, woundCare, physiotherapy, education, referral
    /// Tibetan medicine plaster therapy (藏药贴敷).
    case tibetanPlaster
    /// Tibetan herbal medicine (藏药).
    case tibetanMedicine
    /// Moxibustion, cupping, acupuncture and other external therapies.
    case externalTherapy
    case other
}

public struct Treatment: Codable, Sendable, Equatable {
    public var kind: TreatmentKind
    public var text: String

    public init(kind: TreatmentKind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A follow-up the doctor asked for, with the clinic date it falls due (the consultation's end date plus
/// `inDays`). It stays in the follow-up work list until a later consultation or an appointment satisfies it.
public struct FollowUp: Codable, Sendable, Equatable {
    public var inDays: Int
    public var mode: ConsultationMode
    /// The doctor's words: nil under `ConsultationVisibility.overview` (staff learn that, when and how, not why).
    public var note: String?
    public var dueDate: LocalDate

    public init(inDays: Int, mode: ConsultationMode, note: String? = nil, dueDate: LocalDate) {
        self.inDays = inDays
        self.mode = mode
        self.note = note
        self.dueDate = dueDate
    }
}

/// A correction or later finding added to a consultation, usually a signed one. Never changed.
public struct Addendum: Codable, Sendable, Equatable {
    public var id: UUID
    public var consultationId: UUID
    /// The doctor who wrote it.
    public var authorId: UUID
    public var text: String
    public var createdAt: ZonedInstant
}

/// A consultation as the API returns it. Under `ConsultationVisibility.overview` the clinical fields (and
/// `followUp.note`) are nil and left out of the JSON.
public struct Consultation: Codable, Sendable, Equatable {
    public var id: UUID
    public var residentId: UUID
    public var doctorId: UUID
    public var doctorName: String?
    public var appointmentId: UUID?
    public var mode: ConsultationMode
    public var channel: ConsultationChannel?
    public var startedAt: ZonedInstant
    public var endedAt: ZonedInstant
    /// Whole minutes between start and end, rounded.
    public var durationMinutes: Int
    public var notes: ConsultationNotes?
    public var vitals: Vitals?
    /// Abnormal-but-plausible findings of `vitals` (`lowSpO2`, `hypertensive`, …).
    public var vitalFlags: [String]?
    public var diagnoses: [Diagnosis]?
    public var treatments: [Treatment]?
    public var advice: String?
    public var followUp: FollowUp?
    public var signed: Bool
    public var signedAt: ZonedInstant?
    public var signedBy: UUID?
    public var addenda: [Addendum]?
    public var createdAt: ZonedInstant
    public var updatedAt: ZonedInstant
}

/// One of a doctor's unsigned consultations older than the configured age: the "please sign" list.
public struct UnsignedDraft: Codable, Sendable, Equatable {
    public var consultationId: UUID
    public var residentId: UUID
    public var residentNames: ResidentNames
    public var mode: ConsultationMode
    public var startedAt: ZonedInstant
    public var createdAt: ZonedInstant
    /// Whole hours since the draft was created.
    public var ageHours: Int
}
