import Foundation

/// Someone to call in an emergency; every part optional, since a door-step registration rarely has all of it.
package struct EmergencyContact: Codable, Sendable, Equatable {
    package var name: String?
    package var phone: String?
    package var relationship: String?

    package init(name: String? = nil, phone: String? = nil, relationship: String? = nil) {
        self.name = name
        self.phone = phone
        self.relationship = relationship
    }
}

/// A resident as the API returns it. The identity number is only ever held here masked (`idNumber` in JSON).
package struct Resident: Codable, Sendable, Equatable {
    package var id: UUID
    /// The clinic the row belongs to.
    package var clinicId: UUID?
    package var names: ResidentNames
    package var sex: Sex
    package var birthDate: LocalDate
    package var ethnicity: String?
    package var languages: [String]
    package var phone: String?
    /// `**************1234`: never the whole number.
    package var maskedIdNumber: String?
    package var address: String?
    package var grid: String?
    package var household: String?
    package var flags: [PriorityFlag]
    package var emergencyContact: EmergencyContact?
    /// False once an outreach visit found the resident moved away or deceased, until an admin reactivates them.
    package var active: Bool
    package var inactiveReason: InactiveReason?

    package init(
        id: UUID,
        names: ResidentNames,
        sex: Sex,
        birthDate: LocalDate,
        ethnicity: String? = nil,
        languages: [String],
        phone: String? = nil,
        maskedIdNumber: String? = nil,
        address: String? = nil,
        grid: String? = nil,
        household: String? = nil,
        flags: [PriorityFlag],
        emergencyContact: EmergencyContact? = nil,
        clinicId: UUID? = nil,
        inactiveReason: InactiveReason? = nil
    ) {
        self.clinicId = clinicId
        self.inactiveReason = inactiveReason
        self.active = inactiveReason == nil
        self.id = id
        self.names = names
        self.sex = sex
        self.birthDate = birthDate
        self.ethnicity = ethnicity
        self.languages = languages
        self.phone = phone
        self.maskedIdNumber = maskedIdNumber
        self.address = address
        self.grid = grid
        self.household = household
        self.flags = flags
        self.emergencyContact = emergencyContact
    }

    enum CodingKeys: String, CodingKey {
        case id, clinicId, names, sex, birthDate, ethnicity, languages, phone, address, grid, household, flags, emergencyContact
        case active, inactiveReason
        case maskedIdNumber = "idNumber"
    }

    /// A priority ("green channel") resident: any flag set.
    package var isPriority: Bool { PriorityFlag.isPriority(flags) }
}

/// Fields shared by registration and correction, each checked by `ResidentRules`. Enumerated values (sex, flags)
/// arrive as text so that an unknown value is a field error naming the field, not an undecodable input.
package enum ResidentInputRules {
    static func sexErrors(_ sex: String) -> [FieldError] {
        Sex(rawValue: sex) == nil
            ? [FieldError(field: "sex", message: "must be one of female, male, other, unknown")] : []
    }

    static func flagErrors(_ flags: [String]) -> [FieldError] {
        var v = Validator()
        var seen: Set<String> = []
        for (position, flag) in flags.enumerated() {
            let field = FieldPath.index("flags", position)
            if v.check(
                PriorityFlag(rawValue: flag) != nil, field: field,
                message: "must be one of " + PriorityFlag.allCases.map(\.rawValue).joined(separator: ", "))
            {
                v.check(seen.insert(flag).inserted, field: field, message: "is listed twice")
            }
        }
        return v.errors
    }

    static func contactErrors(_ contact: EmergencyContact?) -> [FieldError] {
        guard let contact else { return [] }
        var errors = TextRules.errors(contact.name, field: "emergencyContact.name", maximum: 200)
            + TextRules.errors(contact.relationship, field: "emergencyContact.relationship", maximum: 100)
        if let phone = contact.phone { errors += ResidentRules.phoneErrors(phone, field: "emergencyContact.phone") }
        return errors
    }

}

