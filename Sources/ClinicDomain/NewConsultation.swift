import Foundation

/// A new consultation (and the input of a draft update). Enumerated values arrive as text so that an unknown one is
/// a field error, not an undecodable input; `validate` turns the whole input into a `ConsultationDraft`.
package struct NewConsultation: Codable, Sendable, Equatable {
    package var residentId: UUID
    package var appointmentId: UUID?
    package var mode: String
    package var channel: String?
    package var startedAt: ZonedInstant
    package var endedAt: ZonedInstant
    package var notes: ConsultationNotes?
    package var vitals: Vitals?
    package var diagnoses: [DiagnosisInput]?
    package var treatments: [TreatmentInput]?
    package var advice: String?
    package var followUp: FollowUpInput?

    package struct DiagnosisInput: Codable, Sendable, Equatable {
        package var code: String?
        package var text: String
        package init(code: String? = nil, text: String) {
            self.code = code
            self.text = text
        }
    }

    package struct TreatmentInput: Codable, Sendable, Equatable {
        package var kind: String
        package var text: String
        package init(kind: String, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    package struct FollowUpInput: Codable, Sendable, Equatable {
        package var inDays: Int
        package var mode: String
        package var note: String?
        package init(inDays: Int, mode: String, note: String? = nil) {
            self.inDays = inDays
            self.mode = mode
            self.note = note
        }
    }

    package init(
        residentId: UUID, appointmentId: UUID? = nil, mode: String, channel: String? = nil, startedAt: ZonedInstant,
        endedAt: ZonedInstant, notes: ConsultationNotes? = nil, vitals: Vitals? = nil,
        diagnoses: [DiagnosisInput]? = nil, treatments: [TreatmentInput]? = nil, advice: String? = nil,
        followUp: FollowUpInput? = nil
    ) {
        self.residentId = residentId
        self.appointmentId = appointmentId
        self.mode = mode
        self.channel = channel
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.notes = notes
        self.vitals = vitals
        self.diagnoses = diagnoses
        self.treatments = treatments
        self.advice = advice
        self.followUp = followUp
    }

    /// The longest consultation accepted: a home visit far out on the plateau can take a morning, not a day.
    static let maximumDuration: TimeInterval = 12 * 3600
    /// How far in the future the end may lie (clock skew of a doctor's phone), judged against `now`.
    static let allowedFutureSkew: TimeInterval = 15 * 60
    static let maximumNoteLength = 20_000
    static let maximumListCount = 50

    /// Every broken rule at once, or the checked values.
    package func validate(now: Date) throws(ValidationError) -> ConsultationDraft {
        var v = Validator()
        let mode = ConsultationMode(rawValue: mode)
        v.check(mode != nil, field: "mode", message: "must be one of onsite, remote, home")
        var channel: ConsultationChannel?
        if let text = self.channel {
            channel = ConsultationChannel(rawValue: text)
            v.check(channel != nil, field: "channel", message: "must be one of video, phone")
        }
        if mode == .remote {
            v.check(self.channel != nil, field: "channel", message: "is required for a remote consultation")
        } else if mode != nil {
            v.check(self.channel == nil, field: "channel", message: "is only given for a remote consultation")
        }
        let duration = endedAt.date.timeIntervalSince(startedAt.date)
        if v.check(duration >= 0, field: "endedAt", message: "must not be before startedAt") {
            v.check(
                duration <= Self.maximumDuration, field: "endedAt",
                message: "must be at most \(Int(Self.maximumDuration / 3600)) hours after startedAt")
        }
        v.check(
            endedAt.date <= now.addingTimeInterval(Self.allowedFutureSkew), field: "endedAt",
            message: "must not be in the future")

        let notes = self.notes ?? ConsultationNotes()
        for (name, text) in [
            ("subjective", notes.subjective), ("objective", notes.objective), ("assessment", notes.assessment),
            ("plan", notes.plan),
        ] {
            v.include(ClinicalText.errors(text, field: "notes." + name, maximum: Self.maximumNoteLength))
        }

        var vitals = self.vitals
        if let given = vitals {
            if given.isEmpty { vitals = nil } else { v.include(given.fieldErrors(prefix: "vitals")) }
        }

        var diagnoses: [Diagnosis] = []
        let diagnosisInputs = self.diagnoses ?? []
        v.check(
            diagnosisInputs.count <= Self.maximumListCount, field: "diagnoses",
            message: "must hold at most \(Self.maximumListCount) entries")
        for (position, input) in diagnosisInputs.enumerated() {
            let field = FieldPath.index("diagnoses", position)
            var code: String?
            if let raw = input.code, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                code = ICD10.normalized(raw)
                v.check(
                    code != nil, field: field + ".code",
                    message: "must be an ICD-10 code such as I10 or E11.9")
            }
            v.include(ClinicalText.requiredErrors(input.text, field: field + ".text", maximum: 500))
            diagnoses.append(Diagnosis(code: code, text: ClinicalText.trimmed(input.text)))
        }

        var treatments: [Treatment] = []
        let treatmentInputs = self.treatments ?? []
        v.check(
            treatmentInputs.count <= Self.maximumListCount, field: "treatments",
            message: "must hold at most \(Self.maximumListCount) entries")
        for (position, input) in treatmentInputs.enumerated() {
            let field = FieldPath.index("treatments", position)
            let kind = TreatmentKind(rawValue: input.kind)
            v.check(
                kind != nil, field: field + ".kind",
                message: "must be one of " + TreatmentKind.allCases.map(\.rawValue).joined(separator: ", "))
            v.include(ClinicalText.requiredErrors(input.text, field: field + ".text", maximum: 2000))
            if let kind { treatments.append(Treatment(kind: kind, text: ClinicalText.trimmed(input.text))) }
        }

        v.include(ClinicalText.errors(advice ?? "", field: "advice", maximum: 5000))

        var followUp: ConsultationDraft.FollowUpRequest?
        if let input = self.followUp {
            v.check(
                (1...365).contains(input.inDays), field: "followUp.inDays", message: "must be between 1 and 365")
            let followUpMode = ConsultationMode(rawValue: input.mode)
            v.check(followUpMode != nil, field: "followUp.mode", message: "must be one of onsite, remote, home")
            v.include(ClinicalText.errors(input.note ?? "", field: "followUp.note", maximum: 1000))
            if let followUpMode {
                followUp = .init(inDays: input.inDays, mode: followUpMode, note: ClinicalText.clean(input.note))
            }
        }

        try v.finish()
        return ConsultationDraft(
            residentId: residentId, appointmentId: appointmentId, mode: mode!, channel: channel,
            startedAt: startedAt.date, endedAt: endedAt.date, notes: notes, vitals: vitals,
            vitalFlags: vitals?.flags() ?? [], diagnoses: diagnoses, treatments: treatments,
            advice: ClinicalText.clean(advice), followUp: followUp)
    }
}

/// A consultation input that passed validation, ready for the store.
package struct ConsultationDraft: Sendable, Equatable {
    package struct FollowUpRequest: Sendable, Equatable {
        package var inDays: Int
        package var mode: ConsultationMode
        package var note: String?
    }

    package var residentId: UUID
    package var appointmentId: UUID?
    package var mode: ConsultationMode
    package var channel: ConsultationChannel?
    package var startedAt: Date
    package var endedAt: Date
    package var notes: ConsultationNotes
    package var vitals: Vitals?
    /// Computed for an adult: the BMI flags are the only ones that depend on age, and the store recomputes them
    /// with the resident's age.
    package var vitalFlags: [String]
    package var diagnoses: [Diagnosis]
    package var treatments: [Treatment]
    package var advice: String?
    package var followUp: FollowUpRequest?
}

/// Checks for free clinical text: unlike names, notes may hold line breaks and tabs, but no other control characters.
package enum ClinicalText {
    static func errors(_ text: String, field: String, maximum: Int) -> [FieldError] {
        var v = Validator()
        v.check(text.unicodeScalars.count <= maximum, field: field, message: "must be at most \(maximum) characters")
        v.check(
            !text.unicodeScalars.contains {
                $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t"
            }, field: field, message: "must not contain control characters other than line breaks and tabs")
        return v.errors
    }

    /// As `errors`, and the text must not be blank.
    package static func requiredErrors(_ text: String, field: String, maximum: Int) -> [FieldError] {
        guard !trimmed(text).isEmpty else { return [FieldError(field: field, message: "must not be empty")] }
        return errors(text, field: field, maximum: maximum)
    }

    package static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Trimmed, blanks as nil.
    package static func clean(_ text: String?) -> String? { TextRules.clean(text) }
}
