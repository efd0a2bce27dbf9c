-- Login throttling per (user name, address), and one spelling of user names (issue 16).
--
-- Counters were kept per user name and per address text. The address text held the client's port, so every new
-- connection had a budget of its own; and the per-name counter was shared by every address, so anyone could
-- keep any account locked. Now (see LoginThrottle.swift):
--   'user_address'  failures for one name from one address (the host, an IPv6 /64): what one guesser gets;
--   'address'       failures from one address over all names;
--   'user'          failures for one name over the addresses it has not signed in from: a much higher ceiling,
--                   whose window doubles (strikes) each time it ends full;
--   'known'         an address the name signed in from (window_start: when last); the ceiling does not hold it.
-- The old counters mean something else now and are only counters: they are dropped.
DELETE FROM login_throttle;
ALTER TABLE login_throttle DROP CONSTRAINT login_throttle_kind_check;
ALTER TABLE login_throttle
    ADD CONSTRAINT login_throttle_kind_check CHECK (kind IN ('user', 'address', 'user_address', 'known')),
    ADD COLUMN strikes integer NOT NULL DEFAULT 0 CHECK (strikes >= 0);

-- Which account a typed name means is decided by one lower-casing, of A-Z only (Username.canonical in Swift,
-- lower(... COLLATE "C") here): with the database's locale, lower('admİn') is 'admin' while the application's
-- lower-casing keeps the İ, and the throttle counted one name while the lookup checked another. Names are ASCII
-- (the CHECK on users), so this index holds the same names unique as the one it replaces.
DROP INDEX users_username_lower;
CREATE UNIQUE INDEX users_username_ascii_lower ON users (lower(username COLLATE "C"));
