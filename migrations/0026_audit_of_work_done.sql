-- An audit row that goes out in the same round trip as its work (issue 23: a booking is one round trip, BEGIN to
-- COMMIT). The work's result is not known when the row is sent, so the row is written on a condition read after the
-- work ("the appointment with the id the server chose exists"), and when the condition is false the row's INSERT calls
-- this function: the transaction fails and rolls back, COMMIT never runs, and the server names the refusal.
-- Called only when the condition is false (CASE evaluates it lazily), so a done work pays nothing for it.
SELECT set_config('clinic.scope', '*', true);

CREATE FUNCTION audited_work_not_done() RETURNS boolean
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION 'the audited work did nothing; its transaction rolls back' USING ERRCODE = 'CL002';
END
$$;
