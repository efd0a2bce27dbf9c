-- Community outreach, continued: a resident no longer cared for here (moved away, deceased: 0015/0016's
-- inactive_reason) cannot be booked, whichever way the booking comes (the desk, a walk-in, a rebooking).
SELECT set_config('clinic.scope', '*', true);

-- 0016's grid_in_scope cast the setting to text[] even when it was empty (the server's pool sets it to '' for every
-- borrow but a grid worker's): SQL does not promise to skip the right side of an OR, and ''::text[] is an error.
-- Empty now casts as NULL, and NULL OR true is true.
CREATE OR REPLACE FUNCTION grid_in_scope(resident_grid text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('clinic.grids', true), '') = ''
        OR resident_grid = ANY (nullif(current_setting('clinic.grids', true), '')::text[])
$$;

-- SQLSTATE CL101 is the server's `resident-inactive` problem (409).
CREATE FUNCTION appointments_resident_active() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM residents WHERE id = NEW.resident_id AND inactive_reason IS NOT NULL) THEN
        RAISE EXCEPTION 'the resident is no longer cared for here (moved away or deceased)'
            USING ERRCODE = 'CL101';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER appointments_resident_active BEFORE INSERT ON appointments
    FOR EACH ROW EXECUTE FUNCTION appointments_resident_active();

-- The unvisited-elderly list's "last seen by a visit": a resident's visits that saw them, newest first.
CREATE INDEX outreach_visits_seen ON outreach_visits (resident_id, visited_at DESC)
    WHERE outcome IN ('seenWell', 'needsDoctor');

-- Nor queued as a walk-in.
CREATE TRIGGER walk_in_queue_resident_active BEFORE INSERT ON walk_in_queue
    FOR EACH ROW EXECUTE FUNCTION appointments_resident_active();
