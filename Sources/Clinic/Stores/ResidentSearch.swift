import ClinicDomain
import ClinicPostgres
import Foundation

/// `GET /v1/residents`: search and filters over the register, in name order, one keyset page at a time.
///
/// `q` (trimmed, case-insensitive) matches a substring of any name script or of the phone's digits, or the identity
/// number's last four characters. The page must cost about the same in a register of 16,000 residents as in one of
/// 1.6 million, whether `q` is rare or a name thousands of residents share. One plan cannot do that, so each search
/// picks one of these (`ResidentSearchPlan`), by what it learns from the vocabulary of name words and, when that is
/// not enough, from counting matches up to `crowdedAt` (several pieces) or from a probe of the name order (`common`):
/// - **words**: a term with a character other than a digit lies inside one of the resident's name words
///   (migration 0007). The few vocabulary words containing it are looked up, and each word's residents are walked in
///   name order through `resident_name_words`, stopping at the page. Cost grows with the number of words, not with
///   the register or the matches ("zhang", shared by 41,000 residents at 1.6 million, costs what "yeshe" costs).
///   A term of several pieces does the same with the pairs of adjacent name words (migration 0008) that hold two
///   of its neighbouring pieces ("tenzin dolma"), when it has two such pieces that are not digits alone.
/// - **last pairs**: a term ending in digits after a named piece ("dolma 13912", a name and the start of a phone)
///   with fewer than `crowdedAt` candidates. The digits start the phone, the last word of `search_text`, and the
///   named piece ends the word before it, so the candidates are the few ranges of the index on those two last words
///   (migration 0009) that start with a vocabulary word ending in the piece, a space and the digits; they are
///   gathered and sorted. With more candidates, the residents of those words are walked in name order instead.
/// - **gather**: few matches: find them all through the text indexes, then sort them. Three or more characters go
///   through the pg_trgm GIN index on `search_text`, two through the GIN index of two-character pieces
///   (`search_bigrams`), a single character without an index.
/// - **walk**: many matches that the words cannot serve (digits shared by thousands of phones, or a fragment inside
///   more than `wordsAtMost` words): walk the name-order index, which carries `search_text`, skipping non-matches
///   without reading the table (unless filters or an identity-number tail need the row). Cost grows with how far
///   into the name order the page lies; a common term keeps that short.
/// - **list**: no `q`: the name-order index.
///
/// `minAge` becomes `birth_date <= latest birth date` so it agrees with `LocalDate.age(on:)`.
/// Errors: 422 for a bad `limit`, `minAge` or `cursor` (field named).
extension ResidentStore {
    static func search(_ query: ResidentQuery, today: LocalDate, on db: PostgresConnection) async throws
        -> Page<Resident>
    {
        let bounds = try SearchBounds(query, today: today)
        let term = query.q.flatMap(SearchTerm.init)
        let plan = try await plan(for: term, in: bounds.clinics, on: db)
        let rows = try await db.query(pageQuery(bounds, term: term, plan: plan))
        let limit = bounds.limit
        var items: [Resident] = []
        var lastKey: KeysetKey?
        for row in rows.prefix(limit) {
            items.append(try resident(row))
            lastKey = KeysetKey(sort: try row.decode(String.self, "sort_name"), id: try row.decode(UUID.self, "id"))
        }
        let next = rows.count > limit ? lastKey.map { KeysetCursor.encode($0) } : nil
        return Page(items: items, nextCursor: next)
    }

    /// At this many matches a term of several pieces walks its words instead of sorting its matches.
    static let crowdedAt = 1000

    /// A term inside more vocabulary words than this is too short to gain from them (each word is walked).
    static let wordsAtMost = 200

    /// `clinics` is the condition on `residents` that keeps to the clinics searched (`SearchBounds.clinics`).
    static func plan(for term: SearchTerm?, in clinics: PostgresQuery = "true", on db: PostgresConnection) async throws
        -> ResidentSearchPlan
    {
        guard let term else { return .list }
        if let tail = term.phoneTail, let words = try await wordsBeforePhone(tail, on: db) {
            let pairs = words.map { $0 + " " + tail.digits }
            if try await !crowded(clinics + " AND " + lastPairCondition(pairs), on: db) { return .lastPairs(pairs) }
            // Many residents hold these words and phones that start so: matches are dense among the words' residents.
            if term.namePair == nil { return .words(words) }
        }
        if let pair = term.namePair {
            let pairs = try await db.query(
                "SELECT pair FROM name_pairs WHERE pair LIKE \(SearchTerm.containing(pair)) ORDER BY pair LIMIT \(wordsAtMost + 1)"
            ).map { try $0.decode(String.self, "pair") }
            // The pairs' residents hold the two pieces side by side; the whole term still decides.
            if pairs.count <= wordsAtMost { return .words(pairs) }
        }
        if let piece = term.namePiece, let words = try await nameWords(like: SearchTerm.containing(piece), on: db) {
            // One word: exact, whatever the number of matches. Several: the words of the longest piece narrow the
            // residents and the whole term decides; that pays only when the matches are many.
            if term.isOneWord { return .words(words) }
            return try await crowded(clinics + " AND (" + term.condition + ")", on: db) ? .words(words) : .gather
        }
        return try await common(term, in: clinics, on: db) ? .walk : .gather
    }

