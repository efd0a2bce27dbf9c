-- When plans change: displaced bookings, the notifications outbox, doctors' calendar feeds.
--
-- A closure or a doctor's unavailability leaves no booking on a session that will not run: the session is marked
-- uncovered, its slots closed, and each of its future booked appointments becomes `displaced` in the same
-- transaction (AppointmentStore+Displacement). Staff rebook a displaced appointment into a new one; the old one
-- becomes `rebooked` and points at it.
--
-- Every change to a booking a resident must hear of writes a row of `notifications` in the transaction of the
-- change (booking, rescheduling, cancelling, displacing, rebooking, a change of doctor, and the reminder the day
-- before): none is lost, none is sent for a change rolled back. The row keeps what the notice says as of the event
-- (time, doctor, mode, the recipient and the language); its text is rendered from the clinic's templates when it is
-- read or sent. Delivery claims pending rows with FOR UPDATE SKIP LOCKED.

SELECT set_config('clinic.scope', '*', true);

-- Appointments -----------------------------------------------------------------------------------------------------

ALTER TABLE appointments DROP CONSTRAINT appointments_status_check;
ALTER TABLE appointments ADD CONSTRAINT appointments_status_check
    CHECK (status IN ('booked', 'checkedIn', 'completed', 'cancelled', 'noShow', 'displaced', 'rebooked'));
ALTER TABLE appointments
    -- The appointment that replaced this one (status `rebooked`).
    ADD COLUMN rebooked_to uuid REFERENCES appointments (id),
    ADD COLUMN displaced_at timestamptz,
    ADD CONSTRAINT appointments_rebooked_to CHECK ((status = 'rebooked') = (rebooked_to IS NOT NULL));
-- The displaced work list: few rows at any time.
CREATE INDEX appointments_displaced ON appointments (clinic_id, starts_at) WHERE status = 'displaced';

-- Sessions that will not run ---------------------------------------------------------------------------------------

-- Why a rostered session will not run: a closure of its clinic that day, or its doctor's unavailability. NULL when
-- it runs. Its slots are closed meanwhile; a swap or cover (or removing the closure) reopens it.
ALTER TABLE rota_assignments ADD COLUMN uncovered_reason text CHECK (uncovered_reason IN ('closure', 'unavailable'));
ALTER TABLE slots ADD COLUMN closed boolean NOT NULL DEFAULT false;

-- Residents ----------------------------------------------------------------------------------------------------------

ALTER TABLE residents
    -- false: the resident asked not to be sent notices.
    ADD COLUMN notify boolean NOT NULL DEFAULT true,
    -- Why a resident is no longer cared for here (the outreach work sets it); NULL while they are.
    ADD COLUMN inactive_reason text CHECK (inactive_reason IN ('movedAway', 'deceased'));

-- Notifications ------------------------------------------------------------------------------------------------------

CREATE TABLE notifications (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    clinic_id          uuid NOT NULL REFERENCES clinics (id),
    resident_id        uuid NOT NULL REFERENCES residents (id),
    appointment_id     uuid REFERENCES appointments (id),
    kind               text NOT NULL CHECK (kind IN ('booked', 'rescheduled', 'cancelled', 'displaced', 'rebooked',
                                                     'doctorChanged', 'reminder')),
    language           text NOT NULL CHECK (language IN ('bo', 'zh', 'en')),
    recipient_name     text,
    recipient_phone    text,
    recipient_relation text CHECK (recipient_relation IN ('self', 'emergencyContact', 'gridWorker')),
    -- What the notice is about, as of the event: the appointment's time, doctor and mode (for `rescheduled` and
    -- `rebooked` the new ones, with the time it had before in previous_starts_at).
    starts_at          timestamptz,
    ends_at            timestamptz,
    doctor_id          uuid REFERENCES doctors (id),
    mode               text CHECK (mode IN ('onsite', 'remote', 'home')),
    previous_starts_at timestamptz,
    status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    -- Why it failed: 'noRecipient', or 'gateway' when the attempts ran out.
    reason             text,
    attempts           integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- A pending notice is not sent before this (backoff after a failed attempt, quiet hours, a delivery lease).
    next_attempt_at    timestamptz NOT NULL DEFAULT now(),
    last_error         text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    sent_at            timestamptz,
    CONSTRAINT notifications_failed_reason CHECK (status <> 'failed' OR reason IS NOT NULL),
    CONSTRAINT notifications_sent_at CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