/// `POST /v1/residents`.
package struct NewResident: Codable, Sendable, Equatable {
    package var names: ResidentNames
    package var sex: String
    package var birthDate: LocalDate
    package var ethnicity: String?
    package var languages: [String]
    package var phone: String?
    /// The whole number, as typed; stored whole for matching and never returned.
    package var idNumber: String?
    package var address: String?
    package var grid: String?
    package var household: String?
    package var flags: [String]
    package var emergencyContact: EmergencyContact?

    package init(
        names: ResidentNames, sex: Sex, birthDate: LocalDate, ethnicity: String? = nil, languages: [String] = [],
        phone: String? = nil, idNumber: String? = nil, address: String? = nil, grid: String? = nil,
        household: String? = nil, flags: [PriorityFlag] = [], emergencyContact: EmergencyContact? = nil
    ) {
        self.names = names
        self.sex = sex.rawValue
        self.birthDate = birthDate
        self.ethnicity = ethnicity
        self.languages = languages
        self.phone = phone
        self.idNumber = idNumber
        self.address = address
        self.grid = grid
        self.household = household
        self.flags = flags.map(\.rawValue)
        self.emergencyContact = emergencyContact
    }

    enum CodingKeys: String, CodingKey {
        case names, sex, birthDate, ethnicity, languages, phone, idNumber, address, grid, household, flags
        case emergencyContact
    }

    /// `languages` and `flags` may be left out (empty).
    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        names = try c.decode(ResidentNames.self, forKey: .names)
        sex = try c.decode(String.self, forKey: .sex)
        birthDate = try c.decode(LocalDate.self, forKey: .birthDate)
        ethnicity = try c.decodeIfPresent(String.self, forKey: .ethnicity)
        languages = try c.decodeIfPresent([String].self, forKey: .languages) ?? []
        phone = try c.decodeIfPresent(String.self, forKey: .phone)
        idNumber = try c.decodeIfPresent(String.self, forKey: .idNumber)
        address = try c.decodeIfPresent(String.self, forKey: .address)
        grid = try c.decodeIfPresent(String.self, forKey: .grid)
        household = try c.decodeIfPresent(String.self, forKey: .household)
        flags = try c.decodeIfPresent([String].self, forKey: .flags) ?? []
        emergencyContact = try c.decodeIfPresent(EmergencyContact.self, forKey: .emergencyContact)
    }

    /// Every broken rule at once, judged on `today` in the clinic's zone.
    package func validate(today: LocalDate) throws(ValidationError) {
        var v = Validator()
        v.include { () throws(ValidationError) in
            try ResidentRules.validate(
                names: names, birthDate: birthDate, languages: languages, phone: TextRules.clean(phone),
                idNumber: TextRules.clean(idNumber), today: today)
        }
        v.include(ResidentInputRules.sexErrors(sex))
        v.include(ResidentInputRules.flagErrors(flags))
        v.include(TextRules.errors(ethnicity, field: "ethnicity", maximum: 100))
        v.include(TextRules.errors(address, field: "address"))
        v.include(TextRules.errors(grid, field: "grid", maximum: 100))
        v.include(TextRules.errors(household, field: "household", maximum: 100))
        v.include(ResidentInputRules.contactErrors(emergencyContact))
        try v.finish()
    }
}

