-- The monthly report: a health room's month in figures for the county health bureau, and the months submitted.
--
-- Every figure is defined here and only here, one function per figure, each a plain (security invoker) SQL
-- function: it reads the tables under the caller's row-level security, so a clinic's admin reads their own clinic's
-- figures only, whatever clinic id they pass. `monthly_report` puts the figures together as the API's JSON.
--
-- The month is the clinic's own: from midnight of its first day to midnight after its last day, in the clinic's time
-- zone (`report_month`). "The month's end" below is that second instant (exclusive).
SELECT set_config('clinic.scope', '*', true);

-- The month `month` (its first day) of `clinic`: its first and last day, the instants it begins and ends in the
-- clinic's zone, and the instant its quarter began (for the chronic reviews).
CREATE FUNCTION report_month(clinic uuid, month date)
    RETURNS TABLE (first_day date, last_day date, starts timestamptz, ends timestamptz, quarter_starts timestamptz)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT m.first_day, (m.first_day + interval '1 month' - interval '1 day')::date,
           m.first_day::timestamp AT TIME ZONE c.time_zone,
           (m.first_day + interval '1 month')::timestamp AT TIME ZONE c.time_zone,
           date_trunc('quarter', m.first_day)::timestamp AT TIME ZONE c.time_zone
    FROM clinics c, (SELECT date_trunc('month', month)::date AS first_day) m
    WHERE c.id = clinic
$$;

-- Sessions -------------------------------------------------------------------------------------------------------------
-- rostered: rota assignments of the clinic dated in the month (one doctor on one session of one day; two doctors on
--   the same session are two).
-- held: of those, the ones that ran: not uncovered (no closure, the doctor not away: `uncovered_reason` NULL) and
--   over by the time the report is read (`ends_at <= now()`). A session that ran and saw nobody is held.
-- uncovered: rostered but will not run (closure or the doctor's unavailability).
CREATE FUNCTION report_sessions(clinic uuid, month date) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object(
        'rostered', count(*),
        'held', count(*) FILTER (WHERE ra.uncovered_reason IS NULL AND ra.ends_at <= now()),
        'uncovered', count(*) FILTER (WHERE ra.uncovered_reason IS NOT NULL))
    FROM report_month(clinic, month) m
    JOIN rota_assignments ra ON ra.clinic_id = clinic AND ra.date BETWEEN m.first_day AND m.last_day
$$;

-- Doctors ---------------------------------------------------------------------------------------------------------------
-- Every doctor rostered in the clinic in the month or who recorded a consultation there, by name:
-- sessions: their held sessions (as in report_sessions); sessionsRostered: all their rostered ones;
-- consultations: their consultations in the clinic that started in the month (as in report_consultations).
CREATE FUNCTION report_doctors(clinic uuid, month date) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH m AS (SELECT * FROM report_month(clinic, month)),
    s AS (
        SELECT ra.doctor_id, count(*) AS rostered,
               count(*) FILTER (WHERE ra.uncovered_reason IS NULL AND ra.ends_at <= now()) AS held
        FROM m JOIN rota_assignments ra ON ra.clinic_id = clinic AND ra.date BETWEEN m.first_day AND m.last_day
        GROUP BY ra.doctor_id
    ),
    c AS (
        SELECT co.doctor_id, count(*) AS consultations
        FROM m JOIN consultations co ON co.clinic_id = clinic AND co.started_at >= m.starts AND co.started_at < m.ends
        GROUP BY co.doctor_id
    )
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'doctorId', d.id, 'name', d.name, 'institution', d.institution,
               'sessions', coalesce(s.held, 0), 'sessionsRostered', coalesce(s.rostered, 0),
               'consultations', coalesce(c.consultations, 0)) ORDER BY d.name, d.id), '[]')
    FROM s FULL JOIN c ON c.doctor_id = s.doctor_id
    JOIN doctors d ON d.id = coalesce(s.doctor_id, c.doctor_id)
$$;

