-- The booking path's own database work (issue 23): what every booking paid for and nothing needed. Every foreign key,
-- constraint, index a query needs, policy and notice stays; measured in BENCHMARKS.md ("Booking path, issue 23").
SELECT set_config('clinic.scope', '*', true);

-- A booking's UPDATE of its slot's `booked` changes no indexed column, so it can be a heap-only (HOT) update that
-- touches none of the slot's five indexes, but only when the slot's page has room for the new version. Slots are
-- written once (rota generation) and updated a few times (bookings, cancellations): leave a fifth of each page free.
-- This holds for pages written from now on; existing pages gain room as vacuum frees their old versions.
ALTER TABLE slots SET (fillfactor = 80);

-- 0005/0014's trigger marks the resident's waiting walk-in entry served when they are booked that day. An entry is
-- only ever for its clinic's today (AppointmentStore.walkIn) and a booking starts in the future, so only an appointment
-- starting before the end of the clinic's today (at most 25 hours away, on a daylight-saving day) can serve one: two
-- days leave a margin for a server clock that disagrees. Bookings further ahead (most) no longer run it.
DROP TRIGGER appointments_serve_walk_in ON appointments;
CREATE TRIGGER appointments_serve_walk_in AFTER INSERT ON appointments
    FOR EACH ROW WHEN (NEW.starts_at < now() + interval '2 days') EXECUTE FUNCTION walk_in_queue_serve();

-- 0016's notice writer, with ON CONFLICT only for reminders: it made every notice a speculative insertion (an arbiter
-- index probe, a speculative token and a second WAL record to confirm it) for the one kind the unique index covers.
-- The language is picked by a loop over the resident's languages instead of a query (one statement less per notice).
CREATE OR REPLACE FUNCTION appointment_notice(
    notice_kind text, clinic uuid, appointment uuid, resident uuid, doctor uuid, appointment_mode text,
    starts timestamptz, ends timestamptz, previous_starts timestamptz DEFAULT NULL)
    RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    r residents;
    notice_language text;
    spoken text;
    name text;
    phone text;
    relation text;
    notice uuid;
BEGIN
    SELECT * INTO r FROM residents WHERE id = resident;
    IF NOT FOUND OR NOT r.notify OR r.inactive_reason IS NOT DISTINCT FROM 'deceased' THEN
        RETURN NULL;
    END IF;
    notice_language := 'zh';
    FOREACH spoken IN ARRAY coalesce(r.languages, '{}') LOOP
        IF spoken IN ('bo', 'zh', 'en') THEN
            notice_language := spoken;
            EXIT;
        END IF;
    END LOOP;
    IF nullif(btrim(r.phone), '') IS NOT NULL THEN
        name := CASE notice_language WHEN 'bo' THEN coalesce(r.name_bo, r.name_zh, r.name_latin)
                                     WHEN 'zh' THEN coalesce(r.name_zh, r.name_bo, r.name_latin)
                                     ELSE coalesce(r.name_latin, r.name_zh, r.name_bo) END;
        phone := btrim(r.phone);
        relation := 'self';
    ELSIF nullif(btrim(r.emergency_contact ->> 'phone'), '') IS NOT NULL THEN
        name := nullif(btrim(r.emergency_contact ->> 'name'), '');
        phone := btrim(r.emergency_contact ->> 'phone');
        relation := 'emergencyContact';
    ELSIF r.grid IS NOT NULL THEN
        SELECT u.username, btrim(u.phone) INTO name, phone FROM users u
        WHERE u.role = 'gridWorker' AND u.active AND u.clinic_id = r.clinic_id AND u.grids @> ARRAY[r.grid]
          AND u.phone IS NOT NULL
        ORDER BY u.created_at, u.id LIMIT 1;
        IF phone IS NOT NULL THEN
            relation := 'gridWorker';
        END IF;
    END IF;
    IF notice_kind = 'reminder' THEN
        INSERT INTO notifications (clinic_id, resident_id, appointment_id, kind, language, recipient_name,
            recipient_phone, recipient_relation, starts_at, ends_at, doctor_id, mode, previous_starts_at, status, reason)
        VALUES (clinic, resident, appointment, notice_kind, notice_language, name, phone, relation, starts, ends, doctor,
            appointment_mode, previous_starts, CASE WHEN phone IS NULL THEN 'failed' ELSE 'pending' END,
            CASE WHEN phone IS NULL THEN 'noRecipient' END)
        ON CONFLICT (appointment_id, starts_at) WHERE kind = 'reminder' DO NOTHING
        RETURNING id INTO notice;
    ELSE
        INSERT INTO notifications (clinic_id, resident_id, appointment_id, kind, language, recipient_name,
            recipient_phone, recipient_relation, starts_at, ends_at, doctor_id, mode, previous_starts_at, status, reason)
        VALUES (clinic, resident, appointment, notice_kind, notice_language, name, phone, relation, starts, ends, doctor,
            appointment_mode, previous_starts, CASE WHEN phone IS NULL THEN 'failed' ELSE 'pending' END,
            CASE WHEN phone IS NULL THEN 'noRecipient' END)
        RETURNING id INTO notice;
    END IF;
    RETURN notice;
END
$$;