    /// The start of the name order that a term's density is judged on, before walking the name order for it.
    static let probeSize = 2000

    /// Matches in the probe at which the name order is walked: a page of 50 then reads about 50 × 2,000 / 4 =
    /// 25,000 index entries at most (10 ms here), whatever the register's size. Fewer, and the term's matches are
    /// gathered and sorted instead: cheap for a rare term, and about 0.2% of the register at most when the start of
    /// the name order is typical of the rest (true of phone digits, which do not follow names).
    static let probeHits = 4

    /// True when walking the name order for `term` stops soon. Unlike counting matches through the trigram index,
    /// whose cost grows with the register (every phone shares "139": 17 ms at 1.6 million residents), the probe
    /// reads a fixed number of entries.
    static func common(_ term: SearchTerm, in clinics: PostgresQuery, on db: PostgresConnection) async throws -> Bool {
        let probed = try await db.query(
            "SELECT count(*) FILTER (WHERE " + term.scanCondition + ") AS hits, count(*) AS read FROM (SELECT "
                + term.scanColumns + " FROM residents WHERE " + clinics + " ORDER BY sort_name, id LIMIT \(probeSize)) sample")
        return try probed[0].decode(Int.self, "hits") >= probeHits || probed[0].decode(Int.self, "read") < probeSize
    }

    /// True when at least `crowdedAt` residents meet `condition`.
    static func crowded(_ condition: PostgresQuery, on db: PostgresConnection) async throws -> Bool {
        let counted = try await db.query(
            "SELECT count(*) AS n FROM (SELECT 1 FROM residents WHERE " + condition + " LIMIT \(crowdedAt)) t")
        return try counted[0].decode(Int.self, "n") >= crowdedAt
    }

    /// The vocabulary words matching the LIKE `pattern`, or nil when there are more than `wordsAtMost`.
    static func nameWords(like pattern: String, on db: PostgresConnection) async throws -> [String]? {
        let words = try await db.query(
            "SELECT word FROM name_words WHERE word LIKE \(pattern) ORDER BY word LIMIT \(wordsAtMost + 1)"
        ).map { try $0.decode(String.self, "word") }
        return words.count <= wordsAtMost ? words : nil
    }

    /// The vocabulary words that end in `tail.name`: one of them is the word before the phone of every resident the
    /// term matches, when the digits start the phone. Nil when a name word starts with `tail.digits` (they may lie
    /// there instead) or when more than `wordsAtMost` words end in the name piece.
    static func wordsBeforePhone(_ tail: SearchTerm.PhoneTail, on db: PostgresConnection) async throws -> [String]? {
        let digitsStartAName = try await db.query(
            "SELECT EXISTS (SELECT FROM name_words WHERE word LIKE \(tail.digits + "%")) AS found")[0]
            .decode(Bool.self, "found")
        if digitsStartAName { return nil }
        return try await nameWords(like: "%" + likeEscaped(tail.name), on: db)
    }

    /// Residents whose last two words of `search_text`, the last name word and the phone (migration 0009), start with
    /// one of `pairs`: one range of that index each.
    static func lastPairCondition(_ pairs: [String]) -> PostgresQuery {
        guard !pairs.isEmpty else { return "false" }
        var condition: PostgresQuery = "("
        for (index, pair) in pairs.enumerated() {
            if index > 0 { condition.append(" OR ") }
            condition.append("clinic_last_pair(search_text) LIKE \(likeEscaped(pair) + "%")")
        }
        condition.append(")")
        return condition
    }

