-- The audit log keeps the id the server gave each request beside request_id, which is the client's own
-- X-Request-Id when the server accepts it (at most 128 plain characters), so a client cannot make its accesses
-- look like another's or hide them behind a reused id. Nullable: rows written before this migration have none.
-- Adding a column fires no row triggers and leaves the append-only guards as they are.
ALTER TABLE audit_log ADD COLUMN server_request_id text CHECK (length(server_request_id) <= 200);
