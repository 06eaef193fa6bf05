-- The tenant list at 100,000 tenants (TenantRepository::list): every filter the console offers
-- in one GIN index, so any combination of them is one index scan; and a btree for every sort
-- (each with the id as tie-breaker, so a keyset cursor starts inside the index). A page is then
-- either a short walk of the sort index (many matches) or the few matches fetched through the
-- filter index and sorted.

-- Equality on plain columns inside a GIN index (trusted contrib extension, like pg_trgm).
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- A copy of placements.model, so that filtering by isolation needs no join: with the join the
-- planner hashes the whole placements table for a filter most tenants pass ("shared"). Kept by
-- the trigger below; placements stays the truth.
ALTER TABLE tenants ADD COLUMN isolation_model text NOT NULL DEFAULT 'shared'
    CHECK (isolation_model IN ('shared', 'schema', 'database'));
UPDATE tenants t SET isolation_model = p.model FROM placements p WHERE p.tenant_id = t.id AND t.isolation_model <> p.model;

CREATE FUNCTION portico_copy_isolation_model() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tenants SET isolation_model = NEW.model WHERE id = NEW.tenant_id AND isolation_model <> NEW.model;
    RETURN NULL;
END $$;
CREATE TRIGGER placements_copy_model AFTER INSERT OR UPDATE OF model, tenant_id ON placements
    FOR EACH ROW EXECUTE FUNCTION portico_copy_isolation_model();

-- Filters and the substring search together (q of three characters or more: trigrams).
CREATE INDEX tenants_list_filter ON tenants USING gin (state, plan, region, isolation_model, (lower(name) || ' ' || slug) gin_trgm_ops);
DROP INDEX tenants_search_trgm; -- its expression is the last column above
DROP INDEX tenants_state_plan;  -- the GIN index serves both, together or apart

-- q of one or two characters matches the start of the name or slug (too short for a trigram);
-- pattern_ops because LIKE 'ab%' cannot use an index in the database's collation.
CREATE INDEX tenants_name_prefix ON tenants (lower(name) text_pattern_ops);
CREATE INDEX tenants_slug_prefix ON tenants (slug text_pattern_ops);

-- Sorts: name (tenants_name_id) and created_at (tenants_created_id) have theirs since 001.
CREATE INDEX tenants_slug_id ON tenants (slug, id);
CREATE INDEX tenants_state_id ON tenants (state, id);
CREATE INDEX tenants_plan_id ON tenants (plan, id);