-- Consultations ---------------------------------------------------------------------------------------------------------
-- Consultations recorded in the clinic that started in the month (signed or not; one per encounter, whatever the
-- mode). residents: the distinct residents they saw (a consultation is what "seen" means here; outreach visits are
-- counted apart, under outreach). byChannel: the remote ones by channel.
CREATE FUNCTION report_consultations(clinic uuid, month date) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object(
        'total', count(*),
        'residents', count(DISTINCT co.resident_id),
        'byMode', jsonb_build_object(
            'onsite', count(*) FILTER (WHERE co.mode = 'onsite'),
            'remote', count(*) FILTER (WHERE co.mode = 'remote'),
            'home', count(*) FILTER (WHERE co.mode = 'home')),
        'byChannel', jsonb_build_object(
            'video', count(*) FILTER (WHERE co.mode = 'remote' AND co.channel = 'video'),
            'phone', count(*) FILTER (WHERE co.mode = 'remote' AND co.channel = 'phone')))
    FROM report_month(clinic, month) m
    JOIN consultations co ON co.clinic_id = clinic AND co.started_at >= m.starts AND co.started_at < m.ends
$$;

-- Appointments ----------------------------------------------------------------------------------------------------------
-- Appointments of the clinic whose time began in the month, by what became of them:
-- booked: all of them, whatever their status (a booking moved to another time counts where it was and again where
--   it went); completed, noShow, cancelled: by status; displaced: the ones a closure or a doctor's absence displaced
--   (`displaced_at` set), whether still waiting or since rebooked; rebooked: of those, the ones moved to a new
--   booking; open: still booked or checked in (not yet closed by the desk);
-- priority: the booked ones of priority residents (a resident with any priority flag, as the flags are now).
CREATE FUNCTION report_appointments(clinic uuid, month date) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object(
        'booked', count(*),
        'completed', count(*) FILTER (WHERE a.status = 'completed'),
        'noShow', count(*) FILTER (WHERE a.status = 'noShow'),
        'cancelled', count(*) FILTER (WHERE a.status = 'cancelled'),
        'displaced', count(*) FILTER (WHERE a.displaced_at IS NOT NULL OR a.status = 'displaced'),
        'rebooked', count(*) FILTER (WHERE a.status = 'rebooked'),
        'open', count(*) FILTER (WHERE a.status IN ('booked', 'checkedIn')),
        'priority', count(*) FILTER (WHERE r.flags <> '{}'))
    FROM report_month(clinic, month) m
    JOIN appointments a ON a.clinic_id = clinic AND a.starts_at >= m.starts AND a.starts_at < m.ends
    JOIN residents r ON r.id = a.resident_id
$$;

-- The residents of the clinic the month's figures count: those of the register (as it is now: a register imported
-- after the month still counts its people) who had not moved away or died before the month's end.
CREATE FUNCTION report_residents(clinic uuid, month date)
    RETURNS TABLE (id uuid, birth_date date, flags text[], grid text)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT r.id, r.birth_date, r.flags, r.grid
    FROM report_month(clinic, month) m
    JOIN residents r ON r.clinic_id = clinic AND (r.inactive_reason IS NULL OR r.inactive_since >= m.ends)
$$;

