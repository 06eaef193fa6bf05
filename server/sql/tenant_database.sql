-- Once per database that holds tenant data (each cluster's pool database, each tenant database),
-- as the owner. The tenant context is a transaction-local setting; without it the function is
-- NULL and every policy matches nothing.
CREATE OR REPLACE FUNCTION public.portico_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('portico.tenant_id', true), '')::uuid $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO portico_app;

-- Run first in every tenant session: refuses (SQLSTATE PT001) a session that is not in the
-- tenant's placement or has no tenant context, so a statement in the same transaction never runs
-- in the wrong place.
CREATE OR REPLACE FUNCTION public.portico_assert_placement(expected_database text, expected_schema text, expected_tenant uuid)
    RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF current_database() IS DISTINCT FROM expected_database OR current_schema() IS DISTINCT FROM expected_schema
       OR public.portico_current_tenant() IS DISTINCT FROM expected_tenant THEN
        RAISE EXCEPTION 'tenant session outside its placement: in %.% with tenant %, expected %.% for %',
            current_database(), coalesce(current_schema(), '(no schema)'), coalesce(public.portico_current_tenant()::text, '(none)'),
            expected_database, expected_schema, expected_tenant
            USING ERRCODE = 'PT001';
    END IF;
    RETURN true;
END $$;