/// `PATCH /v1/residents/{id}`: a field left out stays as it is; an optional field sent as `null` is cleared
/// (`String??`: `.none` absent, `.some(nil)` clear). `names` replaces the whole name set.
package struct ResidentPatch: Decodable, Sendable, Equatable {
    package var names: ResidentNames?
    package var sex: String?
    package var birthDate: LocalDate?
    package var ethnicity: String??
    package var languages: [String]?
    package var phone: String??
    package var idNumber: String??
    package var address: String??
    package var grid: String??
    package var household: String??
    package var flags: [String]?
    package var emergencyContact: EmergencyContact??
    /// `true` reactivates a resident an outreach visit made inactive (an admin's call; `false` is refused: a visit
    /// records why a resident is no longer cared for here).
    package var active: Bool?

    package init() {}

    enum CodingKeys: String, CodingKey {
        case names, sex, birthDate, ethnicity, languages, phone, idNumber, address, grid, household, flags
        case emergencyContact, active
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func nullable<T: Decodable>(_ key: CodingKeys) throws -> T?? {
            c.contains(key) ? .some(try c.decodeIfPresent(T.self, forKey: key)) : .none
        }
        names = try c.decodeIfPresent(ResidentNames.self, forKey: .names)
        sex = try c.decodeIfPresent(String.self, forKey: .sex)
        birthDate = try c.decodeIfPresent(LocalDate.self, forKey: .birthDate)
        ethnicity = try nullable(.ethnicity)
        languages = try c.decodeIfPresent([String].self, forKey: .languages)
        phone = try nullable(.phone)
        idNumber = try nullable(.idNumber)
        address = try nullable(.address)
        grid = try nullable(.grid)
        household = try nullable(.household)
        flags = try c.decodeIfPresent([String].self, forKey: .flags)
        emergencyContact = try nullable(.emergencyContact)
        active = try c.decodeIfPresent(Bool.self, forKey: .active)
    }

    package func validate(today: LocalDate) throws(ValidationError) {
        var v = Validator()
        v.include { () throws(ValidationError) in
            try ResidentRules.validate(
                names: names, birthDate: birthDate, languages: languages,
                phone: TextRules.clean(phone ?? nil), idNumber: TextRules.clean(idNumber ?? nil),
                today: today)
        }
        if let sex { v.include(ResidentInputRules.sexErrors(sex)) }
        if let flags { v.include(ResidentInputRules.flagErrors(flags)) }
        v.include(TextRules.errors(ethnicity ?? nil, field: "ethnicity", maximum: 100))
        v.include(TextRules.errors(address ?? nil, field: "address"))
        v.include(TextRules.errors(grid ?? nil, field: "grid", maximum: 100))
        v.include(TextRules.errors(household ?? nil, field: "household", maximum: 100))
        v.include(ResidentInputRules.contactErrors(emergencyContact ?? nil))
        v.check(
            active != false, field: "active",
            message: "only true (reactivate); record a movedAway or deceased outreach visit instead")
        try v.finish()
    }
}

/// `GET /v1/residents` filters. `q` matches any name script, the phone (digits) or the identity number's last four.
package struct ResidentQuery: Sendable, Equatable {
    package var q: String?
    package var grid: String?
    package var minAge: Int?
    package var flag: PriorityFlag?
    package var limit: Int
    package var cursor: String?
    /// The clinics searched; nil: every clinic the database lets the caller see.
    package var clinics: [UUID]?

    package init(
        q: String? = nil, grid: String? = nil, minAge: Int? = nil, flag: PriorityFlag? = nil, limit: Int = 50,
        cursor: String? = nil, clinics: [UUID]? = nil
    ) {
        self.clinics = clinics
        self.q = q
        self.grid = grid
        self.minAge = minAge
        self.flag = flag
        self.limit = limit
        self.cursor = cursor
    }
}

/// A page of a list: `{"items":[...],"nextCursor":...}`; `nextCursor` is null on the last page.
package struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    package var items: [Item]
    package var nextCursor: String?

    package init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(nextCursor, forKey: .nextCursor)
    }
}

/// List limits shared by every list endpoint: default 50, at most 500.
package enum ListLimit {
    package static let `default` = 50
    package static let maximum = 500

    /// The limit to use, or a field error for `limit`.
    package static func checked(_ limit: Int) throws(ValidationError) -> Int {
        guard (1...maximum).contains(limit) else {
            throw ValidationError(field: "limit", message: "must be between 1 and \(maximum)")
        }
        return limit
    }
}