    /// The statement that reads one page (`limit + 1` rows, the last only telling that there is more) by `plan`.
    static func pageQuery(_ bounds: SearchBounds, term: SearchTerm?, plan: ResidentSearchPlan) -> PostgresQuery {
        let limit = bounds.limit
        var chosen: PostgresQuery = "true"
        for filter in bounds.filters { chosen.append(" AND " + filter) }
        let filters = bounds.clinics + " AND " + chosen
        func after(_ sort: String, _ id: String) -> PostgresQuery {
            guard let key = bounds.after else { return "" }
            return " AND (" + PostgresQuery(stringLiteral: sort) + ", " + PostgresQuery(stringLiteral: id)
                + ") > (\(key.sort), \(key.id))"
        }
        let order: PostgresQuery = " ORDER BY sort_name, id LIMIT \(limit + 1)"
        func gathered(_ condition: PostgresQuery) -> PostgresQuery {
            "WITH hits AS MATERIALIZED (SELECT \(columns) FROM residents WHERE " + bounds.clinics + " AND (" + condition
                + ")) SELECT * FROM hits WHERE " + chosen + after("sort_name", "id") + order
        }
        let fetchPage: PostgresQuery =
            ") SELECT \(columns) FROM residents WHERE id IN (SELECT id FROM page) ORDER BY sort_name, id"
        switch (plan, term) {
        case (.list, _), (_, nil):
            return "SELECT \(columns) FROM residents WHERE " + filters + after("sort_name", "id") + order
        case (.gather, let term?):
            return gathered(term.condition)
        case (.lastPairs(let pairs), let term?):
            return gathered(term.condition(within: lastPairCondition(pairs)))
        case (.walk, let term?):
            // OFFSET 0 keeps the term out of the ordered scan: left to itself, the planner misjudges how many
            // residents a LIKE matches and gathers and sorts all of them (124 ms against 9 ms for "13912" at 100x).
            return "WITH page AS MATERIALIZED (SELECT id FROM (SELECT " + term.scanColumns + " FROM residents WHERE "
                + filters + after("sort_name", "id") + " ORDER BY sort_name, id OFFSET 0) ordered WHERE "
                + term.scanCondition + order + fetchPage
        case (.words(let words), let term?):
            var perWord: PostgresQuery = """
                SELECT hit.sort_name, hit.id FROM unnest(\(words)::text[]) AS v(word) CROSS JOIN LATERAL (
                    SELECT w.sort_name, w.resident_id AS id FROM resident_name_words w WHERE w.word = v.word AND
                """
            perWord.append(" " + bounds.clinics(of: "w"))
            perWord.append(after("w.sort_name", "w.resident_id"))
            // A resident holding a key that contains the whole term matches it (a key, word or pair, lies inside
            // search_text); otherwise the resident still has to match the whole term. The filters always apply.
            if !words.allSatisfy(term.liesInside) || !bounds.filters.isEmpty {
                perWord.append(" AND EXISTS (SELECT FROM residents WHERE id = w.resident_id AND (" + term.condition
                    + ") AND " + filters + ")")
            }
            perWord.append(" ORDER BY w.sort_name, w.resident_id LIMIT \(limit + 1)) hit")
            if let tail = term.idTail {
                perWord.append(" UNION ALL SELECT sort_name, id FROM residents WHERE id_tail = \(tail) AND " + filters
                    + after("sort_name", "id"))
            }
            return "WITH page AS MATERIALIZED (SELECT DISTINCT sort_name, id FROM (" + perWord + ") hits" + order
                + fetchPage
        }
    }
}

/// What a search's page is bounded by besides `q`, checked before any statement runs: 422 for a bad `limit`,
/// `minAge` or `cursor`.
struct SearchBounds {
    let limit: Int
    /// Conditions on `residents`, all to hold.
    let filters: [PostgresQuery]
    /// The page starts after this (sort name, id).
    let after: KeysetKey?
    /// The clinics searched (`ResidentQuery.clinics`); nil: all the scope shows.
    let clinicIds: [UUID]?

    /// The condition on `residents` that keeps to the clinics searched. One clinic is an equality, which the
    /// clinic-led indexes (migration 0014) serve in name order; several need a sort.
    var clinics: PostgresQuery { clinics(of: nil) }

    /// The same condition on the `clinic_id` of the table aliased `alias`.
    func clinics(of alias: String?) -> PostgresQuery {
        let column = PostgresQuery(unsafeSQL: alias.map { $0 + ".clinic_id" } ?? "clinic_id")
        switch clinicIds {
        case nil: return "true"
        case let ids? where ids.count == 1: return column + " = \(ids[0])"
        case let ids?: return column + " = ANY(\(ids)::uuid[])"
        }
    }

    init(_ query: ResidentQuery, today: LocalDate) throws {
        limit = try ListLimit.checked(query.limit)
        var filters: [PostgresQuery] = []
        if let grid = query.grid { filters.append("grid = \(grid)") }
        if let minAge = query.minAge {
            guard (0...150).contains(minAge) else {
                throw ValidationError(field: "minAge", message: "must be between 0 and 150")
            }
            filters.append("birth_date <= \(LocalDate.latestBirthDate(forAgeAtLeast: minAge, on: today))")
        }
        if let flag = query.flag { filters.append("flags @> ARRAY[\(flag.rawValue)]::text[]") }
        self.filters = filters
        clinicIds = query.clinics
        after = try query.cursor.map { cursor in
            guard let key = KeysetCursor.decodeKey(cursor) else { throw ValidationError.badCursor }
            return key
        }
    }
}

