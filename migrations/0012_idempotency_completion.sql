-- Idempotency keys that answer for themselves after a lost COMMIT.
--
-- The work a key was claimed for records the key's completion in its own transaction (`idempotency_commit`), so
-- the key row committed if and only if the work did. `claim` names the request that holds the key: a key whose
-- claim lapsed with no transaction holding it may be taken over by a retry, and the first request's work then
-- fails to commit instead of committing twice. `resource_*` name what the work created, so a replay can read it
-- again; bodies that carry clinical text are never stored (`response_body` stays NULL for them).

ALTER TABLE idempotency_keys
    ADD COLUMN claim uuid,
    ADD COLUMN claimed_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN resource_type text,
    ADD COLUMN resource_id text,
    ADD COLUMN resident_id uuid;

-- The check constraints of 0002 allow only 'inProgress' and 'done'; their names were chosen by PostgreSQL.
DO $$
DECLARE
    constraint_name text;
BEGIN
    FOR constraint_name IN
        SELECT conname FROM pg_constraint WHERE conrelid = 'idempotency_keys'::regclass AND contype = 'c'
    LOOP
        EXECUTE format('ALTER TABLE idempotency_keys DROP CONSTRAINT %I', constraint_name);
    END LOOP;
END $$;

ALTER TABLE idempotency_keys
    ADD CONSTRAINT idempotency_keys_key_length CHECK (char_length(key) BETWEEN 1 AND 255),
    -- inProgress: claimed, nothing committed; committed: the work committed, its response not stored (yet);
    -- done: the response is stored (its body only where it carries no clinical text).
    ADD CONSTRAINT idempotency_keys_state CHECK (state IN ('inProgress', 'committed', 'done')),
    ADD CONSTRAINT idempotency_keys_done_has_status CHECK (state <> 'done' OR response_status IS NOT NULL);

-- Inside the work's transaction, just before COMMIT: the key's completion. Fails the transaction (SQLSTATE CL001)
-- when the key is no longer claimed by this request, so the work of a claim that lapsed or was freed never commits.
CREATE FUNCTION idempotency_commit(
    p_scope text, p_key text, p_claim uuid, p_resource_type text, p_resource_id text, p_resident_id uuid
) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    UPDATE idempotency_keys
    SET state = 'committed', resource_type = p_resource_type, resource_id = p_resource_id,
        resident_id = p_resident_id, completed_at = now()
    WHERE scope = p_scope AND key = p_key AND claim = p_claim AND state = 'inProgress';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the Idempotency-Key is no longer claimed by this request' USING ERRCODE = 'CL001';
    END IF;
    RETURN true;
END $$;