-- The elderly -----------------------------------------------------------------------------------------------------------
-- total: the month's residents (report_residents) 65 or over on the month's last day.
-- seenLast90Days: of those, the ones seen in the 90 days before the month's end: a consultation in the clinic, or an
--   outreach visit that saw them (`seenWell`, `needsDoctor`), as the unvisited-elderly list's default basis counts;
--   seenLast90DaysClinical: by a consultation only.
-- assessed: of those, the ones with a Barthel or self-care assessment taken in the 12 months before the month's end;
--   byBand: them by the band of their latest such assessment (every band named, zero when none).
CREATE FUNCTION report_elderly(clinic uuid, month date) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH m AS (SELECT * FROM report_month(clinic, month)),
    elderly AS (
        SELECT r.id FROM m, report_residents(clinic, month) r
        WHERE r.birth_date <= (m.last_day - interval '65 years')::date
    ),
    consulted AS (
        SELECT DISTINCT co.resident_id FROM m
        JOIN consultations co ON co.clinic_id = clinic
            AND co.started_at >= m.ends - interval '90 days' AND co.started_at < m.ends
    ),
    visited AS (
        SELECT DISTINCT v.resident_id FROM m
        JOIN outreach_visits v ON v.clinic_id = clinic AND v.outcome IN ('seenWell', 'needsDoctor')
            AND v.visited_at >= m.ends - interval '90 days' AND v.visited_at < m.ends
    ),
    latest AS (
        SELECT DISTINCT ON (a.resident_id) a.resident_id, a.band FROM m
        JOIN assessments a ON a.clinic_id = clinic
            AND a.taken_at >= m.ends - interval '12 months' AND a.taken_at < m.ends
        ORDER BY a.resident_id, a.taken_at DESC, a.id DESC
    ),
    -- Membership tests (hashed subplans), not joins: the planner cannot know how many elderly there are, and a
    -- nested loop over its guess of one costs seconds at demo size.
    figures AS (
        SELECT e.id, e.id IN (SELECT resident_id FROM consulted) AS clinical,
               e.id IN (SELECT resident_id FROM visited) AS visited
        FROM elderly e
    ),
    bands AS (
        SELECT l.band FROM latest l WHERE l.resident_id IN (SELECT id FROM elderly)
    )
    SELECT jsonb_build_object(
        'total', (SELECT count(*) FROM figures),
        'seenLast90Days', (SELECT count(*) FROM figures WHERE clinical OR visited),
        'seenLast90DaysClinical', (SELECT count(*) FROM figures WHERE clinical),
        'assessed', (SELECT count(*) FROM bands),
        'byBand', (SELECT jsonb_object_agg(b.band, (SELECT count(*) FROM bands x WHERE x.band = b.band))
                   FROM unnest(ARRAY['independent', 'slightDependency', 'mildDependency', 'moderateDependency',
                                     'severeDependency', 'totalDependency', 'dependent']) AS b (band)))
$$;

-- Chronic disease reviews -----------------------------------------------------------------------------------------------
-- hypertension / diabetes, total: the month's residents (report_residents) with an active problem of that chronic
--   condition known by the month's end: its onset on or before the month's last day, or, without an onset, recorded
--   before the month's end. The condition is the problem's `chronic_condition` (0004's
--   clinic_chronic_condition, which the follow-ups list uses too): ICD-10 I10–I15 is hypertension and E11 type 2
--   diabetes; a problem without a code counts by its words ("hypertension", "高血压", "type 2 diabetes", "2型糖尿病").
-- reviewedThisQuarter: of those, the ones with a consultation in the clinic (any mode) from the start of the
--   month's quarter to the month's end: the national norm's quarterly follow-up.
CREATE FUNCTION report_chronic(clinic uuid, month date) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH m AS (SELECT * FROM report_month(clinic, month)),
    patients AS (
        SELECT DISTINCT p.chronic_condition AS condition, p.resident_id
        FROM m, report_residents(clinic, month) r
        JOIN problems p ON p.resident_id = r.id AND p.clinic_id = clinic
        WHERE p.status = 'active' AND p.chronic_condition IS NOT NULL
          AND (p.onset <= m.last_day OR (p.onset IS NULL AND p.created_at < m.ends))
    ),
    reviewed AS (
        SELECT DISTINCT co.resident_id FROM m
        JOIN consultations co ON co.clinic_id = clinic
            AND co.started_at >= m.quarter_starts AND co.started_at < m.ends
    ),
    figures AS (
        SELECT pt.condition, pt.resident_id IN (SELECT resident_id FROM reviewed) AS reviewed FROM patients pt
    )
    SELECT jsonb_build_object(
        'hypertension', jsonb_build_object(
            'total', count(*) FILTER (WHERE condition = 'hypertension'),
            'reviewedThisQuarter', count(*) FILTER (WHERE condition = 'hypertension' AND reviewed)),
        'diabetes', jsonb_build_object(
            'total', count(*) FILTER (WHERE condition = 'type2Diabetes'),
            'reviewedThisQuarter', count(*) FILTER (WHERE condition = 'type2Diabetes' AND reviewed)))
    FROM figures
$$;

