import ClinicDomain
import ClinicPostgres
import Foundation

/// Consultations: logging (which completes a linked appointment), reading with or without notes, signing,
/// draft updates, addenda and the unsigned-drafts list.
///
/// Each write is one atomic statement (data-modifying CTEs), so these functions are safe inside or outside a
/// transaction. Who may call what (doctor vs staff, audit rows) is the handlers' business; the functions that act
/// for a doctor take that doctor's id and check ownership here.
enum ConsultationStore {
    /// Logs a consultation by `doctorId`. When `appointmentId` is given, the appointment must be the same
    /// resident's and booked or checked in; it becomes completed in the same statement.
    ///
    /// Throws `ValidationError` (422), `ClinicalError.unknownReference` (`residentId`, `appointmentId`, `doctorId`),
    /// `.appointmentOfAnotherResident`, `.appointmentOfAnotherDoctor`, `.appointmentNotOpen`, `.appointmentHasConsultation`.
    static func create(
        _ input: NewConsultation, doctorId: UUID, now: Date = Date(), on db: PostgresConnection
    ) async throws -> Consultation {
        var draft = try input.validate(now: now)
        guard
            let birthDate = try await db.query("SELECT birth_date FROM residents WHERE id = \(draft.residentId)")
                .first?.decode(LocalDate.self, "birth_date")
        else { throw ClinicalError.unknownReference(field: "residentId") }
        draft.vitalFlags = draft.vitals?.flags(ageInYears: birthDate.age(on: LocalDate(now, in: ClinicalSQL.utc))) ?? []

        let vitals = try draft.vitals.map { try PostgresJSON($0) }
        let query: PostgresQuery = """
            WITH appointment AS (
                UPDATE appointments SET status = 'completed', completed_at = now(), updated_at = now()
                WHERE id = \(draft.appointmentId) AND resident_id = \(draft.residentId) AND doctor_id = \(doctorId)
                  AND status IN ('booked', 'checkedIn')
                  AND NOT EXISTS (SELECT 1 FROM consultations WHERE appointment_id = \(draft.appointmentId))
                RETURNING id
            ),
            inserted AS (
                INSERT INTO consultations (
                    clinic_id, resident_id, doctor_id, appointment_id, mode, channel, started_at, ended_at,
                    subjective, objective, assessment, plan, vitals, vital_flags, diagnoses, treatments, advice,
                    follow_up_in_days, follow_up_mode, follow_up_note, follow_up_due)
                SELECT r.clinic_id, \(draft.residentId), \(doctorId),
                    \(draft.appointmentId), \(draft.mode.rawValue),
                    \(draft.channel?.rawValue), \(draft.startedAt), \(draft.endedAt),
                    \(draft.notes.subjective), \(draft.notes.objective), \(draft.notes.assessment), \(draft.notes.plan),
                    \(vitals), \(draft.vitalFlags), \(try PostgresJSON(draft.diagnoses)),
                    \(try PostgresJSON(draft.treatments)), \(draft.advice),
                    \(draft.followUp?.inDays)::int, \(draft.followUp?.mode.rawValue), \(draft.followUp?.note),
                    (\(draft.endedAt) AT TIME ZONE k.time_zone)::date + \(draft.followUp?.inDays)::int
                FROM residents r JOIN clinics k ON k.id = r.clinic_id
                WHERE r.id = \(draft.residentId)
                  AND (\(draft.appointmentId)::uuid IS NULL OR EXISTS (SELECT 1 FROM appointment))
                RETURNING id, clinic_id, resident_id, started_at, vitals, vital_flags
            ),
            vitals AS (
                INSERT INTO vital_signs (clinic_id, resident_id, taken_at, vitals, flags, source, consultation_id,
                    recorded_by)
                SELECT clinic_id, resident_id, started_at, vitals, vital_flags, 'consultation', id, \(doctorId)
                FROM inserted WHERE vitals IS NOT NULL
            )
            SELECT id FROM inserted
            """
        let rows: PostgresRows
        do {
            rows = try await db.query(query)
        } catch let error as PostgresError where error.isConflict {
            throw ClinicalError.appointmentHasConsultation
        } catch  where ClinicalSQL.isForeignKey(error, on: "doctor_id") {
            throw ClinicalError.unknownReference(field: "doctorId")
        } catch  where ClinicalSQL.isForeignKey(error, on: "resident_id") {
            throw ClinicalError.unknownReference(field: "residentId")
        }
        guard let id = try rows.first?.decode(UUID.self, "id") else {
            throw try await whyAppointmentRefused(
                draft.appointmentId, residentId: draft.residentId, doctorId: doctorId, on: db)
        }
        return try await get(id, visibility: .full, on: db)
    }

