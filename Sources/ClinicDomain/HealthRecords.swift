import Foundation

/// Whether a problem still needs care.
package enum ProblemStatus: String, Codable, Sendable, CaseIterable {
    case active, resolved
}

/// A chronic condition reviewed every quarter (the national norm: four follow-ups a year). Derived by the database
/// from a problem's code (I10–I15, E11) or, without a code, its text.
package enum ChronicCondition: String, Codable, Sendable, CaseIterable {
    case hypertension, type2Diabetes
}

/// An entry of the problem list.
package struct Problem: Codable, Sendable, Equatable {
    package var id: UUID
    package var clinicId: UUID?
    package var code: String?
    package var text: String
    package var onset: LocalDate?
    package var status: ProblemStatus
    package var chronicCondition: ChronicCondition?
    package var createdAt: ZonedInstant
}

package struct Medication: Codable, Sendable, Equatable {
    package var id: UUID
    package var clinicId: UUID?
    package var name: String
    package var dose: String?
    package var since: LocalDate?
    package var until: LocalDate?
    package var createdAt: ZonedInstant
}

package enum AllergySeverity: String, Codable, Sendable, CaseIterable {
    case mild, moderate, severe
}

package struct Allergy: Codable, Sendable, Equatable {
    package var id: UUID
    package var clinicId: UUID?
    package var substance: String
    package var reaction: String?
    package var severity: AllergySeverity?
    package var createdAt: ZonedInstant
}

/// Where a set of vitals was taken.
package enum VitalSignsSource: String, Codable, Sendable, CaseIterable {
    /// Written with a consultation (one entry per consultation).
    case consultation
    /// Taken on its own: screening days, a grid worker's visit.
    case screening
}

/// One set of vitals in the history. JSON is flat, as the input is: `{"id","takenAt","source",
/// "consultationId","flags","systolic",...}`.
package struct VitalSignsEntry: Codable, Sendable, Equatable {
    package var id: UUID
    package var clinicId: UUID?
    package var takenAt: ZonedInstant
    package var source: VitalSignsSource
    package var consultationId: UUID?
    package var vitals: Vitals
    package var flags: [String]

    enum CodingKeys: String, CodingKey { case id, clinicId, takenAt, source, consultationId, flags }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        clinicId = try c.decodeIfPresent(UUID.self, forKey: .clinicId)
        takenAt = try c.decode(ZonedInstant.self, forKey: .takenAt)
        source = try c.decode(VitalSignsSource.self, forKey: .source)
        consultationId = try c.decodeIfPresent(UUID.self, forKey: .consultationId)
        flags = try c.decodeIfPresent([String].self, forKey: .flags) ?? []
        vitals = try Vitals(from: decoder)
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(clinicId, forKey: .clinicId)
        try c.encode(takenAt, forKey: .takenAt)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(consultationId, forKey: .consultationId)
        try c.encode(flags, forKey: .flags)
        try vitals.encode(to: encoder)
    }
}

/// A scored assessment: `{"id","kind","items","score","band","takenAt"}`. The score and band are the server's,
/// never the client's; `band` is an `AssessmentBand` raw value (Barthel: Shah banding).
package struct AssessmentRecord: Codable, Sendable, Equatable {
    package var id: UUID
    package var clinicId: UUID?
    package var kind: AssessmentKind
    package var items: [String: Int]
    package var score: Int
    package var band: String
    package var takenAt: ZonedInstant
}

// MARK: inputs

/// `POST /v1/residents/{id}/problems`.
package struct NewProblem: Codable, Sendable, Equatable {
    package var code: String?
    package var text: String
    package var onset: LocalDate?
    package var status: String?

    package init(code: String? = nil, text: String, onset: LocalDate? = nil, status: String? = nil) {
        self.code = code
        self.text = text
        self.onset = onset
        self.status = status
    }

    /// The canonical code (nil when none), the trimmed text and the status (default active).
    package func validate(today: LocalDate) throws(ValidationError) -> (
        code: String?, text: String, onset: LocalDate?, status: ProblemStatus
    ) {
        var v = Validator()
        var canonical: String?
        if let code, !code.trimmingCharacters(in: .whitespaces).isEmpty {
            canonical = ICD10.normalized(code)
            v.check(canonical != nil, field: "code", message: "must be an ICD-10 code such as I10 or E11.9")
        }
        v.include(ClinicalText.requiredErrors(text, field: "text", maximum: 500))
        if let onset { v.check(onset <= today, field: "onset", message: "must not be in the future") }
        let status = ProblemStatus(rawValue: status ?? "active")
        v.check(status != nil, field: "status", message: "must be one of active, resolved")
        try v.finish()
        return (canonical, ClinicalText.trimmed(text), onset, status!)
    }
}

