-- Alerts can be acknowledged and resolved: the state, and for each transition who made it, when
-- and why. Who is the operator's email, as the audit log names actors.
ALTER TABLE alerts
    ADD COLUMN state               text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
    ADD COLUMN acknowledged_at     timestamptz,
    ADD COLUMN acknowledged_by     text,
    ADD COLUMN acknowledged_reason text,
    ADD COLUMN resolved_at         timestamptz,
    ADD COLUMN resolved_by         text,
    ADD COLUMN resolved_reason     text;
-- A state always comes with its who and when; an alert resolved straight from open has no acknowledgement.
ALTER TABLE alerts ADD CONSTRAINT alerts_state_fields CHECK (
    (acknowledged_at IS NULL) = (acknowledged_by IS NULL)
    AND (resolved_at IS NULL) = (resolved_by IS NULL)
    AND CASE state
        WHEN 'open' THEN acknowledged_at IS NULL AND resolved_at IS NULL
        WHEN 'acknowledged' THEN acknowledged_at IS NOT NULL AND resolved_at IS NULL
        ELSE resolved_at IS NOT NULL
    END);
CREATE INDEX alerts_state_at ON alerts (state, at DESC, id DESC);
-- The data role may change the state columns only: what was raised stays as it was raised.
GRANT UPDATE (state, acknowledged_at, acknowledged_by, acknowledged_reason, resolved_at, resolved_by, resolved_reason)
    ON alerts TO portico_app;