-- One reminder per appointment and start time: a rescheduled booking is reminded again, a job run twice (or by two
-- server processes) reminds once.
CREATE UNIQUE INDEX notifications_one_reminder ON notifications (appointment_id, starts_at) WHERE kind = 'reminder';
-- What delivery claims next.
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
-- The lists: a clinic's newest first, one resident's.
CREATE INDEX notifications_clinic ON notifications (clinic_id, created_at DESC, id DESC);
CREATE INDEX notifications_resident ON notifications (resident_id, created_at DESC);

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_clinic ON notifications
    USING (clinic_in_scope(clinic_id)) WITH CHECK (clinic_in_scope(clinic_id));

-- Writes the notice of `kind` about an appointment, in the caller's transaction, and returns its id; NULL when no
-- notice goes out (a resident who opted out or is deceased). The arguments are the appointment as the calling
-- statement leaves it (a data-modifying statement's own changes are not visible to a query inside it).
--
-- Language: the first of the resident's languages that is bo, zh or en, else zh. Recipient: the resident's phone,
-- else the emergency contact's; with neither the notice is `failed` with reason 'noRecipient' (kept, so staff see
-- whom nobody could tell).
CREATE FUNCTION appointment_notice(
    notice_kind text, clinic uuid, appointment uuid, resident uuid, doctor uuid, appointment_mode text,
    starts timestamptz, ends timestamptz, previous_starts timestamptz DEFAULT NULL)
    RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    r residents;
    notice_language text;
    name text;
    phone text;
    relation text;
    notice uuid;
BEGIN
    SELECT * INTO r FROM residents WHERE id = resident;
    IF NOT FOUND OR NOT r.notify OR r.inactive_reason IS NOT DISTINCT FROM 'deceased' THEN
        RETURN NULL;
    END IF;
    notice_language := coalesce(
        (SELECT l FROM unnest(r.languages) WITH ORDINALITY AS t (l, n) WHERE l IN ('bo', 'zh', 'en') ORDER BY n LIMIT 1),
        'zh');
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
    END IF;
    INSERT INTO notifications (clinic_id, resident_id, appointment_id, kind, language, recipient_name,
        recipient_phone, recipient_relation, starts_at, ends_at, doctor_id, mode, previous_starts_at, status, reason)
    VALUES (clinic, resident, appointment, notice_kind, notice_language, name, phone, relation, starts, ends, doctor,
        appointment_mode, previous_starts, CASE WHEN phone IS NULL THEN 'failed' ELSE 'pending' END,
        CASE WHEN phone IS NULL THEN 'noRecipient' END)
    ON CONFLICT (appointment_id, starts_at) WHERE kind = 'reminder' DO NOTHING
    RETURNING id INTO notice;
    RETURN notice;
END
$$;

-- Calendar feeds -----------------------------------------------------------------------------------------------------

-- A doctor's secret calendar URL: only the SHA-256 of its secret is kept, so the table alone opens no feed.
-- Deleting the row revokes it.
CREATE TABLE calendar_feeds (
    doctor_id   uuid PRIMARY KEY REFERENCES doctors (id) ON DELETE CASCADE,
    secret_hash text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Bookings already on sessions that will not run ------------------------------------------------------------------

-- Sessions on a closed day, or whose doctor is unavailable that day, are uncovered and their slots closed; their
-- future booked appointments are displaced, each with its notice.
UPDATE rota_assignments ra SET uncovered_reason = 'closure', updated_at = now()
FROM closures c WHERE c.clinic_id = ra.clinic_id AND c.date = ra.date;
UPDATE rota_assignments ra SET uncovered_reason = 'unavailable', updated_at = now()
FROM doctor_unavailability u
WHERE ra.uncovered_reason IS NULL AND u.doctor_id = ra.doctor_id AND u.period @> ra.date;
UPDATE slots s SET closed = true FROM rota_assignments ra
WHERE ra.id = s.assignment_id AND ra.uncovered_reason IS NOT NULL;
WITH displaced AS (
    UPDATE appointments a SET status = 'displaced', displaced_at = now(), updated_at = now()
    FROM slots s WHERE s.id = a.slot_id AND s.closed AND a.status = 'booked' AND a.starts_at > now()
    RETURNING a.*),
freed AS (
    UPDATE slots s SET booked = s.booked - n.count
    FROM (SELECT slot_id, count(*)::int AS count FROM displaced GROUP BY slot_id) n WHERE s.id = n.slot_id)
SELECT appointment_notice('displaced', d.clinic_id, d.id, d.resident_id, d.doctor_id, d.mode, d.starts_at, d.ends_at)
FROM displaced d;

GRANT SELECT, INSERT, UPDATE ON notifications TO clinic_app;
GRANT SELECT, INSERT, DELETE ON calendar_feeds TO clinic_app;