/// How a search finds its page; see `ResidentStore.search`.
enum ResidentSearchPlan: Equatable {
    case list
    case words([String])
    case lastPairs([String])
    case gather
    case walk
}

/// A search's `q`, as the register's columns hold text.
struct SearchTerm {
    /// Lower-cased; a phone typed with spaces, hyphens or a leading '+' becomes its digits, as stored.
    let text: String
    /// The identity-number tail `q` may be (exactly four characters), upper-cased as stored.
    let idTail: String?

    init?(_ raw: String) {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        var text = trimmed.lowercased()
        let phoneLike = text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || " -+".unicodeScalars.contains($0) }
        let digits = ResidentRules.digitsOf(text)
        if phoneLike, digits.count >= 3 { text = digits }
        self.text = text
        idTail = trimmed.count == IdNumber.visibleTail ? IdNumber.tail(trimmed) : nil
    }

    /// The WHERE condition on `residents` for this term. Index use: three or more characters through the trigram
    /// index; two through `search_bigrams` (trigrams cannot serve a two-character Chinese name); one without.
    var condition: PostgresQuery {
        guard text.unicodeScalars.count == 2 else { return scanCondition }  // as PostgreSQL counts characters
        return orIdTail("(search_bigrams @> ARRAY[\(text)]::text[] AND " + like + ")")
    }

    /// `condition` for a scan of the name-order index, which carries `search_text` (not the bigrams, an index aid
    /// only), with the columns it reads.
    var scanCondition: PostgresQuery { orIdTail(like) }

    /// `condition` for residents among `candidates` (the identity-number tail is not narrowed).
    func condition(within candidates: PostgresQuery) -> PostgresQuery { orIdTail("(" + candidates + ") AND " + like) }

    private var like: PostgresQuery { "search_text LIKE \(Self.containing(text))" }

    private func orIdTail(_ condition: PostgresQuery) -> PostgresQuery {
        guard let idTail else { return condition }
        return condition + " OR id_tail = \(idTail)"
    }

    var scanColumns: PostgresQuery { idTail == nil ? "id, sort_name, search_text" : "id, sort_name, search_text, id_tail" }

    /// Whether `key` contains the whole term, byte for byte as LIKE compares.
    func liesInside(_ key: String) -> Bool { key.utf8.contains(text.utf8) }

    /// No space: the term then lies inside one word of `search_text`, which joins words with spaces.
    var isOneWord: Bool { !text.contains(" ") }

    /// The longest space-separated piece with a character other than a digit: it lies inside a name word of every
    /// resident the term matches (the phone's word is digits only). Nil for digits alone.
    var namePiece: String? {
        pieces
            .filter(Self.isNamed)
            .max { $0.unicodeScalars.count < $1.unicodeScalars.count }
            .map(String.init)
    }

    /// The two neighbouring pieces, joined by their space, that each have a character other than a digit (the
    /// longest such two): they lie inside a pair of adjacent name words of every resident the term matches
    /// (migration 0008). Nil for one piece, for two spaces in a row (no pair spans a missing name), and when no two
    /// neighbours qualify ("dolma 13912").
    var namePair: String? {
        let pieces = pieces
        guard pieces.count >= 2, !pieces.contains(where: \.isEmpty) else { return nil }
        return zip(pieces, pieces.dropFirst())
            .filter { Self.isNamed($0) && Self.isNamed($1) }
            .max { $0.0.unicodeScalars.count + $0.1.unicodeScalars.count < $1.0.unicodeScalars.count + $1.1.unicodeScalars.count }
            .map { $0 + " " + $1 }
    }

    /// A term's last piece when it is digits only, after a named piece: "dolma 13912", "tashi dolma 139".
    struct PhoneTail {
        let name: String
        let digits: String
    }

    /// The digits follow a space, so they start a word of `search_text`: the phone, unless a name word starts with
    /// them. Nil when the term does not end so.
    var phoneTail: PhoneTail? {
        let pieces = pieces
        guard let digits = pieces.last, let name = pieces.dropLast().last, !digits.isEmpty, !Self.isNamed(digits),
            Self.isNamed(name)
        else { return nil }
        return PhoneTail(name: String(name), digits: String(digits))
    }

    /// The term split at each space, an empty piece where two spaces meet (no name pair spans a missing name).
    private var pieces: [Substring] { text.split(separator: " ", omittingEmptySubsequences: false) }

    /// Whether a piece has a character other than a digit, so that it cannot lie inside the phone's word.
    static func isNamed(_ piece: Substring) -> Bool { piece.unicodeScalars.contains { !("0"..."9").contains($0) } }

    /// A LIKE pattern for text containing `piece`.
    static func containing(_ piece: String) -> String { "%" + likeEscaped(piece) + "%" }
}
