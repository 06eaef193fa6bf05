-- Tenant data in the shared pool. Every table leads its primary key with tenant_id (Citus-ready),
-- has row-level security ENABLED and FORCED, and one policy that compares tenant_id with the
-- transaction-local setting portico.tenant_id. Without the setting the policy matches nothing.

CREATE FUNCTION portico_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('portico.tenant_id', true), '')::uuid $$;

CREATE TABLE members (
    tenant_id    uuid NOT NULL,
    id           uuid NOT NULL,
    email        text NOT NULL CHECK (email = lower(email)),
    display_name text NOT NULL,
    role         text NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, email)
);

CREATE TABLE documents (
    tenant_id   uuid NOT NULL,
    id          uuid NOT NULL,
    collection  text NOT NULL,
    key         text NOT NULL,
    body        jsonb NOT NULL,
    size_bytes  int NOT NULL,
    version     int NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, collection, key)
);

CREATE TABLE tenant_settings (
    tenant_id   uuid NOT NULL,
    key         text NOT NULL,
    value       jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['members', 'documents', 'tenant_settings'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = portico_current_tenant()) '
                       'WITH CHECK (tenant_id = portico_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO portico_app', t);
    END LOOP;
END $$;
