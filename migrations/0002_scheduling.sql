-- Scheduling: resident search columns, the rota, slots, appointments, the walk-in queue and idempotency keys.
--
-- The rules that must hold whatever arrives at once live here, not in Swift:
--   * a slot never holds more than its capacity: CHECK (booked BETWEEN 0 AND capacity), and the store only ever
--     changes `booked` with a conditional UPDATE on the slot row (which row-locks it);
--   * a resident never holds two overlapping active appointments: an exclusion constraint;
--   * a doctor is never on two overlapping sessions: an exclusion constraint on the rota.

-- Resident search ------------------------------------------------------------------------------------------------

-- One lower-case text over every name script and the phone's digits alone, so "138 0013" and "1380013" both find
-- "+86 138-0013-8000". Replaces 0001's column, which kept the phone's punctuation.
CREATE FUNCTION clinic_search_text(bo text, zh text, latin text, phone text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lower(coalesce(bo, '') || ' ' || coalesce(zh, '') || ' ' || coalesce(latin, '') || ' '
                 || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), ''));

-- Every two-character piece of a text (none spanning a space). Trigrams cannot serve a two-character query, yet
-- Chinese given names and surnames are often just that ("卓玛"): these serve it from a GIN index.
CREATE FUNCTION clinic_bigrams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN ARRAY(SELECT DISTINCT substr(t, i, 2) FROM generate_series(1, char_length(t) - 1) AS i
                 WHERE substr(t, i, 2) !~ '\s');

ALTER TABLE residents DROP COLUMN search_text;
ALTER TABLE residents
    ADD COLUMN search_text text GENERATED ALWAYS AS (clinic_search_text(name_bo, name_zh, name_latin, phone)) STORED,
    ADD COLUMN search_bigrams text[]
        GENERATED ALWAYS AS (clinic_bigrams(clinic_search_text(name_bo, name_zh, name_latin, phone))) STORED,
    -- The order residents are listed in (Latin, else Chinese, else Tibetan name), for keyset pagination.
    ADD COLUMN sort_name text GENERATED ALWAYS AS (lower(coalesce(name_latin, name_zh, name_bo))) STORED;

-- After a bulk load (the seed, an import) run VACUUM ANALYZE residents: until the GIN pending list is merged, every
-- search scans it linearly and the planner shuns these indexes. (fastupdate = off avoids that but makes a bulk
-- load of 16,528 residents several times slower.)
CREATE INDEX residents_search_trgm ON residents USING gin (search_text gin_trgm_ops);
CREATE INDEX residents_search_bigrams ON residents USING gin (search_bigrams);
CREATE INDEX residents_sort ON residents (sort_name, id);

-- The rota --------------------------------------------------------------------------------------------------------

-- Which doctor serves which session of which clinic day, with the session's instants resolved in the clinic's zone
-- when it was planned, and the modes the doctor offered then (its slots follow from them).
CREATE TABLE rota_assignments (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    date       date NOT NULL,
    session    text NOT NULL,
    doctor_id  uuid NOT NULL REFERENCES doctors (id),
    modes      text[] NOT NULL CHECK (modes <@ ARRAY['onsite', 'remote', 'home'] AND cardinality(modes) > 0),
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL CHECK (ends_at > starts_at),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT rota_assignments_doctor_session UNIQUE (date, session, doctor_id),
    CONSTRAINT rota_assignments_doctor_overlap
        EXCLUDE USING gist (doctor_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
);

CREATE INDEX rota_assignments_date ON rota_assignments (date, session);
CREATE INDEX rota_assignments_doctor_date ON rota_assignments (doctor_id, date);

-- Slots -------------------------------------------------------------------------------------------------------------

-- A bookable time of one doctor's session for one mode. `booked` counts the appointments that occupy it
-- (booked, checked in, completed) and is only changed by conditional updates that keep it within capacity.
CREATE TABLE slots (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assignment_id     uuid NOT NULL REFERENCES rota_assignments (id) ON DELETE CASCADE,
    doctor_id         uuid NOT NULL REFERENCES doctors (id),
    date              date NOT NULL,
    session           text NOT NULL,
    mode              text NOT NULL CHECK (mode IN ('onsite', 'remote', 'home')),
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz NOT NULL CHECK (ends_at > starts_at),
    capacity          integer NOT NULL CHECK (capacity >= 1),
    booked            integer NOT NULL DEFAULT 0,
    -- Planned as part of the priority hold; whether it is still held depends on the time (see SlotStore).
    priority_reserved boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT slots_booked_within_capacity CHECK (booked BETWEEN 0 AND capacity),
    CONSTRAINT slots_one_per_time UNIQUE (assignment_id, mode, starts_at)
);

CREATE INDEX slots_starts ON slots (starts_at, id);
CREATE INDEX slots_date_mode ON slots (date, mode, starts_at);
CREATE INDEX slots_doctor_starts ON slots (doctor_id, starts_at);

-- Appointments ------------------------------------------------------------------------------------------------------

CREATE TABLE appointments (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slot_id       uuid NOT NULL REFERENCES slots (id),
    resident_id   uuid NOT NULL REFERENCES residents (id),
    doctor_id     uuid NOT NULL REFERENCES doctors (id),
    mode          text NOT NULL CHECK (mode IN ('onsite', 'remote', 'home')),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL CHECK (ends_at > starts_at),
    status        text NOT NULL DEFAULT 'booked'
        CHECK (status IN ('booked', 'checkedIn', 'completed', 'cancelled', 'noShow')),
    reason        text,
    -- The language an interpreter is needed for (e.g. 'bo'), or NULL when none is needed.
    interpreter   text,
    walk_in       boolean NOT NULL DEFAULT false,
    cancel_reason text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    checked_in_at timestamptz,
    completed_at  timestamptz,
    cancelled_at  timestamptz,
    CONSTRAINT appointments_resident_overlap
        EXCLUDE USING gist (resident_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN ('booked', 'checkedIn'))
);

CREATE INDEX appointments_slot ON appointments (slot_id);
CREATE INDEX appointments_resident ON appointments (resident_id, starts_at);
CREATE INDEX appointments_doctor_starts ON appointments (doctor_id, starts_at, id);
CREATE INDEX appointments_starts ON appointments (starts_at, id);

-- Walk-ins who found no free on-site slot today wait here, first come first served.
CREATE TABLE walk_in_queue (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resident_id    uuid NOT NULL REFERENCES residents (id),
    date           date NOT NULL,
    mode           text NOT NULL DEFAULT 'onsite' CHECK (mode IN ('onsite', 'remote', 'home')),
    reason         text,
    status         text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'served', 'left')),
    appointment_id uuid REFERENCES appointments (id),
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- A resident waits in the queue once a day.
CREATE UNIQUE INDEX walk_in_queue_waiting ON walk_in_queue (date, resident_id) WHERE status = 'waiting';
CREATE INDEX walk_in_queue_date ON walk_in_queue (date, created_at);

-- Idempotency keys ---------------------------------------------------------------------------------------------------

-- The first response to a POST carrying `Idempotency-Key`, replayed for a repeat with the same body.
-- `scope` keeps one user's keys apart from another's (e.g. the user id). Kept at least 24 hours.
CREATE TABLE idempotency_keys (
    scope            text NOT NULL,
    key              text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    -- SHA-256 over method, path and body, hex.
    fingerprint      text NOT NULL,
    state            text NOT NULL DEFAULT 'inProgress' CHECK (state IN ('inProgress', 'done')),
    response_status  integer,
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz,
    PRIMARY KEY (scope, key),
    CHECK (state = 'inProgress' OR response_status IS NOT NULL)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
