-- Usage at fleet scale, what the fleet views no longer compute per request (issue 12). Before,
-- top and by_plan grouped every tenant's value at request time (ranking, each plan's median,
-- distinct tenant counts over several buckets). Now:
--   * the rollups' fleet indexes are ordered by quantity within a bucket, so the top of a bucket
--     is the front of an index, and the top of several buckets a threshold scan over their fronts;
--   * the fleet rollups carry a version, raised by every change of them, so a figure computed
--     over whole buckets (a plan's median, distinct tenants over several buckets) can be kept in
--     usage_fleet_cache with the versions it was computed at, and is used only while they hold;
--   * each (tenant, metric) has its last day with a daily rollup, under the tenant's plan, so
--     the distinct tenants of a range of days that runs to the latest day are one index count.
-- Every figure is still what the hourly rows give: the cache is checked against the versions in
-- the snapshot that reads it, and usage_tenant_last is kept by triggers in the transaction that
-- changes usage_daily or a tenant's plan.

-- The fleet indexes, ordered for ranking (they still serve the range scans they served).
DROP INDEX usage_daily_metric_day;
CREATE INDEX usage_daily_metric_day ON usage_daily (metric, day, quantity DESC, tenant_id);
DROP INDEX usage_monthly_metric_month;
CREATE INDEX usage_monthly_metric_month ON usage_monthly (metric, month, quantity DESC, tenant_id);

ALTER TABLE usage_fleet_daily ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE usage_fleet_monthly ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- As in 014, and each row changed gets a higher version.
CREATE OR REPLACE FUNCTION portico_usage_fleet_apply(grain text, t uuid[], m text[], b date[], q bigint[], n bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF grain = 'day' THEN
        INSERT INTO usage_fleet_daily AS r (metric, day, plan, quantity, tenants)
        SELECT x.m, x.b, coalesce(tn.plan, ''), sum(x.q), sum(x.n) FROM unnest(t, m, b, q, n) AS x(t, m, b, q, n)
        LEFT JOIN tenants tn ON tn.id = x.t GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (metric, day, plan) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity, tenants = r.tenants + EXCLUDED.tenants,
                                                      version = r.version + 1;
    ELSE
        INSERT INTO usage_fleet_monthly AS r (metric, month, plan, quantity, tenants)
        SELECT x.m, x.b, coalesce(tn.plan, ''), sum(x.q), sum(x.n) FROM unnest(t, m, b, q, n) AS x(t, m, b, q, n)
        LEFT JOIN tenants tn ON tn.id = x.t GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (metric, month, plan) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity, tenants = r.tenants + EXCLUDED.tenants,
                                                        version = r.version + 1;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION portico_usage_fleet_replan() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    tid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
    was text := CASE WHEN TG_OP = 'INSERT' THEN '' ELSE OLD.plan::text END;
    now_plan text := CASE WHEN TG_OP = 'DELETE' THEN '' ELSE NEW.plan::text END;
BEGIN
    IF was = now_plan THEN
        RETURN NULL;
    END IF;
    INSERT INTO usage_fleet_daily AS r (metric, day, plan, quantity, tenants)
    SELECT d.metric, d.day, p.plan, p.sign * d.quantity, p.sign FROM usage_daily d,
           (VALUES (was, -1::bigint), (now_plan, 1::bigint)) AS p(plan, sign) WHERE d.tenant_id = tid ORDER BY 1, 2, 3
    ON CONFLICT (metric, day, plan) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity, tenants = r.tenants + EXCLUDED.tenants,
                                                  version = r.version + 1;
    INSERT INTO usage_fleet_monthly AS r (metric, month, plan, quantity, tenants)
    SELECT d.metric, d.month, p.plan, p.sign * d.quantity, p.sign FROM usage_monthly d,
           (VALUES (was, -1::bigint), (now_plan, 1::bigint)) AS p(plan, sign) WHERE d.tenant_id = tid ORDER BY 1, 2, 3
    ON CONFLICT (metric, month, plan) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity, tenants = r.tenants + EXCLUDED.tenants,
                                                    version = r.version + 1;
    UPDATE usage_tenant_last SET plan = now_plan WHERE tenant_id = tid;
    RETURN NULL;
END $$;

-- Figures over whole buckets, each with the versions of the fleet rollups it was computed from
-- (and, for medians, how many tenants each plan has: those without usage count as 0). A reader
-- uses a figure only when its snapshot gives the same fingerprint; anyone may replace a figure.
-- The sealer drops figures older than a day.
CREATE TABLE usage_fleet_cache (
    key         text PRIMARY KEY,
    fingerprint text NOT NULL,
    value       text NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now()
);

-- The last day each (tenant, metric) has a daily rollup of, under the tenant's current plan ('':
-- no tenants row). A range of days with no rollup after it has as many distinct tenants as have
-- their last day in it or after its start.
CREATE TABLE usage_tenant_last (
    tenant_id uuid NOT NULL,
    metric    text NOT NULL,
    plan      text NOT NULL,
    day       date NOT NULL,
    PRIMARY KEY (tenant_id, metric)
);
CREATE INDEX usage_tenant_last_metric_plan_day ON usage_tenant_last (metric, plan, day);

-- Days added move a last day forward (the first flush of a tenant's day; later flushes update
-- the row and fire nothing here).
CREATE FUNCTION portico_usage_last_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO usage_tenant_last AS r (tenant_id, metric, plan, day)
    SELECT n.tenant_id, n.metric, coalesce(min(t.plan), ''), max(n.day) FROM new_rows n LEFT JOIN tenants t ON t.id = n.tenant_id
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (tenant_id, metric) DO UPDATE SET day = EXCLUDED.day WHERE r.day < EXCLUDED.day;
    RETURN NULL;
END $$;

-- Days removed (no writer of the service removes any): the last day of each pair touched again.
CREATE FUNCTION portico_usage_last_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH k AS (SELECT DISTINCT tenant_id, metric FROM old_rows),
    x AS (SELECT k.tenant_id, k.metric, (SELECT max(d.day) FROM usage_daily d WHERE d.tenant_id = k.tenant_id AND d.metric = k.metric) AS day FROM k),
    gone AS (DELETE FROM usage_tenant_last r USING x WHERE r.tenant_id = x.tenant_id AND r.metric = x.metric AND x.day IS NULL)
    UPDATE usage_tenant_last r SET day = x.day FROM x WHERE r.tenant_id = x.tenant_id AND r.metric = x.metric AND r.day <> x.day;
    RETURN NULL;
END $$;

-- A key of usage_daily rewritten (nothing in the service does): all of it again.
CREATE FUNCTION portico_usage_last_rebuild() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM usage_tenant_last;
    INSERT INTO usage_tenant_last (tenant_id, metric, plan, day)
    SELECT d.tenant_id, d.metric, coalesce(min(t.plan), ''), max(d.day) FROM usage_daily d LEFT JOIN tenants t ON t.id = d.tenant_id GROUP BY 1, 2;
    RETURN NULL;
END $$;

CREATE TRIGGER usage_daily_last_insert AFTER INSERT ON usage_daily
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_last_insert();
CREATE TRIGGER usage_daily_last_delete AFTER DELETE ON usage_daily
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_last_delete();
CREATE TRIGGER usage_daily_last_rekey AFTER UPDATE OF tenant_id, metric, day ON usage_daily
    FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_last_rebuild();
CREATE TRIGGER usage_daily_last_truncate AFTER TRUNCATE ON usage_daily
    FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_last_rebuild();

INSERT INTO usage_tenant_last (tenant_id, metric, plan, day)
SELECT d.tenant_id, d.metric, coalesce(min(t.plan), ''), max(d.day) FROM usage_daily d LEFT JOIN tenants t ON t.id = d.tenant_id GROUP BY 1, 2;

GRANT SELECT, INSERT, UPDATE, DELETE ON usage_fleet_cache TO portico_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON usage_tenant_last TO portico_app;
ANALYZE usage_tenant_last;
