import ClinicDomain
import ClinicPostgres
import Foundation

/// SQL of the exports that read many residents at once.
enum ExportStore {
    /// One row per resident matching `filter`, ordered by display name: demographics, active problems, the
    /// latest blood pressure, the latest Barthel and self-care scores and the last consultation, with dates on
    /// the wall clock of `timeZone`. Each figure is read as a set, one per table for the listed clinics (a range of
    /// its clinic-led index, migration 0025) and joined to the residents by hash: a lookup per resident instead
    /// walked indexes keyed by resident over the whole county, which cost a room of a county 1.3 to 1.6 times what
    /// it cost a room alone (BENCHMARKS.md, "Reads at county size"). The rows stream through a cursor. Read the
    /// columns with `HealthFilesCSV.fields`.
    static func healthFiles(
        _ filter: HealthFilesFilter, clinics: [UUID]?, today: LocalDate, timeZone: String
    ) -> PostgresQuery {
        // The listed clinics' rows of table `alias` (all the caller may see when none are listed). Named, so each
        // read covers those clinics' rows instead of filtering every clinic's; one clinic by `=`, which walks its part
        // of an index in order (`= ANY` would collect and sort).
        func inClinics(_ alias: String) -> PostgresQuery {
            let column = PostgresQuery(unsafeSQL: alias + ".clinic_id")
            guard let clinics else { return "true" }
            return clinics.count == 1 ? "\(column) = \(clinics[0])" : "\(column) = ANY(\(clinics)::uuid[])"
        }
        func latestAssessment(_ kind: String) -> PostgresQuery {
            """
            SELECT DISTINCT ON (s.resident_id) s.resident_id, s.score, s.band FROM assessments s
                WHERE \(inClinics("s")) AND s.kind = \(kind)
                ORDER BY s.resident_id, s.taken_at DESC, s.id DESC
            """
        }
        var query: PostgresQuery = """
            SELECT r.id, r.name_bo, r.name_zh, r.name_latin, r.sex, r.birth_date, r.grid, r.household, r.phone,
                array_to_string(r.flags, ';') AS flags, pr.problems,
                bp.systolic, bp.diastolic, to_char(bp.taken_at AT TIME ZONE \(timeZone), 'YYYY-MM-DD') AS bp_date,
                ba.score AS barthel_score, ba.band AS barthel_band,
                sc.score AS self_care_score, sc.band AS self_care_band,
                to_char(lc.started_at AT TIME ZONE \(timeZone), 'YYYY-MM-DD') AS last_consultation
            FROM residents r
            LEFT JOIN (
                SELECT p.resident_id,
                    string_agg(p.text || coalesce(' [' || p.code || ']', ''), '; ' ORDER BY p.created_at, p.id)
                        AS problems
                FROM problems p WHERE \(inClinics("p")) AND p.status = 'active' GROUP BY p.resident_id
            ) pr ON pr.resident_id = r.id
            LEFT JOIN (
                SELECT DISTINCT ON (v.resident_id) v.resident_id, v.vitals ->> 'systolic' AS systolic,
                    v.vitals ->> 'diastolic' AS diastolic, v.taken_at
                FROM vital_signs v WHERE \(inClinics("v")) AND v.vitals ? 'systolic'
                ORDER BY v.resident_id, v.taken_at DESC, v.id DESC
            ) bp ON bp.resident_id = r.id
            LEFT JOIN (\(latestAssessment("barthel"))) ba ON ba.resident_id = r.id
            LEFT JOIN (\(latestAssessment("selfCare"))) sc ON sc.resident_id = r.id
            LEFT JOIN (
                SELECT c.resident_id, max(c.started_at) AS started_at FROM consultations c
                WHERE \(inClinics("c")) GROUP BY c.resident_id
            ) lc ON lc.resident_id = r.id
            WHERE true
            """
        query.append(" AND \(inClinics("r"))")
        if let minAge = filter.minAge {
            query.append(" AND r.birth_date <= \(LocalDate.latestBirthDate(forAgeAtLeast: minAge, on: today))")
        }
        if let grid = filter.grid { query.append(" AND r.grid = \(grid)") }
        if let flag = filter.flag { query.append(" AND r.flags @> ARRAY[\(flag.rawValue)]::text[]") }
        if let problem = filter.problem {
            let escaped = likeEscaped(problem)
            query.append(
                """
                 AND EXISTS (SELECT 1 FROM problems p WHERE p.resident_id = r.id AND p.status = 'active'
                    AND (p.chronic_condition = \(problem) OR p.code LIKE \(escaped.uppercased() + "%")
                         OR p.text ILIKE \("%" + escaped + "%")))
                """)
        }
        query.append(" ORDER BY r.sort_name, r.id")
        return query
    }
}
