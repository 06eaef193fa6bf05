-- Tenant- and user-layer configuration values and their history, in the tenant's placement.
-- tenant_settings (001) holds the tenant layer; it gains a version and who changed it last.

ALTER TABLE tenant_settings ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE tenant_settings ADD COLUMN updated_by text NOT NULL DEFAULT '';

CREATE TABLE user_settings (
    tenant_id   uuid NOT NULL,
    user_id     text NOT NULL,
    key         text NOT NULL,
    value       jsonb NOT NULL,
    version     int NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, user_id, key)
);

-- Every write of a tenant or user value: who, when, why, before and after (null = not set).
CREATE TABLE config_history (
    tenant_id   uuid NOT NULL,
    id          uuid NOT NULL,
    key         text NOT NULL,
    layer       text NOT NULL CHECK (layer IN ('tenant', 'user')),
    user_id     text NOT NULL DEFAULT '',
    version     int NOT NULL,
    before      jsonb,
    after       jsonb,
    actor       text NOT NULL,
    reason      text NOT NULL DEFAULT '',
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX config_history_key ON config_history (tenant_id, key, at DESC);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['user_settings', 'config_history'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = public.portico_current_tenant()) '
                       'WITH CHECK (tenant_id = public.portico_current_tenant())', t);
    END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_settings TO portico_app;
GRANT SELECT, INSERT ON config_history TO portico_app;