    /// The consultation, with notes or without (`.overview`: for staff; notes are not even read).
    static func get(
        _ id: UUID, visibility: ConsultationVisibility, on db: PostgresConnection
    ) async throws -> Consultation {
        let rows = try await db.query(
            """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE))
            SELECT \(ClinicalSQL.raw(ClinicalSQL.consultation(visibility))) AS consultation
            FROM consultations c CROSS JOIN zone WHERE c.id = \(id)
            """)
        guard let row = rows.first else { throw ClinicalError.notFound(.consultation) }
        return try row.decodeJSON(Consultation.self, "consultation")
    }

    /// A resident's consultations, newest first, a page at a time (keyset on start time and id).
    /// Throws `notFound(.resident)` when the resident does not exist.
    static func list(
        residentId: UUID, visibility: ConsultationVisibility, limit: Int = ListLimit.default, cursor: String? = nil,
        on db: PostgresConnection
    ) async throws -> Page<Consultation> {
        let limit = try ListLimit.checked(limit)
        var after: PostgresQuery = ""
        if let cursor {
            guard let key = KeysetCursor.decodeKey(cursor) else {
                throw ValidationError(field: "cursor", message: "is not a cursor this server issued")
            }
            after = "AND (c.started_at, c.id) < (\(key.sort)::timestamptz, \(key.id))"
        }
        let rows = try await db.query(
            """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE))
            SELECT \(ClinicalSQL.raw(ClinicalSQL.consultation(visibility))) AS consultation, c.started_at, c.id,
                   EXISTS (SELECT 1 FROM residents WHERE id = \(residentId)) AS resident_exists
            FROM (SELECT 1) AS one CROSS JOIN zone
            LEFT JOIN consultations c ON c.resident_id = \(residentId) \(after)
            ORDER BY c.started_at DESC, c.id DESC
            LIMIT \(limit + 1)
            """)
        guard let first = rows.first, try first.decode(Bool.self, "resident_exists") else {
            throw ClinicalError.notFound(.resident)
        }
        var items: [Consultation] = []
        var nextCursor: String?
        for row in rows where try row.text("id") != nil {
            if items.count == limit {
                let last = rows[limit - 1]
                nextCursor = KeysetCursor.encode(
                    KeysetKey(sort: try last.decode(String.self, "started_at"), id: try last.decode(UUID.self, "id")))
                break
            }
            items.append(try row.decodeJSON(Consultation.self, "consultation"))
        }
        return Page(items: items, nextCursor: nextCursor)
    }

    /// Signs the consultation as `doctorId`, who must be its doctor (`.notYourConsultation`, 403). Signing a
    /// signed consultation is `.signed` (409). Returns the signed consultation.
    static func sign(_ id: UUID, doctorId: UUID, on db: PostgresConnection) async throws -> Consultation {
        let rows = try await db.query(
            """
            UPDATE consultations SET signed_at = now(), signed_by = \(doctorId), updated_at = now()
            WHERE id = \(id) AND doctor_id = \(doctorId) AND signed_at IS NULL
            RETURNING id
            """)
        if rows.isEmpty { try await throwWhyNotEditable(id, doctorId: doctorId, on: db) }
        return try await get(id, visibility: .full, on: db)
    }

