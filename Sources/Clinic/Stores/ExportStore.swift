import ClinicDomain
import ClinicPostgres
import Foundation

/// SQL of the exports that read many residents at once.
enum ExportStore {
    /// One row per resident matching `filter`, ordered by display name: demographics, active problems, the
    /// latest blood pressure, the latest Barthel and self-care scores and the last consultation, with dates on
    /// the wall clock of `timeZone`. Each figure is an index lookup per resident (LATERAL ... LIMIT 1), so the
    /// query streams through a cursor without sorting the clinical tables. Read the columns with
    /// `HealthFilesCSV.fields`.
    static func healthFiles(
        _ filter: HealthFilesFilter, clinics: [UUID]?, today: LocalDate, timeZone: String
    ) -> PostgresQuery {
        var query: PostgresQuery = """
            SELECT r.id, r.name_bo, r.name_zh, r.name_latin, r.sex, r.birth_date, r.grid, r.household, r.phone,
                array_to_string(r.flags, ';') AS flags,
                (SELECT string_agg(p.text || coalesce(' [' || p.code || ']', ''), '; ' ORDER BY p.created_at, p.id)
                 FROM problems p WHERE p.resident_id = r.id AND p.status = 'active') AS problems,
                bp.systolic, bp.diastolic, to_char(bp.taken_at AT TIME ZONE \(timeZone), 'YYYY-MM-DD') AS bp_date,
                ba.score AS barthel_score, ba.band AS barthel_band,
                sc.score AS self_care_score, sc.band AS self_care_band,
                (SELECT to_char(c.started_at AT TIME ZONE \(timeZone), 'YYYY-MM-DD') FROM consultations c
                 WHERE c.resident_id = r.id ORDER BY c.started_at DESC, c.id LIMIT 1) AS last_consultation
            FROM residents r
            LEFT JOIN LATERAL (
                SELECT v.vitals ->> 'systolic' AS systolic, v.vitals ->> 'diastolic' AS diastolic, v.taken_at
                FROM vital_signs v WHERE v.resident_id = r.id AND v.vitals ? 'systolic'
                ORDER BY v.taken_at DESC, v.id DESC LIMIT 1) bp ON true
            LEFT JOIN LATERAL (
                SELECT s.score, s.band FROM assessments s WHERE s.resident_id = r.id AND s.kind = 'barthel'
                ORDER BY s.taken_at DESC, s.id DESC LIMIT 1) ba ON true
            LEFT JOIN LATERAL (
                SELECT s.score, s.band FROM assessments s WHERE s.resident_id = r.id AND s.kind = 'selfCare'
                ORDER BY s.taken_at DESC, s.id DESC LIMIT 1) sc ON true
            WHERE true
            """
        // Named, so the walk reads the listed clinics' rows instead of filtering every clinic's; one clinic by `=`,
        // which walks its part of the name-order index (`= ANY` would collect and sort).
        if let clinics, clinics.count == 1 {
            query.append(" AND r.clinic_id = \(clinics[0])")
        } else if let clinics {
            query.append(" AND r.clinic_id = ANY(\(clinics)::uuid[])")
        }
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
