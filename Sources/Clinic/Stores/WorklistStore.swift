import ClinicDomain
import ClinicPostgres
import Foundation

/// The work lists for grid workers and the front desk: who is due a follow-up, and which elderly residents have
/// not been seen.
enum WorklistStore {
    /// Residents due a follow-up on or before `before`, one row each, earliest due first (priority residents first
    /// on the same day), at most `limit` rows:
    /// - `requested`: a follow-up a doctor asked for, due by `before`, not yet satisfied by a later consultation or
    ///   by an appointment (booked, checked in or completed) after it;
    /// - `chronicReview`: an active hypertension (I10–I15) or type 2 diabetes (E11) problem, and the last
    ///   consultation more than three months before `before` (due three months after it; never seen: due since
    ///   the problem was recorded), with no booked or checked-in appointment to come.
    /// A resident with a requested follow-up is listed for that alone. The doctor's note comes only under `.full`.
    static func followUpsDue(
        before: LocalDate, visibility: ConsultationVisibility, limit: Int = ListLimit.maximum,
        on db: PostgresConnection
    ) async throws -> [FollowUpDueRow] {
        let limit = try ListLimit.checked(limit)
        let rows = try await db.query(
            """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE)),
            requested AS (
                SELECT DISTINCT ON (c.resident_id) c.resident_id, 'requested' AS reason, c.follow_up_due AS due_date,
                       c.id AS consultation_id, c.doctor_id, c.follow_up_mode AS mode,
                       \(ClinicalSQL.raw(ClinicalSQL.followUpNote(visibility))) AS note,
                       NULL::text[] AS conditions
                FROM consultations c
                WHERE c.follow_up_due <= \(before) AND \(ClinicalSQL.raw(ClinicalSQL.followUpPending))
                ORDER BY c.resident_id, c.follow_up_due, c.id
            ),
            chronic AS (
                SELECT p.resident_id, array_agg(DISTINCT p.chronic_condition) AS conditions,
                       min(p.created_at) AS first_recorded
                FROM problems p
                WHERE p.status = 'active' AND p.chronic_condition IS NOT NULL
                  AND p.resident_id NOT IN (SELECT resident_id FROM requested)
                GROUP BY p.resident_id
            ),
            chronic_due AS (
                SELECT ch.resident_id, 'chronicReview' AS reason,
                       coalesce(((last.started_at AT TIME ZONE zone.tz) + interval '3 months')::date,
                                (ch.first_recorded AT TIME ZONE zone.tz)::date) AS due_date,
                       NULL::uuid AS consultation_id, NULL::uuid AS doctor_id, NULL::text AS mode, NULL::text AS note,
                       ch.conditions
                FROM chronic ch CROSS JOIN zone
                LEFT JOIN LATERAL (SELECT max(started_at) AS started_at FROM consultations
                                   WHERE resident_id = ch.resident_id) last ON true
                WHERE NOT EXISTS (SELECT 1 FROM appointments ap
                                  WHERE ap.resident_id = ch.resident_id AND ap.status IN ('booked', 'checkedIn')
                                    AND ap.ends_at > now())
            ),
            due AS (
                SELECT * FROM requested
                UNION ALL
                SELECT * FROM chronic_due WHERE due_date <= \(before)
            )
            SELECT json_build_object(
                'residentId', r.id,
                'names', json_build_object('bo', r.name_bo, 'zh', r.name_zh, 'latin', r.name_latin),
                'birthDate', r.birth_date, 'phone', r.phone, 'address', r.address, 'grid', r.grid, 'flags', r.flags,
                'priority', cardinality(r.flags) > 0, 'reason', d.reason, 'dueDate', d.due_date,
                'consultationId', d.consultation_id, 'doctorId', d.doctor_id, 'mode', d.mode, 'note', d.note,
                'conditions', d.conditions,
                'lastConsultationAt', (SELECT clinic_instant(max(started_at), zone.tz) FROM consultations
                                       WHERE resident_id = r.id)
            ) AS row
            FROM due d JOIN residents r ON r.id = d.resident_id CROSS JOIN zone
            WHERE r.inactive_reason IS NULL
            ORDER BY d.due_date, cardinality(r.flags) = 0, r.sort_name, r.id
            LIMIT \(limit)
            """)
        return try rows.map { try $0.decodeJSON(FollowUpDueRow.self, "row") }
    }