    /// Replaces the content of an unsigned draft of `doctorId`'s (same validation as `create`). The resident and
    /// appointment cannot change (`.cannotRelink`); a signed consultation is `.signed`, someone else's
    /// `.notYourConsultation`. The vitals history entry follows the draft.
    static func updateDraft(
        _ id: UUID, with input: NewConsultation, doctorId: UUID, now: Date = Date(), on db: PostgresConnection
    ) async throws -> Consultation {
        let draft = try input.validate(now: now)
        guard
            let current = try await db.query(
                """
                SELECT c.resident_id, c.appointment_id, c.doctor_id, c.signed_at IS NOT NULL AS signed, r.birth_date
                FROM consultations c JOIN residents r ON r.id = c.resident_id WHERE c.id = \(id)
                """
            ).first
        else { throw ClinicalError.notFound(.consultation) }
        guard try current.decode(UUID.self, "doctor_id") == doctorId else { throw ClinicalError.notYourConsultation }
        guard try !current.decode(Bool.self, "signed") else { throw ClinicalError.signed }
        guard try current.decode(UUID.self, "resident_id") == draft.residentId else {
            throw ClinicalError.cannotRelink(field: "residentId")
        }
        guard try current.decode(UUID?.self, "appointment_id") == draft.appointmentId else {
            throw ClinicalError.cannotRelink(field: "appointmentId")
        }
        let birthDate = try current.decode(LocalDate.self, "birth_date")
        let flags = draft.vitals?.flags(ageInYears: birthDate.age(on: LocalDate(now, in: ClinicalSQL.utc))) ?? []
        let vitals = try draft.vitals.map { try PostgresJSON($0) }
        let query: PostgresQuery = """
            WITH updated AS (
                UPDATE consultations c SET
                    mode = \(draft.mode.rawValue), channel = \(draft.channel?.rawValue),
                    started_at = \(draft.startedAt), ended_at = \(draft.endedAt),
                    subjective = \(draft.notes.subjective), objective = \(draft.notes.objective),
                    assessment = \(draft.notes.assessment), plan = \(draft.notes.plan),
                    vitals = \(vitals), vital_flags = \(flags), diagnoses = \(try PostgresJSON(draft.diagnoses)),
                    treatments = \(try PostgresJSON(draft.treatments)), advice = \(draft.advice),
                    follow_up_in_days = \(draft.followUp?.inDays)::int, follow_up_mode = \(draft.followUp?.mode.rawValue),
                    follow_up_note = \(draft.followUp?.note),
                    follow_up_due = (\(draft.endedAt) AT TIME ZONE k.time_zone)::date + \(draft.followUp?.inDays)::int,
                    updated_at = now()
                FROM clinics k
                WHERE c.id = \(id) AND c.doctor_id = \(doctorId) AND c.signed_at IS NULL AND k.id = c.clinic_id
                RETURNING c.id, c.clinic_id, c.resident_id, c.started_at, c.vitals, c.vital_flags
            ),
            dropped AS (
                DELETE FROM vital_signs v USING updated u WHERE v.consultation_id = u.id AND u.vitals IS NULL
            ),
            upserted AS (
                INSERT INTO vital_signs (clinic_id, resident_id, taken_at, vitals, flags, source, consultation_id,
                    recorded_by)
                SELECT clinic_id, resident_id, started_at, vitals, vital_flags, 'consultation', id, \(doctorId)
                FROM updated WHERE vitals IS NOT NULL
                ON CONFLICT (consultation_id) DO UPDATE
                    SET taken_at = excluded.taken_at, vitals = excluded.vitals, flags = excluded.flags
            )
            SELECT id FROM updated
            """
        let rows: PostgresRows
        do {
            rows = try await db.query(query)
        } catch  where ClinicalSQL.isSignedRefusal(error) {
            throw ClinicalError.signed
        }
        if rows.isEmpty { try await throwWhyNotEditable(id, doctorId: doctorId, on: db) }
        return try await get(id, visibility: .full, on: db)
    }

