import Foundation

/// How a remote consultation reached the resident. Required for remote, absent otherwise.
package enum ConsultationChannel: String, Codable, Sendable, CaseIterable {
    case video, phone
}

/// The SOAP notes of a consultation: what doctors and admins read, never staff.
package struct ConsultationNotes: Codable, Sendable, Equatable {
    package var subjective: String
    package var objective: String
    package var assessment: String
    package var plan: String

    package init(subjective: String = "", objective: String = "", assessment: String = "", plan: String = "") {
        self.subjective = subjective
        self.objective = objective
        self.assessment = assessment
        self.plan = plan
    }

    /// Missing parts read as empty, so `{"subjective":"cough"}` is a valid set of notes.
    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subjective = try c.decodeIfPresent(String.self, forKey: .subjective) ?? ""
        objective = try c.decodeIfPresent(String.self, forKey: .objective) ?? ""
        assessment = try c.decodeIfPresent(String.self, forKey: .assessment) ?? ""
        plan = try c.decodeIfPresent(String.self, forKey: .plan) ?? ""
    }
}

/// A diagnosis: free text, with an ICD-10 code when the doctor gives one (stored in canonical form).
package struct Diagnosis: Codable, Sendable, Equatable {
    package var code: String?
    package var text: String

    package init(code: String? = nil, text: String) {
        self.code = code
        self.text = text
    }
}

/// What was done or prescribed. Traditional Tibetan medicine has kinds of its own: the clinic's free clinics
/// offer plaster therapy, and residents often take Tibetan herbal medicine alongside Western drugs.
package enum TreatmentKind: String, Codable, Sendable, CaseIterable {
    case medication, injection, infusion, woundCare, physiotherapy, education, referral
    /// Tibetan medicine plaster therapy (藏药贴敷).
    case tibetanPlaster
    /// Tibetan herbal medicine (藏药).
    case tibetanMedicine
    /// Moxibustion, cupping, acupuncture and other external therapies.
    case externalTherapy
    case other
}

package struct Treatment: Codable, Sendable, Equatable {
    package var kind: TreatmentKind
    package var text: String

    package init(kind: TreatmentKind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A follow-up the doctor asked for, with the clinic date it falls due (the consultation's end date plus
/// `inDays`). It stays in the follow-up work list until a later consultation or an appointment satisfies it.
package struct FollowUp: Codable, Sendable, Equatable {
    package var inDays: Int
    package var mode: ConsultationMode
    /// The doctor's words: nil under `ConsultationVisibility.overview` (staff learn that, when and how, not why).
    package var note: String?
    package var dueDate: LocalDate

    package init(inDays: Int, mode: ConsultationMode, note: String? = nil, dueDate: LocalDate) {
        self.inDays = inDays
        self.mode = mode
        self.note = note
        self.dueDate = dueDate
    }
}

/// A correction or later finding added to a consultation, usually a signed one. Never changed.
package struct Addendum: Codable, Sendable, Equatable {
    package var id: UUID
    package var consultationId: UUID
    /// The doctor who wrote it.
    package var authorId: UUID
    package var text: String
    package var createdAt: ZonedInstant
}

/// A consultation as the API returns it. Under `ConsultationVisibility.overview` the clinical fields (and
/// `followUp.note`) are nil and left out of the JSON.
package struct Consultation: Codable, Sendable, Equatable {
    package var id: UUID
    /// The clinic the consultation belongs to (the resident's).
    package var clinicId: UUID?
    package var residentId: UUID
    package var doctorId: UUID
    package var doctorName: String?
    package var appointmentId: UUID?
    package var mode: ConsultationMode
    package var channel: ConsultationChannel?
    package var startedAt: ZonedInstant
    package var endedAt: ZonedInstant
    /// Whole minutes between start and end, rounded.
    package var durationMinutes: Int
    package var notes: ConsultationNotes?
    package var vitals: Vitals?
    /// Abnormal-but-plausible findings of `vitals` (`lowSpO2`, `hypertensive`, …).
    package var vitalFlags: [String]?
    package var diagnoses: [Diagnosis]?
    package var treatments: [Treatment]?
    package var advice: String?
    package var followUp: FollowUp?
    package var signed: Bool
    package var signedAt: ZonedInstant?
    package var signedBy: UUID?
    package var addenda: [Addendum]?
    package var createdAt: ZonedInstant
    package var updatedAt: ZonedInstant
}

/// One of a doctor's unsigned consultations older than the configured age: the "please sign" list.
package struct UnsignedDraft: Codable, Sendable, Equatable {
    package var consultationId: UUID
    package var residentId: UUID
    package var residentNames: ResidentNames
    package var mode: ConsultationMode
    package var startedAt: ZonedInstant
    package var createdAt: ZonedInstant
    /// Whole hours since the draft was created.
    package var ageHours: Int
}
