-- Security: users and their roles, bearer tokens, login throttling, and the append-only audit log.
-- Depends only on 0001 (pgcrypto, doctors).

-- People who sign in. Users are deactivated, never deleted: the audit log refers to them for good.
CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$'),
    -- bcrypt (pgcrypto crypt() with gen_salt('bf', N)) over the SHA-256 of the password computed by the
    -- application, so the plain password never reaches the database, its logs or its statistics.
    password_hash text NOT NULL CHECK (password_hash ~ '^\$2[abxy]\$[0-9]{2}\$[./A-Za-z0-9]{53}$'),
    role          text NOT NULL CHECK (role IN ('admin', 'staff', 'doctor')),
    -- A doctor user acts for exactly one doctor record; other roles act for none.
    doctor_id     uuid REFERENCES doctors (id),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_doctor_iff_doctor_role CHECK ((role = 'doctor') = (doctor_id IS NOT NULL))
);

-- Usernames are unique whatever their case ("Tashi" and "tashi" are one person).
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE INDEX users_doctor ON users (doctor_id) WHERE doctor_id IS NOT NULL;

-- Bearer tokens. Only the SHA-256 of the token is kept: a copy of this table does not let anyone sign in.
CREATE TABLE auth_tokens (
    token_hash     bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id        uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    -- Touched at most once a minute, so that checking a token is not a write on every request.
    last_used_at   timestamptz NOT NULL DEFAULT now(),
    remote_address text,
    CHECK (expires_at > created_at)
);

CREATE INDEX auth_tokens_user ON auth_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX auth_tokens_expires ON auth_tokens (expires_at);

-- Login attempts per user name and per remote address within a fixed window, shared by every server.
-- The key is the SHA-256 of "user:<lowercased name>" or "address:<address>": people sometimes type their
-- password into the user name field, and this table must not keep it.
CREATE TABLE login_throttle (
    key_hash     bytea PRIMARY KEY CHECK (length(key_hash) = 32),
    kind         text NOT NULL CHECK (kind IN ('user', 'address')),
    -- Attempts counted in the current window (successful ones are taken back).
    failures     integer NOT NULL CHECK (failures >= 0),
    window_start timestamptz NOT NULL
);

CREATE INDEX login_throttle_window ON login_throttle (window_start);

-- Who read, changed or exported which resident's data, when and from where.
--
-- Append-only: the triggers below refuse UPDATE, DELETE and TRUNCATE for every role, superusers included;
-- only the table owner could get around them (DROP or DISABLE TRIGGER), visibly, in the schema.
-- The privileges are not revoked from the owner: the owner may grant them back at will, and without UPDATE the
-- foreign-key check behind `DELETE FROM users` fails as "permission denied" even for users with no history.
-- A deployment that wants more runs the server as a role that does not own the tables and grants it only
-- INSERT and SELECT on audit_log.
--
-- resident_id has no foreign key on purpose: the log must be able to record an attempt on an id that does not
-- exist (probing), and must outlive whatever happens to the resident row. Residents are not meant to be deleted;
-- a foreign key would also take a key-share lock on the resident for every audited read.
-- user_id does reference users: users are only deactivated, and a user with a history cannot be deleted.
CREATE TABLE audit_log (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- clock_timestamp(), not now(): several accesses in one transaction keep their order.
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    user_id        uuid REFERENCES users (id),
    role           text CHECK (role IN ('admin', 'staff', 'doctor')),
    action         text NOT NULL CHECK (action ~ '^[a-z][A-Za-z]{1,39}$'),
    resident_id    uuid,
    resource_type  text NOT NULL CHECK (resource_type ~ '^[a-z][A-Za-z]{0,39}$'),
    resource_id    text CHECK (length(resource_id) <= 200),
    request_id     text CHECK (length(request_id) <= 200),
    remote_address text CHECK (length(remote_address) <= 100),
    -- e.g. an export's filter and row count; never a password, token or clinical content.
    detail         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object')
);

CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_resident ON audit_log (resident_id, at DESC, id DESC) WHERE resident_id IS NOT NULL;
CREATE INDEX audit_log_user ON audit_log (user_id, at DESC, id DESC) WHERE user_id IS NOT NULL;

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

-- TRUNCATE fires no row triggers: it needs a statement-level one.
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
