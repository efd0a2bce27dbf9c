import Foundation

/// A visiting clinician who can be put on the rota.
package struct Doctor: Codable, Sendable, Equatable {
    package var id: UUID
    package var name: String
    package var institution: String
    package var languages: [String]
    package var modes: [ConsultationMode]
    package var active: Bool

    package init(
        id: UUID, name: String, institution: String, languages: [String], modes: [ConsultationMode], active: Bool
    ) {
        self.id = id
        self.name = name
        self.institution = institution
        self.languages = languages
        self.modes = modes
        self.active = active
    }
}

/// Rules for doctor fields, shared by create and patch. Modes arrive as text so an unknown one is a field error.
enum DoctorRules {
    static func nameErrors(_ name: String) -> [FieldError] {
        var v = Validator()
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        v.check(!trimmed.isEmpty, field: "name", message: "must not be empty")
        v.check(trimmed.unicodeScalars.count <= 200, field: "name", message: "must be at most 200 characters")
        return v.errors
    }

    static func modeErrors(_ modes: [String]) -> [FieldError] {
        var v = Validator()
        v.check(!modes.isEmpty, field: "modes", message: "must name at least one of onsite, remote, home")
        var seen: Set<String> = []
        for (position, mode) in modes.enumerated() {
            let field = FieldPath.index("modes", position)
            if v.check(
                ConsultationMode(rawValue: mode) != nil, field: field, message: "must be one of onsite, remote, home")
            {
                v.check(seen.insert(mode).inserted, field: field, message: "is listed twice")
            }
        }
        return v.errors
    }
}

/// `POST /v1/doctors`. `languages` defaults to none, `modes` to all three, `active` to true.
package struct NewDoctor: Codable, Sendable, Equatable {
    package var name: String
    package var institution: String
    package var languages: [String]
    package var modes: [String]
    package var active: Bool

    package init(
        name: String, institution: String = "", languages: [String] = [],
        modes: [ConsultationMode] = ConsultationMode.allCases, active: Bool = true
    ) {
        self.name = name
        self.institution = institution
        self.languages = languages
        self.modes = modes.map(\.rawValue)
        self.active = active
    }

    enum CodingKeys: String, CodingKey { case name, institution, languages, modes, active }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        institution = try c.decodeIfPresent(String.self, forKey: .institution) ?? ""
        languages = try c.decodeIfPresent([String].self, forKey: .languages) ?? []
        modes = try c.decodeIfPresent([String].self, forKey: .modes) ?? ConsultationMode.allCases.map(\.rawValue)
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
    }

    package func validate() throws(ValidationError) {
        var v = Validator()
        v.include(DoctorRules.nameErrors(name))
        v.include(TextRules.errors(institution, field: "institution", maximum: 200))
        v.include(ResidentRules.languageErrors(languages))
        v.include(DoctorRules.modeErrors(modes))
        try v.finish()
    }
}

/// `PATCH /v1/doctors/{id}`: fields left out stay as they are.
package struct DoctorPatch: Codable, Sendable, Equatable {
    package var name: String?
    package var institution: String?
    package var languages: [String]?
    package var modes: [String]?
    package var active: Bool?

    package init(
        name: String? = nil, institution: String? = nil, languages: [String]? = nil, modes: [String]? = nil,
        active: Bool? = nil
    ) {
        self.name = name
        self.institution = institution
        self.languages = languages
        self.modes = modes
        self.active = active
    }

    package func validate() throws(ValidationError) {
        var v = Validator()
        if let name { v.include(DoctorRules.nameErrors(name)) }
        v.include(TextRules.errors(institution, field: "institution", maximum: 200))
        if let languages { v.include(ResidentRules.languageErrors(languages)) }
        if let modes { v.include(DoctorRules.modeErrors(modes)) }
        try v.finish()
    }
}

/// A period (inclusive dates) a doctor cannot serve.
package struct Unavailability: Codable, Sendable, Equatable {
    package var id: UUID
    package var doctorId: UUID
    package var from: LocalDate
    package var to: LocalDate
    package var reason: String

    package init(id: UUID, doctorId: UUID, from: LocalDate, to: LocalDate, reason: String) {
        self.id = id
        self.doctorId = doctorId
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// `POST /v1/doctors/{id}/unavailability`.
package struct NewUnavailability: Codable, Sendable, Equatable {
    package var from: LocalDate
    package var to: LocalDate
    package var reason: String?

    package init(from: LocalDate, to: LocalDate, reason: String? = nil) {
        self.from = from
        self.to = to
        self.reason = reason
    }

    package func validate() throws(ValidationError) {
        var v = Validator()
        v.check(from <= to, field: "to", message: "must not be before from")
        v.include(TextRules.errors(reason, field: "reason"))
        try v.finish()
    }
}

/// A clinic weekday on which the clinic does not run.
package struct Closure: Codable, Sendable, Equatable {
    /// The clinic the row belongs to.
    package var clinicId: UUID?
    package var date: LocalDate
    package var reason: String

    package init(date: LocalDate, reason: String, clinicId: UUID? = nil) {
        self.clinicId = clinicId
        self.date = date
        self.reason = reason
    }

    package func validate() throws(ValidationError) {
        var v = Validator()
        v.check(
            !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, field: "reason",
            message: "must not be empty")
        v.include(TextRules.errors(reason, field: "reason"))
        try v.finish()
    }
}
