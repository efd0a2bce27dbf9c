-- Bench fixtures for bench/booking-throughput.sh and scripts/restart-under-load.sh: one bench doctor and assignment, :residents residents and
-- capacity-1 on-site slots with ids derived from an integer k, so pgbench (\set integers) and wrk (Lua) can both
-- name a slot and a resident without a lookup the server does not do.
--   slot k      00000000-0000-4000-8000-<k as 12 hex digits>, starting at base + k * 15 minutes
--   resident r  00000000-0000-4000-9000-<r as 12 hex digits>, r = k % :residents + 1
-- A resident's slots are :residents * 15 minutes apart, so no two of its bookings overlap.
-- Everything is in the install's first clinic (bench_clinic()); this runs with every clinic in scope.
\set ON_ERROR_STOP on
SET clinic.scope = '*';
CREATE OR REPLACE FUNCTION bench_clinic() RETURNS uuid LANGUAGE sql STABLE
    RETURN (SELECT id FROM clinics ORDER BY created_at, id LIMIT 1);
CREATE OR REPLACE FUNCTION bench_id(prefix text, k bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
    RETURN (prefix || lpad(to_hex(k), 12, '0'))::uuid;

INSERT INTO doctors (id, clinic_id, name, institution, languages, modes)
VALUES ('00000000-0000-4000-a000-000000000001', bench_clinic(), 'Dr Bench', 'Bench hospital', '{bo}', '{onsite}');
INSERT INTO rota_assignments (id, clinic_id, date, session, doctor_id, modes, starts_at, ends_at)
VALUES ('00000000-0000-4000-a000-000000000002', bench_clinic(), DATE '2030-01-01', 'bench', '00000000-0000-4000-a000-000000000001',
        '{onsite}', TIMESTAMPTZ '2030-01-01 00:00+00', TIMESTAMPTZ '2200-01-01 00:00+00');

-- With a phone, as most residents have: each booking's notice is then a pending one the delivery job will send.
INSERT INTO residents (id, clinic_id, name_latin, sex, birth_date, phone)
SELECT bench_id('00000000-0000-4000-9000-', r), bench_clinic(), 'Bench resident ' || r, 'female', DATE '1950-01-01',
       '139' || lpad(r::text, 8, '0')
FROM generate_series(1, :residents) AS r;

VACUUM ANALYZE residents;
