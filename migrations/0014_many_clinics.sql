-- Many health rooms in one deployment (one county).
--
-- The single settings row becomes the first row of `clinics`, and every clinic-scoped row (residents and their
-- search keys, closures, rota assignments, slots, appointments, walk-ins, consultations and their addenda, health
-- records, audit rows) gets the clinic it belongs to: existing rows belong to that first clinic. The column is
-- added with the first clinic's id as a constant default (stored in the catalogue: no table rewrite, no row
-- trigger fires, so the append-only tables stay untouched), and the default is dropped afterwards: from now on
-- every statement names the clinic of what it writes.
--
-- Isolation is PostgreSQL's own: row-level security, forced on the owner too, with one policy per table that
-- reads the transaction's `clinic.scope` setting. The server sets it on every borrowed connection before its
-- first statement: '*' for the whole county (a county admin, the server's own jobs and command-line tools), or
-- an array literal of the clinics the caller may reach ('{id}' for a clinic's admin or staff, the clinics whose
-- rota names the doctor for a doctor, '{}' for nobody). Unset, nothing is visible. The server's queries run as
-- clinic_app (0011): neither superuser, nor BYPASSRLS, nor the owner. The server runs every migration with the
-- county in scope; this one says so itself too, since it rewrites rows of tables it has just secured.
--
-- Doctors, their unavailability and users are county-wide: the same visiting doctor serves several health rooms.

-- This migration itself rewrites rows of secured tables (the rota's travel spans below): it sees every clinic.
SELECT set_config('clinic.scope', '*', true);

CREATE TABLE clinics (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- A short code staff and reports use ("GB-01"); unique whatever its case when given.
    code                text CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
    time_zone           text NOT NULL,
    clinic_weekdays     smallint[] NOT NULL,
    sessions            jsonb NOT NULL,
    slot_minutes        jsonb NOT NULL,
    priority_hold_hours integer NOT NULL CHECK (priority_hold_hours >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX clinics_code ON clinics (lower(code)) WHERE code IS NOT NULL;

-- The county's own settings: one row.
CREATE TABLE county_settings (
    id                     boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- Two sessions of one doctor in different clinics start at least this long after the other ends.
    doctor_travel_minutes  integer NOT NULL DEFAULT 60 CHECK (doctor_travel_minutes BETWEEN 0 AND 1440),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
INSERT INTO county_settings DEFAULT VALUES;

INSERT INTO clinics (name, time_zone, clinic_weekdays, sessions, slot_minutes, priority_hold_hours, updated_at)
    SELECT name, time_zone, clinic_weekdays, sessions, slot_minutes, priority_hold_hours, updated_at
    FROM clinic_settings;

-- Whether a row of `clinic` is within the transaction's scope. Plain SQL, so the planner inlines it into each
-- policy and `clinic_id = ANY (...)` can use the indexes that lead with clinic_id.
CREATE FUNCTION clinic_in_scope(clinic uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT current_setting('clinic.scope', true) = '*'
        OR clinic = ANY (coalesce(nullif(nullif(current_setting('clinic.scope', true), ''), '*'), '{}')::uuid[])
$$;

DO $$
DECLARE
    first_clinic uuid := (SELECT id FROM clinics);
    scoped text;
BEGIN
    FOREACH scoped IN ARRAY ARRAY['closures', 'residents', 'resident_name_words', 'rota_assignments', 'slots',
            'appointments', 'walk_in_queue', 'consultations', 'consultation_addenda', 'problems', 'medications',
            'allergies', 'vital_signs', 'assessments'] LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN clinic_id uuid NOT NULL DEFAULT %L REFERENCES clinics (id)',
                       scoped, first_clinic);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN clinic_id DROP DEFAULT', scoped);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', scoped);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', scoped);
        EXECUTE format('CREATE POLICY %I ON %I USING (clinic_in_scope(clinic_id)) WITH CHECK (clinic_in_scope(clinic_id))',
                       scoped || '_clinic', scoped);
    END LOOP;
    -- Audit rows of county-wide events (a county admin's work on no clinic's data) have no clinic; only the
    -- county sees them. Rows written before this migration belong to the first clinic.
    EXECUTE format('ALTER TABLE audit_log ADD COLUMN clinic_id uuid DEFAULT %L REFERENCES clinics (id)', first_clinic);
    ALTER TABLE audit_log ALTER COLUMN clinic_id DROP DEFAULT;
    -- Admins and staff belong to one clinic; county users and doctors to none (a doctor reaches the clinics
    -- whose rota names them). Existing admins and staff belong to the first clinic.
    ALTER TABLE users ADD COLUMN clinic_id uuid REFERENCES clinics (id);
    UPDATE users SET clinic_id = first_clinic WHERE role IN ('admin', 'staff');
    -- A doctor reaches the clinic whose admin registered them (none when a county admin did), and every clinic
    -- whose rota names them. Existing doctors were registered in the first clinic.
    ALTER TABLE doctors ADD COLUMN clinic_id uuid REFERENCES clinics (id);
    UPDATE doctors SET clinic_id = first_clinic;
END
$$;

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_clinic ON audit_log
    USING (clinic_in_scope(clinic_id) OR (clinic_id IS NULL AND current_setting('clinic.scope', true) = '*'))
    WITH CHECK (clinic_id IS NULL OR clinic_in_scope(clinic_id));

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'staff', 'doctor', 'countyAdmin', 'countyViewer'));
-- Adding roles to an audit row's check validates the existing rows (a scan) but rewrites none.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_role_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_role_check
    CHECK (role IN ('admin', 'staff', 'doctor', 'countyAdmin', 'countyViewer'));
ALTER TABLE users ADD CONSTRAINT users_clinic_iff_clinic_role
    CHECK ((role IN ('admin', 'staff')) = (clinic_id IS NOT NULL));

-- Keys and list indexes lead with the clinic. -----------------------------------------------------------------------

ALTER TABLE closures DROP CONSTRAINT closures_pkey, ADD PRIMARY KEY (clinic_id, date);

DROP INDEX residents_grid, residents_birth_date, residents_id_tail, residents_sort_search, residents_last_pair;
CREATE INDEX residents_grid ON residents (clinic_id, grid, id);
CREATE INDEX residents_birth_date ON residents (clinic_id, birth_date, id);
CREATE INDEX residents_id_tail ON residents (clinic_id, id_tail);
CREATE INDEX residents_sort_search ON residents (clinic_id, sort_name, id) INCLUDE (search_text);
CREATE INDEX residents_last_pair ON residents (clinic_id, clinic_last_pair(search_text) text_pattern_ops);

ALTER TABLE resident_name_words DROP CONSTRAINT resident_name_words_pkey,
    ADD PRIMARY KEY (clinic_id, word, sort_name, resident_id);

ALTER TABLE rota_assignments DROP CONSTRAINT rota_assignments_doctor_session,
    ADD CONSTRAINT rota_assignments_doctor_session UNIQUE (clinic_id, date, session, doctor_id);
DROP INDEX rota_assignments_date;
CREATE INDEX rota_assignments_date ON rota_assignments (clinic_id, date, session);

DROP INDEX slots_date_mode, slots_starts;
CREATE INDEX slots_date_mode ON slots (clinic_id, date, mode, starts_at);
CREATE INDEX slots_starts ON slots (clinic_id, starts_at, id);

DROP INDEX appointments_starts;
CREATE INDEX appointments_starts ON appointments (clinic_id, starts_at, id);

DROP INDEX walk_in_queue_date;
CREATE INDEX walk_in_queue_date ON walk_in_queue (clinic_id, date, created_at);

DROP INDEX consultations_follow_up_due;
CREATE INDEX consultations_follow_up_due ON consultations (clinic_id, follow_up_due) WHERE follow_up_due IS NOT NULL;

DROP INDEX audit_log_at;
CREATE INDEX audit_log_at ON audit_log (clinic_id, at DESC, id DESC);

-- A doctor between clinics: two sessions of one doctor in different clinics are at least the county's travel time
-- apart. Each assignment carries its session widened by half that time on each side (set when it is written, from
-- the setting then), and two widened sessions of one doctor in different clinics must not overlap. The plain
-- overlap constraint of 0002 already spans every clinic.
ALTER TABLE rota_assignments ADD COLUMN travel_span tstzrange;
CREATE FUNCTION rota_assignments_travel_span() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    half interval := make_interval(secs => (SELECT doctor_travel_minutes FROM county_settings) * 30);
BEGIN
    NEW.travel_span := tstzrange(NEW.starts_at - half, NEW.ends_at + half);
    RETURN NEW;
END $$;
CREATE TRIGGER rota_assignments_travel_span BEFORE INSERT OR UPDATE OF starts_at, ends_at ON rota_assignments
    FOR EACH ROW EXECUTE FUNCTION rota_assignments_travel_span();
UPDATE rota_assignments SET starts_at = starts_at;
ALTER TABLE rota_assignments ALTER COLUMN travel_span SET NOT NULL,
    ADD CONSTRAINT rota_assignments_doctor_travel
        EXCLUDE USING gist (doctor_id WITH =, clinic_id WITH <>, travel_span WITH &&);

-- The sessions doctors serve in clinics other than `clinic` between two dates: what rota generation in one clinic
-- must plan around, although that clinic's users may not see the other clinics' rows. Only the doctor and the
-- times leave the function, which reads with every clinic in scope.
CREATE FUNCTION doctor_sessions_elsewhere(clinic uuid, first_day date, last_day date)
    RETURNS TABLE (doctor_id uuid, starts_at timestamptz, ends_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    caller_scope text := current_setting('clinic.scope', true);
BEGIN
    -- The whole county for this one query, then the caller's scope again (an error aborts the transaction).
    PERFORM set_config('clinic.scope', '*', true);
    RETURN QUERY
        SELECT ra.doctor_id, ra.starts_at, ra.ends_at FROM public.rota_assignments ra
        WHERE ra.clinic_id <> clinic AND ra.date BETWEEN first_day AND last_day;
    PERFORM set_config('clinic.scope', coalesce(caller_scope, ''), true);
END
$$;

-- The settings now live in `clinics`; the walk-in queue is served in the booking's own clinic and zone.
CREATE OR REPLACE FUNCTION walk_in_queue_serve() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE walk_in_queue SET status = 'served', appointment_id = NEW.id
    WHERE clinic_id = NEW.clinic_id AND resident_id = NEW.resident_id AND status = 'waiting'
      AND date = (NEW.starts_at AT TIME ZONE (SELECT time_zone FROM clinics WHERE id = NEW.clinic_id))::date;
    RETURN NULL;
END
$$;
DROP INDEX walk_in_queue_waiting;
CREATE UNIQUE INDEX walk_in_queue_waiting ON walk_in_queue (clinic_id, date, resident_id) WHERE status = 'waiting';

-- The search keys follow their resident's clinic (0008's triggers, with the clinic).
CREATE OR REPLACE FUNCTION clinic_index_added_residents() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO resident_name_words (clinic_id, word, sort_name, resident_id)
        SELECT added.clinic_id, word, added.sort_name, added.id
        FROM added, unnest(clinic_name_keys(added.name_bo, added.name_zh, added.name_latin)) AS word;
    INSERT INTO name_words (word)
        SELECT DISTINCT word FROM added, unnest(clinic_name_words(added.name_bo, added.name_zh, added.name_latin)) AS word
        ORDER BY word ON CONFLICT DO NOTHING;
    INSERT INTO name_pairs (pair)
        SELECT DISTINCT pair FROM added, unnest(clinic_name_pairs(added.name_bo, added.name_zh, added.name_latin)) AS pair
        ORDER BY pair ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION clinic_unindex_removed_residents() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM resident_name_words w
        USING removed, unnest(clinic_name_keys(removed.name_bo, removed.name_zh, removed.name_latin)) AS gone (word)
        WHERE w.clinic_id = removed.clinic_id AND w.word = gone.word AND w.sort_name = removed.sort_name
          AND w.resident_id = removed.id;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION clinic_index_renamed_resident() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM resident_name_words
        WHERE clinic_id = OLD.clinic_id AND word = ANY (clinic_name_keys(OLD.name_bo, OLD.name_zh, OLD.name_latin))
          AND sort_name = OLD.sort_name AND resident_id = OLD.id;
    INSERT INTO resident_name_words (clinic_id, word, sort_name, resident_id)
        SELECT NEW.clinic_id, word, NEW.sort_name, NEW.id
        FROM unnest(clinic_name_keys(NEW.name_bo, NEW.name_zh, NEW.name_latin)) AS word;
    INSERT INTO name_words (word)
        SELECT word FROM unnest(clinic_name_words(NEW.name_bo, NEW.name_zh, NEW.name_latin)) AS word
        ORDER BY word ON CONFLICT DO NOTHING;
    INSERT INTO name_pairs (pair)
        SELECT pair FROM unnest(clinic_name_pairs(NEW.name_bo, NEW.name_zh, NEW.name_latin)) AS pair
        ORDER BY pair ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

DROP TRIGGER residents_index_renamed ON residents;
CREATE TRIGGER residents_index_renamed AFTER UPDATE OF name_bo, name_zh, name_latin, clinic_id ON residents
    FOR EACH ROW WHEN (OLD.name_bo IS DISTINCT FROM NEW.name_bo OR OLD.name_zh IS DISTINCT FROM NEW.name_zh
                       OR OLD.name_latin IS DISTINCT FROM NEW.name_latin OR OLD.clinic_id <> NEW.clinic_id)
    EXECUTE FUNCTION clinic_index_renamed_resident();

DROP TABLE clinic_settings;

GRANT SELECT, INSERT, UPDATE ON clinics TO clinic_app;
GRANT SELECT, UPDATE ON county_settings TO clinic_app;

-- A resident who moves takes the health file along (ResidentStore.move): a signed consultation and its addenda may
-- change their clinic and nothing else.
CREATE OR REPLACE FUNCTION consultations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'consultations are never deleted'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'consultations_never_deleted';
    END IF;
    IF OLD.signed_at IS NOT NULL AND (to_jsonb(NEW) - 'clinic_id') IS DISTINCT FROM (to_jsonb(OLD) - 'clinic_id') THEN
        RAISE EXCEPTION 'consultation % is signed and cannot change; add an addendum', OLD.id
            USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = 'consultations_signed_immutable';
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION consultation_addenda_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'clinic_id') IS NOT DISTINCT FROM (to_jsonb(OLD) - 'clinic_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'addenda are never changed or deleted'
        USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = 'consultation_addenda_immutable';
END;
$$;

-- A resident's health file moves with them (ResidentStore.move): of the entries the server otherwise only
-- appends, it may change the clinic and nothing else.
GRANT UPDATE (clinic_id) ON consultation_addenda, medications, allergies, assessments TO clinic_app;
