-- The server's queries run as clinic_app, a role that is neither superuser, nor BYPASSRLS, nor the owner of any
-- table: the server's pool sets it on every connection (`-c role=clinic_app`), while migrations and the
-- command-line tools (migrate, seed, create-user) keep running as the user that owns the tables.
--
-- What clinic_app may do is granted table by table below: only what the server does, and on audit_log only
-- INSERT and SELECT. So a server-side bug or an injected statement cannot rewrite the log, cannot set
-- session_replication_role (superuser only) and cannot disable, drop or replace triggers (owner only).
-- Row-level security, when it comes, relies on this role too.
--
-- Every later migration that creates a table must grant clinic_app what the server needs on it (there are no
-- default privileges on purpose: an append-only table must not get UPDATE by accident).
--
-- Roles belong to the whole cluster: the role may exist already (another database, or created by an
-- administrator when the migrating user may not create roles). It is then used as it is, after checking that
-- it gives no more than intended.
DO $$
DECLARE
    app pg_roles;
BEGIN
    SELECT * INTO app FROM pg_roles WHERE rolname = 'clinic_app';
    IF NOT FOUND THEN
        IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            RAISE EXCEPTION 'the database role clinic_app does not exist and % may not create it; as an '
                'administrator run: CREATE ROLE clinic_app NOLOGIN; GRANT clinic_app TO %; then migrate again',
                current_user, quote_ident(current_user);
        END IF;
        BEGIN
            CREATE ROLE clinic_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created meanwhile by a migration of another database in this cluster
        END;
        SELECT * INTO app FROM pg_roles WHERE rolname = 'clinic_app';
    END IF;
    IF app.rolsuper OR app.rolbypassrls OR app.rolname = current_user THEN
        RAISE EXCEPTION 'the database role clinic_app must be neither a superuser, nor BYPASSRLS, nor the user '
            'that runs the migrations';
    END IF;
    IF pg_has_role('clinic_app', current_user, 'MEMBER') THEN
        RAISE EXCEPTION 'the database role clinic_app must not be a member of %, which owns the tables', current_user;
    END IF;
    -- From PostgreSQL 16 a membership may lack the right to SET ROLE; 15 knows only MEMBER.
    IF NOT pg_has_role(current_user, 'clinic_app',
            CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END) THEN
        EXECUTE format('GRANT clinic_app TO %I', current_user);
    END IF;
END
$$;

-- A superuser or the owner could otherwise switch the log's triggers off for a session with
-- session_replication_role = replica; ALWAYS triggers fire in every mode. (DISABLE TRIGGER stays possible for
-- the owner, in the schema, visibly; clinic_app may not.)
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_update_delete;
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_truncate;

GRANT USAGE ON SCHEMA public TO clinic_app;

GRANT SELECT, INSERT ON audit_log TO clinic_app;

GRANT SELECT, UPDATE ON clinic_settings TO clinic_app;
GRANT SELECT, INSERT, DELETE ON closures TO clinic_app;
GRANT SELECT, INSERT, UPDATE ON residents TO clinic_app;
GRANT SELECT, INSERT, UPDATE ON doctors TO clinic_app;
GRANT SELECT, INSERT ON doctor_unavailability TO clinic_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON rota_assignments TO clinic_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON slots TO clinic_app;
GRANT SELECT, INSERT, UPDATE ON appointments TO clinic_app;
GRANT SELECT, INSERT, UPDATE ON walk_in_queue TO clinic_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO clinic_app;

GRANT SELECT, INSERT, UPDATE ON users TO clinic_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON auth_tokens TO clinic_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO clinic_app;

-- Clinical records are never deleted (the triggers of 0004 say so); only a draft consultation and a problem's
-- status change, and a consultation's vitals are replaced or removed with it.
GRANT SELECT, INSERT, UPDATE ON consultations TO clinic_app;
GRANT SELECT, INSERT ON consultation_addenda TO clinic_app;
GRANT SELECT, INSERT, UPDATE ON problems TO clinic_app;
GRANT SELECT, INSERT ON medications TO clinic_app;
GRANT SELECT, INSERT ON allergies TO clinic_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON vital_signs TO clinic_app;
GRANT SELECT, INSERT ON assessments TO clinic_app;

-- The search indexes, kept by the triggers on residents, which run as the user whose statement fired them.
GRANT SELECT, INSERT, DELETE ON resident_name_words TO clinic_app;
GRANT SELECT, INSERT ON name_words TO clinic_app;
GRANT SELECT, INSERT ON name_pairs TO clinic_app;
