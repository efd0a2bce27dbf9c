-- A session a doctor no longer holds (a swap or cover gave it to another doctor) stays in their calendar feed as
-- STATUS:CANCELLED under the same UID, rather than vanishing and leaving a stale event on their phone. One row per
-- assignment and former doctor; handing it back removes the row. No clinic data of its own: the assignment is the
-- clinic's row (under row-level security), and the feed reads it through that.
CREATE TABLE rota_handovers (
    assignment_id  uuid NOT NULL REFERENCES rota_assignments (id) ON DELETE CASCADE,
    doctor_id      uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    handed_over_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assignment_id, doctor_id)
);
CREATE INDEX rota_handovers_doctor ON rota_handovers (doctor_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON rota_handovers TO clinic_app;