    /// Residents at least `minAge` on `today`, still cared for here, not seen since `days` days before `today`: no
    /// consultation and (`basis: .any`) no outreach visit that saw them (`seenWell`, `needsDoctor`). Ordered for a
    /// walking route: by grid (residents without a grid last), then household, then address; priority residents
    /// first at one address, then those never seen or unseen longest, then by name. Keyset pages (`cursor`).
    static func unvisitedElderly(
        _ query: UnvisitedElderlyQuery, today: LocalDate, on db: PostgresConnection
    ) async throws -> Page<UnvisitedElderlyRow> {
        try query.validate()
        let latestBirth = LocalDate.latestBirthDate(forAgeAtLeast: query.minAge, on: today)
        let since = today.adding(days: -query.days)
        let countsVisits = query.basis == .any
        var after: PostgresQuery = ""
        if let cursor = query.cursor {
            guard let key = KeysetCursor.decode(UnvisitedCursor.self, from: cursor) else {
                throw ValidationError(field: "cursor", message: "is not a cursor this server issued")
            }
            // The page's last resident's place in the walking order: its text keys read again by its id (an
            // address in Tibetan would make a cursor that carries them longer than a URL's query may be), its last
            // seen time from the cursor (it depends on the basis asked for).
            after = """
                AND (\(Self.walkingKey("r", seen: Self.lastSeen)))
                  > (SELECT \(Self.walkingKey("k", seen: "\(key.lastSeen)::timestamptz")) FROM residents k
                     WHERE k.id = \(key.id))
                """
        }
        let rows = try await db.query(
            """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE))
            SELECT json_build_object(
                    'residentId', r.id,
                    'names', json_build_object('bo', r.name_bo, 'zh', r.name_zh, 'latin', r.name_latin),
                    'sex', r.sex, 'birthDate', r.birth_date, 'age', 0, 'phone', r.phone, 'address', r.address,
                    'grid', r.grid, 'household', r.household, 'flags', r.flags, 'priority', cardinality(r.flags) > 0,
                    'lastConsultationAt', clinic_instant(last.started_at, zone.tz), 'lastConsultationMode', last.mode,
                    'lastVisitAt', clinic_instant(visit.visited_at, zone.tz),
                    'lastSeenAt', clinic_instant(seen.at, zone.tz)
                ) AS row,
                coalesce(seen.at, '-infinity')::text AS last_seen, r.id
            FROM residents r CROSS JOIN zone
            LEFT JOIN LATERAL (SELECT c.started_at, c.mode FROM consultations c WHERE c.resident_id = r.id
                               ORDER BY c.started_at DESC LIMIT 1) last ON true
            LEFT JOIN LATERAL (SELECT v.visited_at FROM outreach_visits v
                               WHERE \(countsVisits) AND v.resident_id = r.id
                                 AND v.outcome IN ('seenWell', 'needsDoctor')
                               ORDER BY v.visited_at DESC LIMIT 1) visit ON true
            CROSS JOIN LATERAL (SELECT greatest(last.started_at, visit.visited_at) AS at) seen
            WHERE r.birth_date <= \(latestBirth) AND r.inactive_reason IS NULL
              AND (\(query.grid)::text IS NULL OR r.grid = \(query.grid))
              AND (seen.at IS NULL OR seen.at < (\(since)::date::timestamp AT TIME ZONE zone.tz))
              \(after)
            ORDER BY \(Self.walkingKey("r", seen: Self.lastSeen))
            LIMIT \(query.limit + 1)
            """)
        var items: [UnvisitedElderlyRow] = []
        var nextCursor: String?
        for (index, row) in rows.enumerated() {
            if index == query.limit {
                let last = rows[index - 1]
                nextCursor = KeysetCursor.encode(
                    UnvisitedCursor(
                        lastSeen: try last.decode(String.self, "last_seen"), id: try last.decode(UUID.self, "id")))
                break
            }
            var item = try row.decodeJSON(UnvisitedElderlyRow.self, "row")
            item.age = item.birthDate.age(on: today)
            items.append(item)
        }
        return Page(items: items, nextCursor: nextCursor)
    }

    /// When a resident on the list was last seen, in the walking order (never: first).
    static let lastSeen = ClinicalSQL.raw("coalesce(seen.at, '-infinity')")

    /// The walking order of resident `r` (`seen`: when they were last seen): grid, household and address in
    /// numeric order (`walking_order`, migration 0021), each missing one last; priority residents first at one
    /// address, then unseen longest, then by name. The list's ORDER BY and its cursor's comparison.
    static func walkingKey(_ r: String, seen: PostgresQuery) -> PostgresQuery {
        let places = ClinicalSQL.raw(
            """
            \(r).grid IS NULL, coalesce(\(r).grid, '') COLLATE walking_order, \(r).household IS NULL,
            coalesce(\(r).household, '') COLLATE walking_order, \(r).address IS NULL,
            coalesce(\(r).address, '') COLLATE walking_order, cardinality(\(r).flags) = 0
            """)
        return "\(places), \(seen), \(ClinicalSQL.raw("\(r).sort_name, \(r).id"))"
    }

    /// Where a page of the unvisited-elderly list ended: the last resident and when they were last seen.
    struct UnvisitedCursor: Codable {
        var lastSeen: String
        var id: UUID

        enum CodingKeys: String, CodingKey {
            case lastSeen = "l", id = "i"
        }
    }
}
