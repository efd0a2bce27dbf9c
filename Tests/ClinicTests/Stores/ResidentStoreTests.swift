import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

/// Search over a seeded register of 16,528 residents (seeded once for the suite).
@Suite(.serialized) struct ResidentStoreTests {
    static func seeded() async throws -> TestDatabase {
        let db = try await TestDatabase.forSuite()
        let count = try await db.pool.query("SELECT count(*) AS n FROM residents")[0].decode(Int.self, "n")
        if count == 0 {
            let summary = try await DemoClinic.seed(
                pool: db.pool, residents: 16_528, today: Fixture.today, appointmentsPerClinicDay: 0)
            #expect(summary.residents == 16_528 && summary.doctors == 10 && summary.assignments > 0)
        }
        return db
    }

    /// A search within the first clinic, as a clinic's user searches.
    func search(_ query: ResidentQuery, _ db: TestDatabase) async throws -> Page<Resident> {
        var query = query
        if query.clinics == nil { query.clinics = [try await FirstClinic.id(db.pool)] }
        return try await db.pool.withConnection { try await ResidentStore.search(query, today: Fixture.today, on: $0) }
    }

    @Test func searchFindsEveryScriptPhoneAndIdTail() async throws {
        let db = try await Self.seeded()
        let created = try await db.pool.withConnection {
            try await ResidentStore.create(
                NewResident(
                    names: ResidentNames(bo: "ཡེ་ཤེས་ལྷ་མོ", zh: "益西拉姆", latin: "Yeshe Lhamo"), sex: .female,
                    birthDate: LocalDate(year: 1938, month: 5, day: 2)!, languages: ["bo"], phone: "+86 139-7777-1234",
                    idNumber: "54010219380502123x", grid: "Grid 99", flags: [.livesAlone]),
                today: Fixture.today, on: $0)
        }
        #expect(created.maskedIdNumber == "**************123X")
        for q in ["ཡེ་ཤེས", "益西", "益西拉姆", "yeshe", "YESHE LHAMO", "139 7777 1234", "97777", "123x"] {
            let page = try await search(ResidentQuery(q: q, limit: 500), db)
            #expect(page.items.contains { $0.id == created.id }, "q=\(q)")
        }
        let filtered = try await search(ResidentQuery(grid: "Grid 99", minAge: 80, flag: .livesAlone), db)
        #expect(filtered.items.map(\.id) == [created.id])
        // Seeded names are found too, and every hit matches.
        let dolma = try await search(ResidentQuery(q: "卓玛", limit: 500), db)
        #expect(!dolma.items.isEmpty && dolma.items.allSatisfy { $0.names.zh?.contains("卓玛") == true })
    }

    @Test func keysetPagesCoverAFilterExactlyOnce() async throws {
        let db = try await Self.seeded()
        let total = try await db.pool.query("SELECT count(*) AS n FROM residents WHERE grid = 'Grid 3'")[0]
            .decode(Int.self, "n")
        var seen: [UUID] = []
        var cursor: String?
        repeat {
            let page = try await search(ResidentQuery(grid: "Grid 3", limit: 500, cursor: cursor), db)
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == total && Set(seen).count == total)
        await #expect(throws: ValidationError.self) { try await search(ResidentQuery(limit: 501), db) }
        await #expect(throws: ValidationError.self) { try await search(ResidentQuery(cursor: "garbage!"), db) }
    }

