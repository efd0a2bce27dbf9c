import Foundation

/// The resident register.
public enum ResidentStore {
    static let columns: PostgresQuery = """
        id, name_bo, name_zh, name_latin, sex, birth_date, ethnicity, languages, phone, id_number, address, grid,
        household, flags, emergency_contact, sort_name
        """

    /// Registers a resident after validation (422), judged on `today` in the clinic's zone.
    public static func create(_ input: NewResident, today: LocalDate, on db: PostgresConnection) async throws
        -> Resident
    {
        try input.validate(today: today)
        let names = input.names.normalized
        let contact = try input.emergencyContact.map { try PostgresJSON($0) }
        let rows = try await db.query(
            """
            INSERT INTO residents (name_bo, name_zh, name_latin, sex, birth_date, ethnicity, languages, phone,
                id_number, address, grid, household, flags, emergency_contact)
            VALUES (\(names.bo), \(names.zh), \(names.latin), \(input.sex), \(input.birthDate),
                \(ResidentInputRules.clean(input.ethnicity)), \(input.languages), \(ResidentInputRules.clean(input.phone)),
                \(normalizedIdNumber(input.idNumber)), \(ResidentInputRules.clean(input.address)),
                \(ResidentInputRules.clean(input.grid)), \(ResidentInputRules.clean(input.household)), \(input.flags),
                \(contact))
            RETURNING \(columns)
            """)
        return try resident(rows[0])
    }

    public static func get(_ id: UUID, on db: PostgresConnection) async throws -> Resident {
        let rows = try await db.query("SELECT \(columns) FROM residents WHERE id = \(id)")
        guard let row = rows.first else { throw SchedulingError.notFound(.resident) }
        return try resident(row)
    }