    /// Appends an addendum by `authorId` (any doctor: a colleague may add a later finding). Consultations signed or
    /// not may gain addenda; a signed one can gain nothing else.
    static func addAddendum(
        to consultationId: UUID, text: String, authorId: UUID, on db: PostgresConnection
    ) async throws -> Addendum {
        try Validator().with(ClinicalText.requiredErrors(text, field: "text", maximum: 10_000)).finish()
        let rows: PostgresRows
        do {
            rows = try await db.query(
                """
                WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE)),
                a AS (
                    INSERT INTO consultation_addenda (clinic_id, consultation_id, author_id, text)
                    SELECT clinic_id, id, \(authorId), \(ClinicalText.trimmed(text)) FROM consultations WHERE id = \(consultationId)
                    RETURNING *
                )
                SELECT \(ClinicalSQL.raw(ClinicalSQL.addendum)) AS addendum FROM a CROSS JOIN zone
                """)
        } catch  where ClinicalSQL.isForeignKey(error, on: "author_id") {
            throw ClinicalError.unknownReference(field: "authorId")
        }
        guard let row = rows.first else { throw ClinicalError.notFound(.consultation) }
        return try row.decodeJSON(Addendum.self, "addendum")
    }

    /// `doctorId`'s unsigned consultations created at least `olderThan` before `now`, oldest first.
    static func unsignedDrafts(
        doctorId: UUID, olderThan: Duration = .seconds(24 * 3600), now: Date = Date(), limit: Int = ListLimit.maximum,
        on db: PostgresConnection
    ) async throws -> [UnsignedDraft] {
        let cutoff = now.addingTimeInterval(-Double(olderThan.components.seconds))
        let rows = try await db.query(
            """
            WITH \(ClinicalSQL.raw(ClinicalSQL.zoneCTE))
            SELECT coalesce(json_agg(json_build_object(
                'consultationId', c.id, 'residentId', c.resident_id,
                'residentNames', json_build_object('bo', r.name_bo, 'zh', r.name_zh, 'latin', r.name_latin),
                'mode', c.mode, 'startedAt', clinic_instant(c.started_at, zone.tz),
                'createdAt', clinic_instant(c.created_at, zone.tz),
                'ageHours', floor(extract(epoch FROM \(now)::timestamptz - c.created_at) / 3600)::int
            ) ORDER BY c.created_at, c.id), '[]') AS drafts
            FROM (SELECT * FROM consultations
                  WHERE doctor_id = \(doctorId) AND signed_at IS NULL AND created_at <= \(cutoff)
                  ORDER BY created_at, id LIMIT \(limit)) c
            JOIN residents r ON r.id = c.resident_id CROSS JOIN zone
            """)
        return try rows.first?.decodeJSON([UnsignedDraft].self, "drafts") ?? []
    }

    // MARK: explaining refusals

    private static func throwWhyNotEditable(_ id: UUID, doctorId: UUID, on db: PostgresConnection) async throws {
        guard
            let row = try await db.query(
                "SELECT doctor_id, signed_at IS NOT NULL AS signed FROM consultations WHERE id = \(id)"
            ).first
        else { throw ClinicalError.notFound(.consultation) }
        if try row.decode(UUID.self, "doctor_id") != doctorId { throw ClinicalError.notYourConsultation }
        if try row.decode(Bool.self, "signed") { throw ClinicalError.signed }
    }

    private static func whyAppointmentRefused(
        _ appointmentId: UUID?, residentId: UUID, doctorId: UUID, on db: PostgresConnection
    ) async throws -> ClinicalError {
        guard let appointmentId,
            let row = try await db.query(
                """
                SELECT status, resident_id, doctor_id,
                       EXISTS (SELECT 1 FROM consultations WHERE appointment_id = \(appointmentId)) AS has_consultation
                FROM appointments WHERE id = \(appointmentId)
                """
            ).first
        else { return .unknownReference(field: "appointmentId") }
        if try row.decode(UUID.self, "resident_id") != residentId { return .appointmentOfAnotherResident }
        if try row.decode(UUID.self, "doctor_id") != doctorId { return .appointmentOfAnotherDoctor }
        if try row.decode(Bool.self, "has_consultation") { return .appointmentHasConsultation }
        let status = AppointmentStatus(rawValue: try row.decode(String.self, "status")) ?? .cancelled
        return .appointmentNotOpen(status)
    }
}

extension Validator {
    /// This validator with `errors` added, for one-line checks.
    func with(_ errors: [FieldError]) -> Validator {
        var copy = self
        copy.include(errors)
        return copy
    }
}
