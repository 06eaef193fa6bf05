-- A top filtered to a plan, as ranked lists of that plan alone (issue 12). 016's lists are per
-- bucket: a top of plan=free walked each day's list past every tenant of the other plans (who
-- rank above the free ones) before it found 64 free tenants, 650-1,200 ms at 200,000 tenants.
-- Each daily and monthly rollup now carries the plan its tenant counts under (the tenant's current
-- plan, '' without a tenants row: what the fleet rollups use), and an index orders each bucket's
-- rollups by quantity within a plan, so a plan's list is one index range.
--
-- The plan column is kept in the transaction that changes it: a rollup made takes its tenant's
-- plan (portico_usage_apply passes it; any other writer leaves it out and a trigger fills it), and
-- a plan change (portico_usage_fleet_replan, which moves the fleet rollups already) sets it on all
-- the tenant's rollups, which also raises the versions of the fleet rollups of those days, so
-- figures kept against them (usage_fleet_cache, usage_closed_sets) are made again.
--
-- The fill rewrites both tables once (ALTER COLUMN ... TYPE ... USING): no dead row per row, no
-- row triggers, and the indexes rebuilt in bulk; the tables are locked meanwhile (flushes wait).
-- At 200,320 tenants (3.8 M daily rows, 1.5 M monthly) it took about 40 s; see ARCHITECTURE.md.

CREATE FUNCTION portico_usage_plan_of(t uuid) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT coalesce((SELECT plan FROM tenants WHERE id = t), '') $$;

ALTER TABLE usage_daily ADD COLUMN plan text;
ALTER TABLE usage_daily ALTER COLUMN plan TYPE text USING portico_usage_plan_of(tenant_id), ALTER COLUMN plan SET NOT NULL;
ALTER TABLE usage_monthly ADD COLUMN plan text;
ALTER TABLE usage_monthly ALTER COLUMN plan TYPE text USING portico_usage_plan_of(tenant_id), ALTER COLUMN plan SET NOT NULL;

CREATE INDEX usage_daily_metric_day_plan ON usage_daily (metric, day, plan, quantity DESC, tenant_id);
CREATE INDEX usage_monthly_metric_month_plan ON usage_monthly (metric, month, plan, quantity DESC, tenant_id);

-- A writer that leaves the plan out (a seal's correction, a seeder, an operator) gets the tenant's.
CREATE FUNCTION portico_usage_plan_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.plan := portico_usage_plan_of(NEW.tenant_id);
    RETURN NEW;
END $$;
CREATE TRIGGER usage_daily_plan_fill BEFORE INSERT ON usage_daily
    FOR EACH ROW WHEN (NEW.plan IS NULL) EXECUTE FUNCTION portico_usage_plan_fill();
CREATE TRIGGER usage_monthly_plan_fill BEFORE INSERT ON usage_monthly
    FOR EACH ROW WHEN (NEW.plan IS NULL) EXECUTE FUNCTION portico_usage_plan_fill();

-- As in 014, with the plan of each rollup made (joined once per statement, not a trigger per row).
CREATE OR REPLACE FUNCTION portico_usage_apply(t uuid[], m text[], d date[], q bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- In key order: two instances flushing the same keys then wait on each other, never deadlock.
    INSERT INTO usage_daily AS r (tenant_id, metric, day, quantity, plan)
    SELECT x.t, x.m, x.d, x.q, coalesce(tn.plan, '') FROM unnest(t, m, d, q) AS x(t, m, d, q)
    JOIN usage_metrics um ON um.name = x.m AND um.kind = 'counter' LEFT JOIN tenants tn ON tn.id = x.t ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, metric, day) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity;

    INSERT INTO usage_monthly AS r (tenant_id, metric, month, quantity, plan)
    SELECT y.t, y.m, y.mo, y.q, coalesce(tn.plan, '') FROM (
        SELECT x.t, x.m, date_trunc('month', x.d::timestamp)::date AS mo, sum(x.q) AS q FROM unnest(t, m, d, q) AS x(t, m, d, q)
        JOIN usage_metrics um ON um.name = x.m AND um.kind = 'counter' GROUP BY 1, 2, 3) y
    LEFT JOIN tenants tn ON tn.id = y.t ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, metric, month) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity;

    INSERT INTO usage_daily AS r (tenant_id, metric, day, quantity, plan)
    SELECT k.t, k.m, k.d, coalesce((SELECT max(s) FROM (SELECT sum(h.quantity) AS s FROM usage_hourly h
                                    WHERE h.tenant_id = k.t AND h.metric = k.m
                                      AND h.hour >= k.d::timestamp AT TIME ZONE 'UTC' AND h.hour < (k.d + 1)::timestamp AT TIME ZONE 'UTC'
                                    GROUP BY h.hour) s), 0), coalesce(tn.plan, '')
    FROM (SELECT DISTINCT x.t, x.m, x.d FROM unnest(t, m, d) AS x(t, m, d)
          JOIN usage_metrics um ON um.name = x.m AND um.kind = 'gauge') k LEFT JOIN tenants tn ON tn.id = k.t ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, metric, day) DO UPDATE SET quantity = EXCLUDED.quantity;

    INSERT INTO usage_monthly AS r (tenant_id, metric, month, quantity, plan)
    SELECT k.t, k.m, k.mo, (SELECT coalesce(max(dd.quantity), 0) FROM usage_daily dd WHERE dd.tenant_id = k.t AND dd.metric = k.m
                                   AND dd.day >= k.mo AND dd.day < (k.mo + interval '1 month')::date), coalesce(tn.plan, '')
    FROM (SELECT DISTINCT x.t, x.m, date_trunc('month', x.d::timestamp)::date AS mo FROM unnest(t, m, d) AS x(t, m, d)
          JOIN usage_metrics um ON um.name = x.m AND um.kind = 'gauge') k LEFT JOIN tenants tn ON tn.id = k.t ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, metric, month) DO UPDATE SET quantity = EXCLUDED.quantity;
END $$;

-- As in 016, and the tenant's rollups take the plan they now count under. Setting it fires the
-- rollups' update triggers with no change of quantity: the fleet rollups of those days get no
-- other change than a higher version (the move itself is done here, above).
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
    UPDATE usage_daily SET plan = now_plan WHERE tenant_id = tid AND plan <> now_plan;
    UPDATE usage_monthly SET plan = now_plan WHERE tenant_id = tid AND plan <> now_plan;
    UPDATE usage_tenant_last SET plan = now_plan WHERE tenant_id = tid;
    RETURN NULL;
END $$;

ANALYZE usage_daily;
ANALYZE usage_monthly;
