-- Base schema: extensions, the clinic's settings and closures, residents and doctors.
-- Later migrations add scheduling, users and audit, clinical records.

CREATE EXTENSION IF NOT EXISTS pgcrypto;    -- gen_random_uuid(), crypt() for password hashes
CREATE EXTENSION IF NOT EXISTS btree_gist;  -- exclusion constraints over ranges with equality
CREATE EXTENSION IF NOT EXISTS pg_trgm;     -- substring search over names in every script

-- The clinic's settings: exactly one row.
CREATE TABLE clinic_settings (
    id                  boolean PRIMARY KEY DEFAULT true CHECK (id),
    name                text NOT NULL,
    time_zone           text NOT NULL,
    clinic_weekdays     smallint[] NOT NULL,
    sessions            jsonb NOT NULL,
    slot_minutes        jsonb NOT NULL,
    priority_hold_hours integer NOT NULL CHECK (priority_hold_hours >= 0),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

INSERT INTO clinic_settings (name, time_zone, clinic_weekdays, sessions, slot_minutes, priority_hold_hours)
VALUES (
    'Community Smart Health Room', 'Asia/Shanghai', '{2,4}',
    '[{"name":"morning","start":"09:30","end":"12:30"},{"name":"afternoon","start":"15:00","end":"18:00"}]',
    '{"onsite":15,"remote":20,"home":60}', 24
);

-- Dates on which the clinic does not run although it is a clinic weekday (holidays).
CREATE TABLE closures (
    date       date PRIMARY KEY,
    reason     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE residents (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name_bo           text,
    name_zh           text,
    name_latin        text,
    sex               text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    birth_date        date NOT NULL,
    ethnicity         text,
    languages         text[] NOT NULL DEFAULT '{}',
    phone             text,
    -- Kept whole for matching; the API only ever returns it masked.
    id_number         text,
    address           text,
    grid              text,
    household         text,
    flags             text[] NOT NULL DEFAULT '{}' CHECK (
        flags <@ ARRAY['livesAlone', 'emptyNest', 'disabled', 'lowIncome', 'specialHardship']::text[]),
    emergency_contact jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (coalesce(name_bo, name_zh, name_latin) IS NOT NULL),
    -- One text over every name script and the phone, for substring search.
    search_text text GENERATED ALWAYS AS (
        lower(coalesce(name_bo, '') || ' ' || coalesce(name_zh, '') || ' ' || coalesce(name_latin, '') || ' '
              || coalesce(phone, ''))
    ) STORED,
    id_tail text GENERATED ALWAYS AS (right(id_number, 4)) STORED
);

CREATE INDEX residents_search_trgm ON residents USING gin (search_text gin_trgm_ops);
CREATE INDEX residents_id_tail ON residents (id_tail);
CREATE INDEX residents_grid ON residents (grid, id);
CREATE INDEX residents_birth_date ON residents (birth_date, id);
CREATE INDEX residents_flags ON residents USING gin (flags);

CREATE TABLE doctors (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (name <> ''),
    institution text NOT NULL DEFAULT '',
    languages   text[] NOT NULL DEFAULT '{}',
    modes       text[] NOT NULL DEFAULT '{onsite,remote,home}' CHECK (modes <@ ARRAY['onsite', 'remote', 'home']),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Periods a doctor cannot serve (leave, duty elsewhere); inclusive dates.
CREATE TABLE doctor_unavailability (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    doctor_id  uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    period     daterange NOT NULL CHECK (NOT isempty(period)),
    reason     text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX doctor_unavailability_doctor ON doctor_unavailability USING gist (doctor_id, period);
