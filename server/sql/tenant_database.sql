-- Once per database that holds tenant data (each cluster's pool database, each tenant database),
-- as the owner. The tenant context is a transaction-local setting; without it the function is
-- NULL and every policy matches nothing.
CREATE OR REPLACE FUNCTION public.portico_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('portico.tenant_id', true), '')::uuid $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO portico_app;
