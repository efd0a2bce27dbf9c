-- A walk-in waiting in the queue is served when staff book them an appointment that day: the booking marks their
-- queue entry served, in the same transaction, whichever way it was booked.
CREATE FUNCTION walk_in_queue_serve() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE walk_in_queue SET status = 'served', appointment_id = NEW.id
    WHERE resident_id = NEW.resident_id AND status = 'waiting'
      AND date = (NEW.starts_at AT TIME ZONE (SELECT time_zone FROM clinic_settings))::date;
    RETURN NULL;
END
$$;

CREATE TRIGGER appointments_serve_walk_in AFTER INSERT ON appointments
    FOR EACH ROW EXECUTE FUNCTION walk_in_queue_serve();
