import ClinicDomain
import ClinicPostgres
import Foundation

/// SQL text shared by the clinical stores: each record is built as JSON by the database in the API's shape, with
/// instants already written in the clinic's zone (`clinic_instant`), so a list or a whole health file is one
/// statement and one decoding path.
///
/// The fragments are constant SQL (no values); they expect the clinic's zone in scope as `zone.tz`, which
/// `zoneFrom` provides: `FROM <table> alias CROSS JOIN zone` after `WITH zone AS (...)`.
enum ClinicalSQL {
    /// Constant SQL text (never a value) as a query fragment to interpolate.
    static func raw(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql) }

    static let utc = TimeZone(identifier: "UTC")!

    /// The zone instants in clinical records are given in (each carries its offset: the same instant in any zone),
    /// and the work lists' dates are counted in: the caller's clinic's (the first of those in the caller's scope
    /// for a doctor serving several; the first clinic's for county-wide work).
    static let zoneCTE = """
        zone AS (SELECT time_zone AS tz FROM clinics ORDER BY clinic_in_scope(id) DESC NULLS LAST, created_at, id LIMIT 1)
        """

    /// The follow-up note of a consultation row `c` as a column expression: the doctor's words, so NULL under
    /// `.overview` (the column is never read). Every reader of the note goes through here.
    static func followUpNote(_ visibility: ConsultationVisibility) -> String {
        switch visibility {
        case .full: "c.follow_up_note"
        case .overview: "NULL::text"
        }
    }

    /// A consultation row `c` as `Consultation` JSON. Under `.overview` the clinical columns (and the follow-up
    /// note) are never read.
    static func consultation(_ visibility: ConsultationVisibility) -> String {
        let clinical: String
        switch visibility {
        case .full:
            clinical = """
                'notes', json_build_object('subjective', c.subjective, 'objective', c.objective,
                                           'assessment', c.assessment, 'plan', c.plan),
                'vitals', c.vitals, 'vitalFlags', c.vital_flags, 'diagnoses', c.diagnoses,
                'treatments', c.treatments, 'advice', c.advice,
                'addenda', (SELECT coalesce(json_agg(\(addendum) ORDER BY a.created_at, a.id), '[]')
                            FROM consultation_addenda a WHERE a.consultation_id = c.id),
                """
        case .overview:
            clinical = ""
        }
        return """
            json_build_object(
                'id', c.id, 'clinicId', c.clinic_id, 'residentId', c.resident_id, 'doctorId', c.doctor_id,
                'doctorName', (SELECT d.name FROM doctors d WHERE d.id = c.doctor_id),
                'appointmentId', c.appointment_id, 'mode', c.mode, 'channel', c.channel,
                'startedAt', clinic_instant(c.started_at, zone.tz), 'endedAt', clinic_instant(c.ended_at, zone.tz),
                'durationMinutes', round(extract(epoch FROM c.ended_at - c.started_at) / 60)::int,
                \(clinical)
                'followUp', CASE WHEN c.follow_up_due IS NOT NULL THEN json_build_object(
                    'inDays', c.follow_up_in_days, 'mode', c.follow_up_mode, 'note', \(followUpNote(visibility)),
                    'dueDate', c.follow_up_due) END,
                'signed', c.signed_at IS NOT NULL, 'signedAt', clinic_instant(c.signed_at, zone.tz),
                'signedBy', c.signed_by,
                'createdAt', clinic_instant(c.created_at, zone.tz), 'updatedAt', clinic_instant(c.updated_at, zone.tz))
            """
    }

    /// An addendum row `a`.
    static let addendum = """
        json_build_object('id', a.id, 'consultationId', a.consultation_id, 'authorId', a.author_id, 'text', a.text,
                          'createdAt', clinic_instant(a.created_at, zone.tz))
        """

    /// A consultation row `c` with a follow-up, as `PendingFollowUp` (the note only under `.full`).
    static func pendingFollowUp(_ visibility: ConsultationVisibility) -> String {
        """
        json_build_object('consultationId', c.id, 'doctorId', c.doctor_id,
                          'requestedAt', clinic_instant(c.ended_at, zone.tz), 'inDays', c.follow_up_in_days,
                          'mode', c.follow_up_mode, 'note', \(followUpNote(visibility)), 'dueDate', c.follow_up_due)
        """
    }

    /// True for a consultation `c` whose follow-up request is still open: no later consultation of the resident,
    /// and no appointment (booked, checked in or completed) starting after it ended.
    static let followUpPending = """
        c.follow_up_due IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM consultations later
                        WHERE later.resident_id = c.resident_id AND later.started_at > c.ended_at)
        AND NOT EXISTS (SELECT 1 FROM appointments ap
                        WHERE ap.resident_id = c.resident_id AND ap.starts_at > c.ended_at
                          AND ap.status IN ('booked', 'checkedIn', 'completed'))
        """

    static let problem = """
        json_build_object('id', p.id, 'clinicId', p.clinic_id, 'code', p.code, 'text', p.text, 'onset', p.onset, 'status', p.status,
                          'chronicCondition', p.chronic_condition, 'createdAt', clinic_instant(p.created_at, zone.tz))
        """

    static let medication = """
        json_build_object('id', m.id, 'clinicId', m.clinic_id, 'name', m.name, 'dose', m.dose, 'since', m.since, 'until', m.until,
                          'createdAt', clinic_instant(m.created_at, zone.tz))
        """

    static let allergy = """
        json_build_object('id', al.id, 'clinicId', al.clinic_id, 'substance', al.substance, 'reaction', al.reaction, 'severity', al.severity,
                          'createdAt', clinic_instant(al.created_at, zone.tz))
        """

    /// A vital-signs row `v`, flat like the API's input.
    static let vitalSigns = """
        (v.vitals || jsonb_build_object('id', v.id, 'clinicId', v.clinic_id, 'takenAt', clinic_instant(v.taken_at, zone.tz),
                                        'source', v.source, 'consultationId', v.consultation_id, 'flags', v.flags))
        """

    static let assessment = """
        json_build_object('id', s.id, 'clinicId', s.clinic_id, 'kind', s.kind, 'items', s.items, 'score', s.score, 'band', s.band,
                          'takenAt', clinic_instant(s.taken_at, zone.tz))
        """

    /// `PostgresError` → the typed error, for the foreign keys a clinical write can hit.
    static func isForeignKey(_ error: any Error, on column: String) -> Bool {
        guard let error = error as? PostgresError, error.sqlState == "23503" else { return false }
        return error.constraint?.hasSuffix("_\(column)_fkey") ?? false
    }

    /// The trigger's refusal to change a signed consultation.
    static func isSignedRefusal(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        return error.sqlState == "55000" && error.constraint == "consultations_signed_immutable"
    }
}
