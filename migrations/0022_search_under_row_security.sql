-- Resident search under row-level security (0014). A policy's conditions run before a query's own, unless the query's
-- functions are LEAKPROOF (they cannot reveal anything about a row a policy would hide): PostgreSQL's LIKE (textlike)
-- and ILIKE (texticlike) are not marked so, and that kept every `search_text LIKE '%…%'` from the trigram index:
-- a phone-digit search read every resident of the database (24 ms against 0.4 ms for one room's 16,528, and it grows
-- with the county).
--
-- They are leakproof in fact: their only error ("LIKE pattern must not end with escape character") depends on the
-- pattern alone, and our queries always pass the caller's own term as the pattern, never a row's value. Marking a
-- function LEAKPROOF takes a superuser: the server's private cluster migrates as one; where the owner is not
-- (docker-compose.yml), docker/initdb/10-clinic.sql does it when the volume is made, and an operator runs these two
-- lines as a superuser in the clinic database otherwise (the search works either way, only slower).
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        ALTER FUNCTION textlike(text, text) LEAKPROOF;
        ALTER FUNCTION texticlike(text, text) LEAKPROOF;
    ELSIF NOT (SELECT proleakproof FROM pg_proc WHERE oid = 'textlike(text, text)'::regprocedure) THEN
        RAISE WARNING 'resident search will not use its indexes under row-level security until a superuser runs, in this database: ALTER FUNCTION textlike(text, text) LEAKPROOF; ALTER FUNCTION texticlike(text, text) LEAKPROOF;';
    END IF;
END
$$;
