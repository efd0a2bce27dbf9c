-- Capacity-1 bench slots k = :first .. :last (see bench-fixtures.sql for the ids and times).
\set ON_ERROR_STOP on
SET clinic.scope = '*';
INSERT INTO slots (id, clinic_id, assignment_id, doctor_id, date, session, mode, starts_at, ends_at, capacity)
SELECT bench_id('00000000-0000-4000-8000-', k), bench_clinic(), '00000000-0000-4000-a000-000000000002',
       '00000000-0000-4000-a000-000000000001', DATE '2030-01-01' + (k / 96)::int, 'bench', 'onsite',
       TIMESTAMPTZ '2030-01-01 00:00+00' + k * interval '15 minutes',
       TIMESTAMPTZ '2030-01-01 00:00+00' + k * interval '15 minutes' + interval '15 minutes', 1
FROM generate_series(:first::bigint, :last::bigint) AS k;
VACUUM ANALYZE slots;