    /// Every plan pages through exactly what the plain query finds, in the same order, filters and cursors
    /// included, and each term gets the plan meant for it.
    @Test func everyPlanPagesThroughExactlyTheMatches() async throws {
        let db = try await Self.seeded()
        // Added once per suite. A crowded term with a space in it: 1,000 residents share "Kelsang Crowdson", and
        // their phones start with 139. Digits that start a name word as well as a phone: "Zebu 55501ab" and "Zebu"
        // whose phone starts with 55501.
        if try await db.pool.query("SELECT count(*) AS n FROM residents WHERE name_latin = 'Kelsang Crowdson'")[0]
            .decode(Int.self, "n") == 0
        {
            _ = try await db.pool.query(
                """
                INSERT INTO residents (clinic_id, name_latin, sex, birth_date, languages, grid, phone)
                SELECT (SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), 'Kelsang Crowdson', 'male', DATE '1950-01-01' + i::int, ARRAY['bo'], 'Grid ' || (i % 9),
                       '139' || lpad(i::text, 8, '0')
                FROM generate_series(1, \(ResidentStore.crowdedAt)) AS i
                """)
            _ = try await db.pool.query(
                """
                INSERT INTO residents (clinic_id, name_latin, sex, birth_date, languages, phone)
                VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), 'Zebu 55501ab', 'female', DATE '1940-02-02', ARRAY['bo'], NULL),
                       ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), 'Zebu', 'female', DATE '1941-03-03', ARRAY['bo'], '555-0123-4567')
                """)
        }
        // A seeded name followed by the start of its phone (someone of 70 or more, for the minAge case).
        let named = try await db.pool.query(
            """
            SELECT lower(name_latin) AS name, split_part(search_text, ' ', -1) AS digits, grid FROM residents
            WHERE name_latin LIKE '% Dolma' AND phone IS NOT NULL
              AND birth_date <= \(LocalDate.latestBirthDate(forAgeAtLeast: 70, on: Fixture.today))
            ORDER BY id LIMIT 1
            """)[0]
        let (name, digits) = (try named.decode(String.self, "name"), try named.decode(String.self, "digits"))
        let nameGrid = try named.decode(String.self, "grid")
        let tail = try await db.pool.query("SELECT id_tail FROM residents WHERE id_tail LIKE '%X' LIMIT 1")[0]
            .decode(String.self, "id_tail")
        let phone = try await db.pool.query(
            "SELECT phone FROM residents WHERE phone IS NOT NULL GROUP BY phone HAVING count(*) = 1 ORDER BY phone LIMIT 1"
        )[0].decode(String.self, "phone")
        let cases: [(q: String, grid: String?, minAge: Int?, plan: String)] = [
            ("dolma", nil, nil, "words"), ("dolma", "Grid 3", nil, "words"), ("Yangchen", "Grid 5", 70, "words"),
            ("卓玛", nil, nil, "words"), ("ma", nil, nil, "words"), ("g crowdson", nil, nil, "words"),
            ("g crowdson", "Grid 4", nil, "words"), (tail.lowercased(), nil, nil, "words"), ("a fang", nil, nil, "words"),
            ("139", "Grid 7", nil, "walk"), ("13912", nil, nil, "walk"), (phone, nil, nil, "gather"),
            ("zzzz", nil, nil, "words"), ("tenzin dolma", nil, nil, "words"), ("卓玛 tenzin d", "Grid 2", nil, "words"),
            ("kelsang crowdson", nil, 70, "words"), ("a 139", nil, nil, "words"),
            ("dolma " + digits.prefix(5), nil, nil, "lastPairs"), ("lma " + digits.prefix(4), nameGrid, nil, "lastPairs"),
            (name + " " + digits.prefix(3), nil, 70, "lastPairs"), ("kelsang crowdson 139000001", nil, 70, "lastPairs"),
            ("crowdson 139", "Grid 4", nil, "words"), ("zebu 55501", nil, nil, "gather"),
        ]
        for (q, grid, minAge, expectedPlan) in cases {
            let term = try #require(SearchTerm(q))
            let clinic = try SearchBounds(
                ResidentQuery(clinics: [try await FirstClinic.id(db.pool)]), today: Fixture.today
            ).clinics
            let plan = try await db.pool.withConnection { try await ResidentStore.plan(for: term, in: clinic, on: $0) }
            let planName: String
            switch plan {
            case .words: planName = "words"
            case .lastPairs: planName = "lastPairs"
            case .gather: planName = "gather"
            case .walk: planName = "walk"
            case .list: planName = "list"
            }
            #expect(planName == expectedPlan, "q=\(q): \(plan)")
            var plain: PostgresQuery = "SELECT id FROM residents WHERE (" + term.condition + ")"
            if let grid { plain.append(" AND grid = \(grid)") }
            if let minAge {
                plain.append(" AND birth_date <= \(LocalDate.latestBirthDate(forAgeAtLeast: minAge, on: Fixture.today))")
            }
            plain.append(" ORDER BY sort_name, id")
            let expected = try await db.pool.query(plain).map { try $0.decode(UUID.self, "id") }
            var seen: [UUID] = []
            var cursor: String?
            repeat {
                let page = try await search(ResidentQuery(q: q, grid: grid, minAge: minAge, limit: 97, cursor: cursor), db)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(!expected.isEmpty || q == "zzzz", "q=\(q) finds nobody")
            #expect(seen == expected, "q=\(q) grid=\(grid ?? "-")")
        }
    }

    /// `%`, `_` and `\` in `q` are characters to find, not LIKE wildcards, whichever plan serves the term.
    @Test func wildcardsInTheTermAreLiteral() async throws {
        let db = try await Self.seeded()
        let odd = try await Fixture.resident("Pct%Under_Slash\\", pool: db.pool)
        // Unescaped, each of these would match most of the register.
        for q in ["%", "_", "\\", "t%u", "r_s", "h\\", "pct%under_slash\\"] {
            #expect(try await search(ResidentQuery(q: q), db).items.map(\.id) == [odd.id], "q=\(q)")
        }
        for q in ["%%", "a%", "dolma _", "dolma %1", "lma_ 1"] {
            #expect(try await search(ResidentQuery(q: q), db).items.isEmpty, "q=\(q)")
        }
    }

    /// The name-word index follows renames: the new name is found, the old one no longer.
    @Test func renamedResidentIsFoundByTheNewNameOnly() async throws {
        let db = try await Self.seeded()
        let someone = try await Fixture.resident("Quokka Oldname", pool: db.pool)
        #expect(try await search(ResidentQuery(q: "oldname"), db).items.map(\.id) == [someone.id])
        let patch = try JSONDecoder().decode(ResidentPatch.self, from: Data(#"{"names":{"latin":"Quokka Newname"}}"#.utf8))
        _ = try await db.pool.withConnection {
            try await ResidentStore.patch(someone.id, patch, today: Fixture.today, on: $0)
        }
        #expect(try await search(ResidentQuery(q: "oldname"), db).items.isEmpty)
        #expect(try await search(ResidentQuery(q: "newname"), db).items.map(\.id) == [someone.id])
        #expect(try await search(ResidentQuery(q: "quokka new"), db).items.map(\.id) == [someone.id])
        let words = try await db.pool.query(
            "SELECT word FROM resident_name_words WHERE resident_id = \(someone.id) ORDER BY word"
        ).map { try $0.decode(String.self, "word") }
        #expect(words == ["newname", "quokka", "quokka newname"])
        // The register never deletes a resident; if someone does in SQL, the words go too.
        _ = try await db.pool.query("DELETE FROM residents WHERE id = \(someone.id)")
        #expect(try await db.pool.query(
            "SELECT count(*) AS n FROM resident_name_words WHERE resident_id = \(someone.id)")[0].decode(Int.self, "n") == 0)
    }

    @Test func searchUsesAnIndex() async throws {
        let db = try await Self.seeded()
        // Rare terms in each form of q: trigram (3+ characters), two-character pieces, the id-number tail.
        for q in ["yeshe", "ཡེ་ཤེས", "益西", "9999"] {
            let condition = try #require(SearchTerm(q)).condition
            let explain = try await db.pool.withConnection { conn in
                try await conn.query("EXPLAIN SELECT id FROM residents WHERE " + condition + " ORDER BY sort_name, id LIMIT 51")
            }
            let plan = explain.map { $0.text(0) ?? "" }.joined(separator: "\n")
            #expect(plan.contains("Index Scan") && !plan.contains("Seq Scan"), "q=\(q): \(plan)")
        }
        // A common name: each of its words walked through the word index, in name order. Digits many phones share:
        // the name order walked through the index that carries search_text, whatever the planner guesses. A name and
        // the start of a phone: the ranges of the index on the last name word and the phone.
        let clinic = try await FirstClinic.id(db.pool)
        for (q, plan, index) in [("dolma", ResidentSearchPlan.words(["dolma"]), "resident_name_words_pkey"),
                                 ("13912", .walk, "Index Only Scan using residents_sort_search"),
                                 ("lma 13912", .lastPairs(["dolma 13912", "drolma 13912"]), "residents_last_pair")] {
            let page = ResidentStore.pageQuery(
                try SearchBounds(ResidentQuery(q: q, clinics: [clinic]), today: Fixture.today), term: SearchTerm(q),
                plan: plan)
            let explain = try await db.pool.withConnection { try await $0.query("EXPLAIN " + page) }
            let text = explain.map { $0.text(0) ?? "" }.joined(separator: "\n")
            #expect(text.contains(index) && !text.contains("Seq Scan on resident"), "\(text)")
        }
        for q in ["dolma", "卓玛", "139", "a"] { #expect(!(try await search(ResidentQuery(q: q), db)).items.isEmpty) }
    }

    @Test func validationNamesEveryField() async throws {
        let db = try await Self.seeded()
        let bad = """
            {"names":{"bo":"  "},"sex":"robot","birthDate":"2999-01-01","languages":["BO"],"phone":"call me",
             "flags":["vip"]}
            """
        let input = try JSONDecoder().decode(NewResident.self, from: Data(bad.utf8))
        do {
            _ = try await db.pool.withConnection { try await ResidentStore.create(input, today: Fixture.today, on: $0) }
            Issue.record("accepted")
        } catch let error as ValidationError {
            #expect(Set(error.fields) == ["names", "birthDate", "languages[0]", "phone", "sex", "flags[0]"])
        }
        // Patch: clear the phone, keep the rest; unknown resident is 404.
        let someone = try await Fixture.resident("Patchy", pool: db.pool)
        let patch = try JSONDecoder().decode(ResidentPatch.self, from: Data(#"{"phone":null,"grid":"Grid 5"}"#.utf8))
        let patched = try await db.pool.withConnection {
            try await ResidentStore.patch(someone.id, patch, today: Fixture.today, on: $0)
        }
        #expect(patched.phone == nil && patched.grid == "Grid 5" && patched.names.latin == "Patchy")
        await expectSchedulingError(.notFound(.resident)) {
            try await db.pool.withConnection { try await ResidentStore.patch(UUID(), patch, today: Fixture.today, on: $0) }
        }
        // JSON shape: idNumber masked under its API name.
        let json = String(decoding: try JSONEncoder().encode(patched), as: UTF8.self)
        #expect(json.contains("\"names\"") && !json.contains("maskedIdNumber"))
    }

    @Test func seedRefusesANonEmptyDatabase() async throws {
        let db = try await Self.seeded()
        await #expect(throws: DemoClinic.DemoClinicError.notEmpty) {
            try await DemoClinic.seed(pool: db.pool, residents: 10, today: Fixture.today)
        }
    }
}

@Suite struct IdempotencyStoreTests {
    @Test func replayMismatchAndInProgress() async throws {
        let db = try await TestDatabase.forSuite()
        let print = IdempotencyStore.fingerprint(method: "POST", path: "/v1/appointments", body: Array("{}".utf8))
        let other = IdempotencyStore.fingerprint(method: "POST", path: "/v1/appointments", body: Array("{ }".utf8))
        func begin(_ fingerprint: String, scope: String = "user-1") async throws -> IdempotencyStore.Outcome {
            try await db.pool.withConnection {
                try await IdempotencyStore.begin(key: "k1", scope: scope, fingerprint: fingerprint, on: $0)
            }
        }
        guard case .proceed(let token) = try await begin(print) else { throw TestFailure("expected to proceed") }
        #expect(try await begin(print) == .inProgress)
        #expect(try await begin(other) == .mismatch)
        guard case .proceed = try await begin(print, scope: "user-2") else { throw TestFailure("expected to proceed") }
        let response = IdempotencyStore.StoredResponse(
            status: 201, headers: ["Location": "/v1/appointments/1"], body: Data(#"{"id":"1"}"#.utf8))
        let claim = IdempotencyClaim(scope: "user-1", key: "k1", token: token)
        try await db.pool.withConnection { try await IdempotencyStore.recordResponse(claim, response, on: $0) }
        #expect(try await begin(print) == .answered(.init(response: response, resource: nil)))
        try await db.pool.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = 'user-2'")
        #expect(try await db.pool.withConnection { try await IdempotencyStore.purge(on: $0) } == 1)
        guard case .proceed = try await begin(print, scope: "user-2") else { throw TestFailure("expected to proceed") }
    }

    /// The key's completion commits with the work or not at all, and a lapsed claim held by no transaction is
    /// taken over while one held by an open transaction is not; the first claim's work then cannot commit.
    @Test func completionCommitsWithTheWorkAndALapsedClaimIsTakenOver() async throws {
        let db = try await TestDatabase.forSuite()
        let print = IdempotencyStore.fingerprint(method: "POST", path: "/v1/residents", body: Array("{}".utf8))
        func begin(_ key: String) async throws -> IdempotencyStore.Outcome {
            try await db.pool.withConnection {
                try await IdempotencyStore.begin(key: key, scope: "s", fingerprint: print, lease: .zero, on: $0)
            }
        }
        let resource = IdempotencyStore.Resource(type: "resident", id: "r1", residentId: nil)

        // Rolled back: the key is still in progress, and with its claim lapsed a retry takes it over.
        guard case .proceed(let first) = try await begin("rolled") else { throw TestFailure("expected to proceed") }
        let rolled = IdempotencyClaim(scope: "s", key: "rolled", token: first)
        await #expect(throws: PostgresError.self) {
            try await db.pool.withTransaction { conn in
                IdempotencyStore.lockWithNextStatement(rolled, on: conn)
                IdempotencyStore.commitWithNextStatement(rolled, resource: resource, on: conn)
                try await conn.query("SELECT 1/0")
            }
        }
        guard case .proceed(let second) = try await begin("rolled") else { throw TestFailure("expected a takeover") }
        #expect(second != first)
        // The first claim's work cannot commit any more: its completion fails its transaction.
        await #expect(throws: PostgresError.self) {
            try await db.pool.withTransaction { conn in
                IdempotencyStore.commitWithNextStatement(rolled, resource: resource, on: conn)
                try await conn.query("SELECT 1")
            }
        }

        // Committed: the key answers with the resource, whatever became of the response.
        guard case .proceed(let token) = try await begin("done") else { throw TestFailure("expected to proceed") }
        let done = IdempotencyClaim(scope: "s", key: "done", token: token)
        try await db.pool.withTransaction { conn in
            IdempotencyStore.commitWithNextStatement(done, resource: resource, on: conn)
            try await conn.query("SELECT 1")
        }
        #expect(try await begin("done") == .answered(.init(response: nil, resource: resource)))

        // Held by an open transaction: a retry is told it is in progress, however old the claim.
        guard case .proceed(let held) = try await begin("held") else { throw TestFailure("expected to proceed") }
        let holding = IdempotencyClaim(scope: "s", key: "held", token: held)
        try await db.pool.withTransaction { conn in
            IdempotencyStore.lockWithNextStatement(holding, on: conn)
            try await conn.query("SELECT 1")
            #expect(try await begin("held") == .inProgress)
        }
    }
}
