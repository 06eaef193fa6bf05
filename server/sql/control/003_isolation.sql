-- Alerts raised by the isolation monitor and other guards; operators read them through the API.
CREATE TABLE alerts (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    severity    text NOT NULL CHECK (severity IN ('critical', 'high', 'warning', 'info')),
    kind        text NOT NULL,
    tenant_id   uuid,
    detail      text NOT NULL,
    request_id  text
);
CREATE INDEX alerts_at ON alerts (at DESC, id);
GRANT SELECT, INSERT ON alerts TO portico_app;