    /// Applies the fields present in `patch` (422 when invalid, 404 when missing). Clearing every name is refused
    /// by validation and, behind it, by the table's CHECK.
    public static func patch(_ id: UUID, _ patch: ResidentPatch, today: LocalDate, on db: PostgresConnection)
        async throws -> Resident
    {
        try patch.validate(today: today)
        var sets: [PostgresQuery] = []
        if let names = patch.names?.normalized {
            sets.append("name_bo = \(names.bo), name_zh = \(names.zh), name_latin = \(names.latin)")
        }
        if let sex = patch.sex { sets.append("sex = \(sex)") }
        if let birthDate = patch.birthDate { sets.append("birth_date = \(birthDate)") }
        if let ethnicity = patch.ethnicity { sets.append("ethnicity = \(ResidentInputRules.clean(ethnicity))") }
        if let languages = patch.languages { sets.append("languages = \(languages)") }
        if let phone = patch.phone { sets.append("phone = \(ResidentInputRules.clean(phone))") }
        if let idNumber = patch.idNumber { sets.append("id_number = \(normalizedIdNumber(idNumber))") }
        if let address = patch.address { sets.append("address = \(ResidentInputRules.clean(address))") }
        if let grid = patch.grid { sets.append("grid = \(ResidentInputRules.clean(grid))") }
        if let household = patch.household { sets.append("household = \(ResidentInputRules.clean(household))") }
        if let flags = patch.flags { sets.append("flags = \(flags)") }
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

    /// Searches and filters the register, ordered by display name, one keyset page at a time.
    ///
    /// `q` (trimmed, case-insensitive) matches a substring of any name script or of the phone's digits, or the
    /// identity number's last four characters. Index use: three or more characters go through the pg_trgm GIN
    /// index on `search_text`; two through the GIN index of two-character pieces (`search_bigrams`), which serves
    /// two-character Chinese names; a single character is matched without an index (rare, and bounded by `limit`).
    /// `minAge` becomes `birth_date <= latest birth date` so it agrees with `LocalDate.age(on:)`.
    /// Errors: 422 for a bad `limit`, `minAge` or `cursor` (field named).
    ///
    /// Two plans, chosen by counting matches up to `crowdedAt` first:
    /// - few matches: gather them through the text indexes, then sort (cost grows with the matches);
    /// - many (a common name, "dolma"): walk the name order and stop at the page. The name-order index carries
    ///   `search_text`, so residents that do not match are skipped without reading the table (cost grows with how
    ///   far into the name order the page lies, not with the matches).
    /// Either alone fails one case: sorting all matches of a common name took 1.9 s at 1.6 million residents,
    /// walking the name order for a rare term reads the whole index.
    public static func search(_ query: ResidentQuery, today: LocalDate, on db: PostgresConnection) async throws
        -> Page<Resident>
    {
        let limit = try ListLimit.checked(query.limit)
        var sql: PostgresQuery
        var walk = false
        if let raw = query.q?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty {
            let match = matchCondition(raw)
            let counted = try await db.query(
                "SELECT count(*) AS n FROM (SELECT 1 FROM residents WHERE " + match + " LIMIT \(crowdedAt)) t")
            walk = try counted.first?.decode(Int.self, "n") ?? 0 >= crowdedAt
            if walk {
                sql = "WITH page AS MATERIALIZED (SELECT id FROM residents WHERE (" + match + ")"
            } else {
                sql = "WITH hits AS MATERIALIZED (SELECT \(columns) FROM residents WHERE " + match
                    + ") SELECT * FROM hits WHERE true"
            }
        } else {
            sql = "SELECT \(columns) FROM residents WHERE true"
        }
        if let grid = query.grid { sql.append(" AND grid = \(grid)") }
        if let minAge = query.minAge {
            guard (0...150).contains(minAge) else {
                throw ValidationError(field: "minAge", message: "must be between 0 and 150")
            }
            sql.append(" AND birth_date <= \(LocalDate.latestBirthDate(forAgeAtLeast: minAge, on: today))")
        }
        if let flag = query.flag { sql.append(" AND flags @> ARRAY[\(flag.rawValue)]::text[]") }
        if let cursor = query.cursor {
            guard let key = KeysetCursor.decodeKey(cursor) else {
                throw ValidationError(field: "cursor", message: "is not a cursor this server gave")
            }
            sql.append(" AND (sort_name, id) > (\(key.sort), \(key.id))")
        }
        sql.append(" ORDER BY sort_name, id LIMIT \(limit + 1)")
        if walk {
            sql.append(") SELECT \(columns) FROM residents WHERE id IN (SELECT id FROM page) ORDER BY sort_name, id")
        }
        let rows = try await db.query(sql)
        var items: [Resident] = []
        var lastKey: KeysetKey?
        for row in rows.prefix(limit) {
            items.append(try resident(row))
            lastKey = KeysetKey(sort: try row.decode(String.self, "sort_name"), id: try row.decode(UUID.self, "id"))
        }
        let next = rows.count > limit ? lastKey.map { KeysetCursor.encode($0) } : nil
        return Page(items: items, nextCursor: next)
    }

    /// At this many matches a search walks the name order instead of sorting its matches (see `search`).
    static let crowdedAt = 1000

    /// The WHERE condition for `q`; see `search`.
    static func matchCondition(_ raw: String) -> PostgresQuery {
        var text = raw.lowercased()
        // A phone typed with spaces, hyphens or a leading '+' is matched by its digits, as stored.
        let phoneLike = text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || " -+".unicodeScalars.contains($0) }
        let digits = ResidentRules.digitsOf(text)
        if phoneLike, digits.count >= 3 { text = digits }
        let pattern = "%" + escapeLike(text) + "%"
        let length = text.unicodeScalars.count  // characters as PostgreSQL counts them, not graphemes
        var condition: PostgresQuery
        if length >= 3 {
            condition = "search_text LIKE \(pattern)"
        } else if length == 2 {
            condition = "(search_bigrams @> ARRAY[\(text)]::text[] AND search_text LIKE \(pattern))"
        } else {
            condition = "search_text LIKE \(pattern)"
        }
        if let tail = IdNumber.tail(raw), raw.trimmingCharacters(in: .whitespaces).count == IdNumber.visibleTail {
            condition.append(" OR id_tail = \(tail)")
        }
        return condition
    }

    /// `%`, `_` and `\` taken literally in a LIKE pattern.
    static func escapeLike(_ text: String) -> String {
        var result = ""
        for char in text {
            if char == "%" || char == "_" || char == "\\" { result.append("\\") }
            result.append(char)
        }
        return result
    }

    /// Trimmed and upper-cased (the check character `x` as `X`), so the stored tail matches `IdNumber.tail`.
    static func normalizedIdNumber(_ idNumber: String?) -> String? {
        ResidentInputRules.clean(idNumber)?.uppercased()
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
            emergencyContact: contactText == nil ? nil : try row.decodeJSON(EmergencyContact.self, "emergency_contact"))
    }
}
