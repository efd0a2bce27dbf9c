-- Clinical records: consultations (with addenda), and the health file's problems, medications, allergies, vital
-- signs and scored assessments.
--
-- The rules that must hold whatever a client or a bug does live here, not only in Swift:
--   * a remote consultation names its channel (video or phone), and only a remote one does;
--   * one consultation per appointment;
--   * a signed consultation never changes and no consultation is ever deleted (a trigger); corrections are
--     addenda, which themselves never change;
--   * only the consultation's own doctor signs it.
-- Users arrive in 0003; the `recorded_by` columns hold a user id without a foreign key, so this file does not
-- depend on that one.

-- An instant as the API writes it: RFC 3339 with the offset of `tz` at that instant, to the microsecond
-- (`2026-12-01T09:30:00.000000+08:00`). Reads build JSON with it so that a whole health file is one query.
CREATE FUNCTION clinic_instant(ts timestamptz, tz text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE STRICT
    RETURN to_char(ts AT TIME ZONE tz, 'YYYY-MM-DD"T"HH24:MI:SS.US')
        || CASE WHEN (ts AT TIME ZONE tz) < (ts AT TIME ZONE 'UTC') THEN '-' ELSE '+' END
        || to_char(abs(extract(epoch FROM (ts AT TIME ZONE tz) - (ts AT TIME ZONE 'UTC')))::int / 3600, 'FM00')
        || ':'
        || to_char(abs(extract(epoch FROM (ts AT TIME ZONE tz) - (ts AT TIME ZONE 'UTC')))::int % 3600 / 60, 'FM00');

-- The chronic condition a problem is reviewed for each quarter (national norm: four follow-ups a year), or NULL.
-- A code decides when there is one (I10–I15 hypertensive diseases, E11 type 2 diabetes); else the text does,
-- in English or Chinese.
CREATE FUNCTION clinic_chronic_condition(code text, text text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN code IS NOT NULL THEN
            CASE WHEN code ~ '^I1[0-5]' THEN 'hypertension' WHEN code ~ '^E11' THEN 'type2Diabetes' END
        WHEN text ~* '(^|[^a-z])(pulmonary|portal|intracranial|ocular)\s+hypertension' THEN NULL
        WHEN text ~* 'hypertension|高血压' THEN 'hypertension'
        WHEN text ~* 'type\s*(2|ii)\s*diabetes|t2dm|2型糖尿病|二型糖尿病' THEN 'type2Diabetes'
    END;

-- Consultations --------------------------------------------------------------------------------------------------

CREATE TABLE consultations (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resident_id       uuid NOT NULL REFERENCES residents (id),
    doctor_id         uuid NOT NULL REFERENCES doctors (id),
    appointment_id    uuid REFERENCES appointments (id),
    mode              text NOT NULL CHECK (mode IN ('onsite', 'remote', 'home')),
    channel           text CHECK (channel IN ('video', 'phone')),
    started_at        timestamptz NOT NULL,
    ended_at          timestamptz NOT NULL,
    -- SOAP notes: the part staff never see.
    subjective        text NOT NULL DEFAULT '',
    objective         text NOT NULL DEFAULT '',
    assessment        text NOT NULL DEFAULT '',
    plan              text NOT NULL DEFAULT '',
    -- The API's `vitals` object as sent (validated), and the flags the server raised for it.
    vitals            jsonb CHECK (jsonb_typeof(vitals) = 'object'),
    vital_flags       text[] NOT NULL DEFAULT '{}',
    -- [{"code"?, "text"}], codes in canonical ICD-10 shape.
    diagnoses         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(diagnoses) = 'array'),
    -- [{"kind", "text"}], kinds including traditional Tibetan medicine (tibetanPlaster, ...).
    treatments        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(treatments) = 'array'),
    advice            text,
    follow_up_in_days integer CHECK (follow_up_in_days BETWEEN 1 AND 365),
    follow_up_mode    text CHECK (follow_up_mode IN ('onsite', 'remote', 'home')),
    follow_up_note    text,
    -- The clinic date the follow-up falls due: the end's clinic date plus `follow_up_in_days`.
    follow_up_due     date,
    signed_at         timestamptz,
    signed_by         uuid REFERENCES doctors (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT consultations_one_per_appointment UNIQUE (appointment_id),
    CONSTRAINT consultations_remote_channel CHECK ((mode = 'remote') = (channel IS NOT NULL)),
    CONSTRAINT consultations_ended_after_started CHECK (ended_at >= started_at),
    CONSTRAINT consultations_follow_up_whole CHECK (
        (follow_up_in_days IS NULL AND follow_up_mode IS NULL AND follow_up_note IS NULL AND follow_up_due IS NULL)
        OR (follow_up_in_days IS NOT NULL AND follow_up_mode IS NOT NULL AND follow_up_due IS NOT NULL)),
    CONSTRAINT consultations_signature CHECK ((signed_at IS NULL) = (signed_by IS NULL)),
    CONSTRAINT consultations_signed_by_own_doctor CHECK (signed_by IS NULL OR signed_by = doctor_id)
);

CREATE INDEX consultations_resident_started ON consultations (resident_id, started_at DESC, id);
CREATE INDEX consultations_doctor_drafts ON consultations (doctor_id, created_at) WHERE signed_at IS NULL;
CREATE INDEX consultations_follow_up_due ON consultations (follow_up_due) WHERE follow_up_due IS NOT NULL;

-- A signed consultation is a legal record: the only change ever allowed is signing a draft. Nothing is deleted.
CREATE FUNCTION consultations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'consultations are never deleted'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'consultations_never_deleted';
    END IF;
    IF OLD.signed_at IS NOT NULL THEN
        RAISE EXCEPTION 'consultation % is signed and cannot change; add an addendum', OLD.id
            USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = 'consultations_signed_immutable';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER consultations_guard BEFORE UPDATE OR DELETE ON consultations
    FOR EACH ROW EXECUTE FUNCTION consultations_guard();

CREATE FUNCTION consultations_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'clinical records are never truncated' USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER consultations_no_truncate BEFORE TRUNCATE ON consultations
    FOR EACH STATEMENT EXECUTE FUNCTION consultations_refuse_truncate();

-- A correction or later finding appended to a consultation, with its author and time. Never changed.
CREATE TABLE consultation_addenda (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    consultation_id uuid NOT NULL REFERENCES consultations (id),
    author_id       uuid NOT NULL REFERENCES doctors (id),
    text            text NOT NULL CHECK (char_length(btrim(text)) BETWEEN 1 AND 10000),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX consultation_addenda_consultation ON consultation_addenda (consultation_id, created_at, id);

CREATE FUNCTION consultation_addenda_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'addenda are never changed or deleted'
        USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = 'consultation_addenda_immutable';
END;
$$;

CREATE TRIGGER consultation_addenda_guard BEFORE UPDATE OR DELETE ON consultation_addenda
    FOR EACH ROW EXECUTE FUNCTION consultation_addenda_guard();

-- The health file ------------------------------------------------------------------------------------------------

CREATE TABLE problems (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resident_id uuid NOT NULL REFERENCES residents (id),
    code        text CHECK (code ~ '^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$'),
    text        text NOT NULL CHECK (char_length(btrim(text)) BETWEEN 1 AND 500),
    onset       date,
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'resolved')),
    chronic_condition text GENERATED ALWAYS AS (clinic_chronic_condition(code, text)) STORED,
    recorded_by uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX problems_resident ON problems (resident_id, created_at, id);
CREATE INDEX problems_chronic_active ON problems (resident_id)
    WHERE status = 'active' AND chronic_condition IS NOT NULL;

CREATE TABLE medications (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resident_id uuid NOT NULL REFERENCES residents (id),
    name        text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    dose        text,
    since       date,
    until       date,
    recorded_by uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (until IS NULL OR since IS NULL OR until >= since)
);

CREATE INDEX medications_resident ON medications (resident_id, created_at, id);

CREATE TABLE allergies (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resident_id uuid NOT NULL REFERENCES residents (id),
    substance   text NOT NULL CHECK (char_length(btrim(substance)) BETWEEN 1 AND 200),
    reaction    text,
    severity    text CHECK (severity IN ('mild', 'moderate', 'severe')),
    recorded_by uuid,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX allergies_resident ON allergies (resident_id, created_at, id);

-- Every set of vitals, from a consultation (one row per consultation, written with it) or taken on its own
-- (screening days, grid workers' visits).
CREATE TABLE vital_signs (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resident_id     uuid NOT NULL REFERENCES residents (id),
    taken_at        timestamptz NOT NULL,
    vitals          jsonb NOT NULL CHECK (jsonb_typeof(vitals) = 'object' AND vitals <> '{}'),
    flags           text[] NOT NULL DEFAULT '{}',
    source          text NOT NULL CHECK (source IN ('consultation', 'screening')),
    consultation_id uuid UNIQUE REFERENCES consultations (id),
    recorded_by     uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((source = 'consultation') = (consultation_id IS NOT NULL))
);

CREATE INDEX vital_signs_resident_taken ON vital_signs (resident_id, taken_at DESC, id);

CREATE TABLE assessments (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resident_id uuid NOT NULL REFERENCES residents (id),
    kind        text NOT NULL CHECK (kind IN ('barthel', 'selfCare')),
    -- The form's points per item, as entered ({"feeding": 10, ...}); `score` and `band` are computed by the server.
    items       jsonb NOT NULL CHECK (jsonb_typeof(items) = 'object'),
    score       integer NOT NULL,
    band        text NOT NULL,
    taken_at    timestamptz NOT NULL,
    assessed_by uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'barthel' AND score BETWEEN 0 AND 100) OR (kind = 'selfCare' AND score BETWEEN 0 AND 37))
);

CREATE INDEX assessments_resident_taken ON assessments (resident_id, taken_at DESC, id);
