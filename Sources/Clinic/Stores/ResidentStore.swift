import ClinicDomain
import ClinicPostgres
import Foundation

/// The resident register.
enum ResidentStore {
    static let columns: PostgresQuery = """
        id, clinic_id, name_bo, name_zh, name_latin, sex, birth_date, ethnicity, languages, phone, id_number, address, grid,
        household, flags, emergency_contact, sort_name, inactive_reason
        """

    /// Registers a resident after validation (422), judged on `today` in the clinic's zone.
    static func create(_ input: NewResident, clinicId: UUID, today: LocalDate, on db: PostgresConnection) async throws
        -> Resident
    {
        try input.validate(today: today)
        let names = input.names.normalized
        let contact = try input.emergencyContact.map { try PostgresJSON($0) }
        let rows = try await db.query(
            """
            INSERT INTO residents (clinic_id, name_bo, name_zh, name_latin, sex, birth_date, ethnicity, languages, phone,
                id_number, address, grid, household, flags, emergency_contact)
            VALUES (\(clinicId), \(names.bo), \(names.zh), \(names.latin), \(input.sex), \(input.birthDate),
                \(TextRules.clean(input.ethnicity)), \(input.languages), \(TextRules.clean(input.phone)),
                \(normalizedIdNumber(input.idNumber)), \(TextRules.clean(input.address)),
                \(TextRules.clean(input.grid)), \(TextRules.clean(input.household)), \(input.flags),
                \(contact))
            RETURNING \(columns)
            """)
        return try resident(rows[0])
    }

    static func get(_ id: UUID, on db: PostgresConnection) async throws -> Resident {
        let rows = try await db.query("SELECT \(columns) FROM residents WHERE id = \(id)")
        guard let row = rows.first else { throw SchedulingError.notFound(.resident) }
        return try resident(row)
    }

    /// Applies the fields present in `patch` (422 when invalid, 404 when missing). Clearing every name is refused
    /// by validation and, behind it, by the table's CHECK.
    static func patch(_ id: UUID, _ patch: ResidentPatch, today: LocalDate, on db: PostgresConnection)
        async throws -> Resident
    {
        try patch.validate(today: today)
        var sets: [PostgresQuery] = []
        if let names = patch.names?.normalized {
            sets.append("name_bo = \(names.bo), name_zh = \(names.zh), name_latin = \(names.latin)")
        }
        if let sex = patch.sex { sets.append("sex = \(sex)") }
        if let birthDate = patch.birthDate { sets.append("birth_date = \(birthDate)") }
        if let ethnicity = patch.ethnicity { sets.append("ethnicity = \(TextRules.clean(ethnicity))") }
        if let languages = patch.languages { sets.append("languages = \(languages)") }
        if let phone = patch.phone { sets.append("phone = \(TextRules.clean(phone))") }
        if let idNumber = patch.idNumber { sets.append("id_number = \(normalizedIdNumber(idNumber))") }
        if let address = patch.address { sets.append("address = \(TextRules.clean(address))") }
        if let grid = patch.grid { sets.append("grid = \(TextRules.clean(grid))") }
        if let household = patch.household { sets.append("household = \(TextRules.clean(household))") }
        if let flags = patch.flags { sets.append("flags = \(flags)") }
        if patch.active == true { sets.append("inactive_reason = NULL, inactive_since = NULL") }
        if let contact = patch.emergencyContact {
            sets.append("emergency_contact = \(try contact.map { try PostgresJSON($0) })")
        }
        var query: PostgresQuery = "UPDATE residents SET updated_at = now()"
        for set in sets { query.append(", " + set) }
        query.append(" WHERE id = \(id) RETURNING \(columns)")
        let rows = try await db.query(query)
        guard let row = rows.first else { throw SchedulingError.notFound(.resident) }
        return try resident(row)
    }

    /// Trimmed and upper-cased (the check character `x` as `X`), so the stored tail matches `IdNumber.tail`.
    static func normalizedIdNumber(_ idNumber: String?) -> String? {
        TextRules.clean(idNumber)?.uppercased()
    }

    static func resident(_ row: PostgresRow) throws -> Resident {
        let contactText = try row.text("emergency_contact")
        return Resident(
            id: try row.decode(UUID.self, "id"),
            names: ResidentNames(
                bo: try row.decode(String?.self, "name_bo"), zh: try row.decode(String?.self, "name_zh"),
                latin: try row.decode(String?.self, "name_latin")),
            sex: Sex(rawValue: try row.decode(String.self, "sex")) ?? .unknown,
            birthDate: try row.decode(LocalDate.self, "birth_date"),
            ethnicity: try row.decode(String?.self, "ethnicity"),
            languages: try row.decodeArray(String.self, "languages"),
            phone: try row.decode(String?.self, "phone"),
            maskedIdNumber: try row.decode(String?.self, "id_number").map(IdNumber.mask),
            address: try row.decode(String?.self, "address"),
            grid: try row.decode(String?.self, "grid"),
            household: try row.decode(String?.self, "household"),
            flags: try row.decodeArray(String.self, "flags").compactMap(PriorityFlag.init(rawValue:)),
            emergencyContact: contactText == nil ? nil : try row.decodeJSON(EmergencyContact.self, "emergency_contact"),
            clinicId: try row.decode(UUID.self, "clinic_id"),
            inactiveReason: try row.decode(String?.self, "inactive_reason").flatMap(InactiveReason.init(rawValue:)))
    }
}