-- Outreach --------------------------------------------------------------------------------------------------------------
-- visits: outreach visits of the clinic made in the month (any outcome); byOutcome: by outcome (every outcome
-- named); byGrid: by the visited resident's grid ("" for a resident without one), by grid.
CREATE FUNCTION report_outreach(clinic uuid, month date) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH m AS (SELECT * FROM report_month(clinic, month)),
    v AS (
        SELECT v.outcome, coalesce(r.grid, '') AS grid
        FROM m JOIN outreach_visits v ON v.clinic_id = clinic AND v.visited_at >= m.starts AND v.visited_at < m.ends
        JOIN residents r ON r.id = v.resident_id
    )
    SELECT jsonb_build_object(
        'visits', (SELECT count(*) FROM v),
        'byOutcome', (SELECT jsonb_object_agg(o.outcome, (SELECT count(*) FROM v WHERE v.outcome = o.outcome))
                      FROM unnest(ARRAY['seenWell', 'notHome', 'needsDoctor', 'hospitalised', 'movedAway',
                                        'deceased']) AS o (outcome)),
        'byGrid', coalesce((SELECT jsonb_agg(jsonb_build_object('grid', g.grid, 'visits', g.visits) ORDER BY g.grid)
                            FROM (SELECT grid, count(*) AS visits FROM v GROUP BY grid) g), '[]'))
$$;

-- The whole report ------------------------------------------------------------------------------------------------------
-- The month's figures of `clinic` as `GET /v1/reports/monthly` gives them; NULL for a clinic the caller may not see
-- or that does not exist (`clinics` has no row security, so this checks the caller's scope itself, once).
--
-- Speed: the row policies re-read the `clinic.scope` setting as a uuid[] on every row they check, which costs more
-- than the figures themselves at demo size (0.3 s against 0.03 s). Every figure names `clinic` in each of its
-- reads, so once the caller's scope is known to include `clinic`, the figures are read with the county's scope
-- (which the policies pass at the first test) and the caller's scope is put back, as doctor_sessions_elsewhere
-- (0014) does. The figure functions themselves stay security invoker under the caller's scope when called alone.
CREATE FUNCTION monthly_report(clinic uuid, month date) RETURNS jsonb
    LANGUAGE plpgsql AS $$
DECLARE
    caller_scope text := current_setting('clinic.scope', true);
    report jsonb;
BEGIN
    IF NOT clinic_in_scope(clinic) OR NOT EXISTS (SELECT 1 FROM clinics WHERE id = clinic) THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('clinic.scope', '*', true);
    SELECT jsonb_build_object(
        'clinicId', c.id, 'clinicName', c.name, 'month', to_char(date_trunc('month', month), 'YYYY-MM'),
        'sessions', report_sessions(clinic, month),
        'doctors', report_doctors(clinic, month),
        'consultations', report_consultations(clinic, month),
        'appointments', report_appointments(clinic, month),
        'elderly', report_elderly(clinic, month),
        'chronic', report_chronic(clinic, month),
        'outreach', report_outreach(clinic, month))
    INTO report
    FROM clinics c WHERE c.id = clinic;
    PERFORM set_config('clinic.scope', coalesce(caller_scope, ''), true);
    RETURN report;
END
$$;

-- Submitted months ------------------------------------------------------------------------------------------------------
-- A month's figures as the clinic's admin submitted them to the county: frozen (the server's role may insert and
-- read, never change or delete), so later corrections to the data change the live figures only.
CREATE TABLE report_submissions (
    clinic_id         uuid NOT NULL REFERENCES clinics (id),
    month             date NOT NULL CHECK (month = date_trunc('month', month)::date),
    figures           jsonb NOT NULL CHECK (jsonb_typeof(figures) = 'object'),
    submitted_at      timestamptz NOT NULL DEFAULT now(),
    submitted_by      uuid NOT NULL REFERENCES users (id),
    submitted_by_name text NOT NULL,
    PRIMARY KEY (clinic_id, month)
);
ALTER TABLE report_submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_submissions FORCE ROW LEVEL SECURITY;
CREATE POLICY report_submissions_clinic ON report_submissions
    USING (clinic_in_scope(clinic_id)) WITH CHECK (clinic_in_scope(clinic_id));
GRANT SELECT, INSERT ON report_submissions TO clinic_app;

-- A clinic's consultations and assessments by time (the rota and the appointments have such indexes since 0014).
CREATE INDEX consultations_clinic_started ON consultations (clinic_id, started_at);
CREATE INDEX assessments_clinic_taken ON assessments (clinic_id, taken_at);
