-- A version of everything the tenant list shows (tenants and placements), bumped by the writing
-- statement in its own transaction: a server may keep a page it built under version v and serve
-- it again while the version still reads v, since any committed change to a listed row has moved
-- it (the bump commits with the change, under the row's lock, so no reader sees one without the
-- other). Writes to tenants are rare (provisioning, state and plan changes), so one row serialising
-- them costs nothing noticeable; reads never wait for it.
CREATE TABLE tenant_list_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL
);
INSERT INTO tenant_list_version VALUES (true, 1);

-- Security definer: the data role may read the version but not set it.
CREATE FUNCTION portico_bump_tenant_list_version() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE public.tenant_list_version SET version = version + 1;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION portico_bump_tenant_list_version() FROM PUBLIC;

CREATE TRIGGER tenants_list_version AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION portico_bump_tenant_list_version();
CREATE TRIGGER tenants_list_version_truncate AFTER TRUNCATE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION portico_bump_tenant_list_version();
CREATE TRIGGER placements_list_version AFTER INSERT OR UPDATE OR DELETE ON placements
    FOR EACH STATEMENT EXECUTE FUNCTION portico_bump_tenant_list_version();
CREATE TRIGGER placements_list_version_truncate AFTER TRUNCATE ON placements
    FOR EACH STATEMENT EXECUTE FUNCTION portico_bump_tenant_list_version();

GRANT SELECT ON tenant_list_version TO portico_app;
