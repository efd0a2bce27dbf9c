-- Run once by the postgres image, as its superuser, when the data volume is new (docker-compose.yml).
--
-- The server does not use the superuser: `clinic` owns the database and its tables (migrations, seed,
-- create-user) without being superuser or allowed to create roles, and the server's requests act as
-- `clinic_app` (see migration 0011), made here because `clinic` may not make it.
CREATE ROLE clinic LOGIN PASSWORD 'clinic' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE clinic_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
GRANT clinic_app TO clinic;
CREATE DATABASE clinic OWNER clinic;

-- Resident search under row-level security needs LIKE and ILIKE marked leakproof, which only a superuser may do
-- (migrations/0022_search_under_row_security.sql says why).
\connect clinic
ALTER FUNCTION textlike(text, text) LEAKPROOF;
ALTER FUNCTION texticlike(text, text) LEAKPROOF;
