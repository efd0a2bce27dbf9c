-- Community outreach: grid workers, their door-knock visits, the doctor requests a visit opens, and residents who
-- are no longer cared for here (moved away, deceased).
--
-- A grid worker belongs to one clinic and looks after a few of its neighbourhood grids; their user record carries a
-- phone, the notifications' last resort for residents of those grids. Besides the clinic scope of 0014, a grid
-- worker's work runs with the `clinic.grids` setting naming their grids: residents outside them are invisible to
-- the database itself (a restrictive policy), so a forgotten WHERE clause shows no other grid's resident.
SELECT set_config('clinic.scope', '*', true);

-- Users ----------------------------------------------------------------------------------------------------------------
ALTER TABLE users
    ADD COLUMN grids text[] NOT NULL DEFAULT '{}',
    ADD COLUMN phone text CHECK (phone IS NULL OR btrim(phone) <> '');
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'staff', 'doctor', 'gridWorker', 'countyAdmin', 'countyViewer'));
ALTER TABLE audit_log DROP CONSTRAINT audit_log_role_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_role_check
    CHECK (role IN ('admin', 'staff', 'doctor', 'gridWorker', 'countyAdmin', 'countyViewer'));
ALTER TABLE users DROP CONSTRAINT users_clinic_iff_clinic_role;
ALTER TABLE users ADD CONSTRAINT users_clinic_iff_clinic_role
    CHECK ((role IN ('admin', 'staff', 'gridWorker')) = (clinic_id IS NOT NULL));
-- Only a grid worker has grids, and a grid worker has at least one.
ALTER TABLE users ADD CONSTRAINT users_grids_iff_grid_worker
    CHECK ((role = 'gridWorker') = (cardinality(grids) > 0));
-- Who is the last-resort recipient for a grid.
CREATE INDEX users_grid_workers ON users USING gin (grids) WHERE role = 'gridWorker' AND active;

-- Grids as a second, narrower scope -----------------------------------------------------------------------------------
-- `clinic.grids` unset or empty: no grid limit (every role but the grid worker). Otherwise a text[] literal of the
-- grids the caller may see; a resident without a grid is outside every such list.
CREATE FUNCTION grid_in_scope(resident_grid text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('clinic.grids', true), '') = ''
        OR resident_grid = ANY (current_setting('clinic.grids', true)::text[])
$$;
CREATE POLICY residents_grid ON residents AS RESTRICTIVE USING (grid_in_scope(grid));

-- Residents no longer cared for ---------------------------------------------------------------------------------------
-- 0015 added inactive_reason ('movedAway' | 'deceased'); when it was set, and by which visit.
ALTER TABLE residents ADD COLUMN inactive_since timestamptz,
    ADD CONSTRAINT residents_inactive_since CHECK ((inactive_reason IS NULL) = (inactive_since IS NULL));

-- Outreach visits ------------------------------------------------------------------------------------------------------
CREATE TABLE outreach_visits (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    clinic_id   uuid NOT NULL REFERENCES clinics (id),
    resident_id uuid NOT NULL REFERENCES residents (id),
    visited_at  timestamptz NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('seenWell', 'notHome', 'needsDoctor', 'hospitalised', 'movedAway',
                                                 'deceased')),
    -- The same accepted ranges as the vitals (VitalRanges.swift), both or neither, diastolic below systolic.
    systolic    integer CHECK (systolic BETWEEN 50 AND 300),
    diastolic   integer CHECK (diastolic BETWEEN 20 AND 200),
    note        text CHECK (note IS NULL OR length(note) <= 2000),
    recorded_by uuid NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT outreach_visits_pressure CHECK ((systolic IS NULL) = (diastolic IS NULL) AND diastolic < systolic)
);
-- One resident's visits, newest first; the unvisited list's "last seen" (outcomes that saw the resident).
CREATE INDEX outreach_visits_resident ON outreach_visits (clinic_id, resident_id, visited_at DESC);
-- A month's visits for the report.
CREATE INDEX outreach_visits_month ON outreach_visits (clinic_id, visited_at);
ALTER TABLE outreach_visits ENABLE ROW LEVEL SECURITY;
ALTER TABLE outreach_visits FORCE ROW LEVEL SECURITY;
CREATE POLICY outreach_visits_clinic ON outreach_visits
    USING (clinic_in_scope(clinic_id)) WITH CHECK (clinic_in_scope(clinic_id));

-- Doctor requests -------------------------------------------------------------------------------------------------------
-- A `needsDoctor` visit opens one; staff book it through the green channel (the booking names it and it becomes
-- `booked`, pointing at the appointment) or close it with a reason.
CREATE TABLE doctor_requests (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    clinic_id      uuid NOT NULL REFERENCES clinics (id),
    resident_id    uuid NOT NULL REFERENCES residents (id),
    visit_id       uuid NOT NULL UNIQUE REFERENCES outreach_visits (id),
    note           text,
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'booked', 'closed')),
    appointment_id uuid REFERENCES appointments (id),
    close_reason   text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT doctor_requests_booked CHECK ((status = 'booked') = (appointment_id IS NOT NULL)),
    CONSTRAINT doctor_requests_closed CHECK ((status = 'closed') = (close_reason IS NOT NULL))
);
-- The open list, oldest first.
CREATE INDEX doctor_requests_open ON doctor_requests (clinic_id, created_at, id) WHERE status = 'open';
ALTER TABLE doctor_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE doctor_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY doctor_requests_clinic ON doctor_requests
    USING (clinic_in_scope(clinic_id)) WITH CHECK (clinic_in_scope(clinic_id));

-- Notices: the grid's worker as the last resort ---------------------------------------------------------------------
-- As in 0015, with a third recipient: when the resident has no phone and no emergency contact's phone, the active
-- grid worker of the resident's clinic and grid who carries a phone (the longest-serving one when several do).
CREATE OR REPLACE FUNCTION appointment_notice(
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
    ELSIF r.grid IS NOT NULL THEN
        SELECT u.username, btrim(u.phone) INTO name, phone FROM users u
        WHERE u.role = 'gridWorker' AND u.active AND u.clinic_id = r.clinic_id AND u.grids @> ARRAY[r.grid]
          AND u.phone IS NOT NULL
        ORDER BY u.created_at, u.id LIMIT 1;
        IF phone IS NOT NULL THEN
            relation := 'gridWorker';
        END IF;
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

GRANT SELECT, INSERT ON outreach_visits TO clinic_app;
GRANT SELECT, INSERT, UPDATE ON doctor_requests TO clinic_app;