/// `POST /v1/residents/{id}/medications`.
package struct NewMedication: Codable, Sendable, Equatable {
    package var name: String
    package var dose: String?
    package var since: LocalDate?
    package var until: LocalDate?

    package init(name: String, dose: String? = nil, since: LocalDate? = nil, until: LocalDate? = nil) {
        self.name = name
        self.dose = dose
        self.since = since
        self.until = until
    }

    package func validate() throws(ValidationError) {
        var v = Validator()
        v.include(ClinicalText.requiredErrors(name, field: "name", maximum: 200))
        v.include(ClinicalText.errors(dose ?? "", field: "dose", maximum: 200))
        if let since, let until { v.check(until >= since, field: "until", message: "must not be before since") }
        try v.finish()
    }
}

/// `POST /v1/residents/{id}/allergies`.
package struct NewAllergy: Codable, Sendable, Equatable {
    package var substance: String
    package var reaction: String?
    package var severity: String?

    package init(substance: String, reaction: String? = nil, severity: String? = nil) {
        self.substance = substance
        self.reaction = reaction
        self.severity = severity
    }

    package func validate() throws(ValidationError) -> AllergySeverity? {
        var v = Validator()
        v.include(ClinicalText.requiredErrors(substance, field: "substance", maximum: 200))
        v.include(ClinicalText.errors(reaction ?? "", field: "reaction", maximum: 500))
        var severity: AllergySeverity?
        if let text = self.severity {
            severity = AllergySeverity(rawValue: text)
            v.check(severity != nil, field: "severity", message: "must be one of mild, moderate, severe")
        }
        try v.finish()
        return severity
    }
}

/// `POST /v1/residents/{id}/vitals`: `{"takenAt", ...vitals}`, flat.
package struct NewVitalSigns: Codable, Sendable, Equatable {
    package var takenAt: ZonedInstant
    package var vitals: Vitals

    package init(takenAt: ZonedInstant, vitals: Vitals) {
        self.takenAt = takenAt
        self.vitals = vitals
    }

    enum CodingKeys: String, CodingKey { case takenAt }

    package init(from decoder: Decoder) throws {
        takenAt = try decoder.container(keyedBy: CodingKeys.self).decode(ZonedInstant.self, forKey: .takenAt)
        vitals = try Vitals(from: decoder)
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(takenAt, forKey: .takenAt)
        try vitals.encode(to: encoder)
    }

    package func validate(now: Date) throws(ValidationError) {
        var v = Validator()
        v.check(!vitals.isEmpty, field: "vitals", message: "must hold at least one measure")
        v.include(vitals.fieldErrors(prefix: ""))
        v.check(
            takenAt.date <= now.addingTimeInterval(NewConsultation.allowedFutureSkew), field: "takenAt",
            message: "must not be in the future")
        try v.finish()
    }
}

/// A new assessment `{"kind","items","takenAt"?}`. Items are read leniently so that a value that is not a whole
/// number (`7.5`, `"10"`) is a field error naming the item, as the contract says, not an undecodable input.
package struct NewAssessment: Codable, Sendable, Equatable {
    package var kind: String
    package var items: [String: ItemValue]
    package var takenAt: ZonedInstant?

    /// One item's points as sent; `points` is nil when the value is not a whole number.
    package struct ItemValue: Codable, Sendable, Equatable, ExpressibleByIntegerLiteral {
        package var points: Int?
        package init(integerLiteral value: Int) { points = value }
        package init(points: Int?) { self.points = points }
        package init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            points = try? c.decode(Int.self)
        }
        package func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(points)
        }
    }

    package init(kind: String, items: [String: ItemValue], takenAt: ZonedInstant? = nil) {
        self.kind = kind
        self.items = items
        self.takenAt = takenAt
    }

    /// The kind, the items as points and the server's score and band.
    package func validate(now: Date) throws(ValidationError) -> (
        kind: AssessmentKind, items: [String: Int], score: AssessmentScore
    ) {
        guard let kind = AssessmentKind(rawValue: kind) else {
            throw ValidationError(field: "kind", message: "must be one of barthel, selfCare")
        }
        var v = Validator()
        var points: [String: Int] = [:]
        for (name, value) in items {
            if let value = value.points {
                points[name] = value
            } else {
                v.fail(field: FieldPath.join("items", name), message: "must be a whole number of points")
            }
        }
        if let takenAt {
            v.check(
                takenAt.date <= now.addingTimeInterval(NewConsultation.allowedFutureSkew), field: "takenAt",
                message: "must not be in the future")
        }
        var score: AssessmentScore?
        do {
            score = try AssessmentScoring.score(kind: kind, items: points)
        } catch {
            // Items that were not numbers are reported above; do not report them again as missing.
            let reported = Set(items.filter { $0.value.points == nil }.map { FieldPath.join("items", $0.key) })
            v.include(error.errors.filter { !reported.contains($0.field) })
        }
        try v.finish()
        return (kind, points, score!)
    }
}
