-- Tenant tables, applied to every placement: the shared pool's public schema, each t_<id> schema,
-- each tenant database. Names are unqualified: the runner sets search_path to the target schema.
-- tenant_id leads every primary key (Citus-ready) and row-level security is enabled and forced in
-- every placement: the shared pool depends on it, schemas and databases get it as a second wall.

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
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = public.portico_current_tenant()) '
                       'WITH CHECK (tenant_id = public.portico_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO portico_app', t);
    END LOOP;
END $$;
