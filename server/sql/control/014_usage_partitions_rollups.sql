-- Usage at fleet scale. usage_hourly is partitioned by month so that retention drops whole months
-- (DROP TABLE, no row-by-row DELETE, no bloat, no vacuum debt), and each (tenant, metric) has daily
-- and monthly rollups, so that fleet, top-consumer and long-series queries read one row per day or
-- month instead of one per hour and route class. The rollups are kept by statement triggers on
-- usage_hourly: whichever statement changes hourly rows (the flush, events, gauges, seeders, an
-- operator's correction) changes the rollups in the same transaction, so they cannot drift. The
-- sealer checks them again against the hourly rows of each day it seals.
-- Rollups drop route_class: no query of them needs it, and the sealed digest stays over hourly rows.

ALTER TABLE usage_hourly RENAME TO usage_hourly_unpartitioned;
ALTER INDEX usage_hourly_pkey RENAME TO usage_hourly_unpartitioned_pkey;
ALTER INDEX usage_hourly_metric_hour RENAME TO usage_hourly_unpartitioned_metric_hour;

CREATE TABLE usage_hourly (
    tenant_id   uuid NOT NULL,
    metric      text NOT NULL REFERENCES usage_metrics (name),
    hour        timestamptz NOT NULL,
    route_class text NOT NULL DEFAULT '',
    quantity    bigint NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (tenant_id, metric, hour, route_class)
) PARTITION BY RANGE (hour);
CREATE INDEX usage_hourly_metric_hour ON usage_hourly (metric, hour);
-- Catches an hour no month partition holds yet (a clock far ahead, a partition job that has not
-- run) instead of failing the flush; portico_usage_add_partition moves such rows out.
CREATE TABLE usage_hourly_default PARTITION OF usage_hourly DEFAULT;

CREATE TABLE usage_daily (
    tenant_id uuid NOT NULL,
    metric    text NOT NULL,
    day       date NOT NULL,             -- UTC
    quantity  bigint NOT NULL,           -- a counter's sum, a gauge's highest hourly value
    PRIMARY KEY (tenant_id, metric, day)
);
-- Fleet queries read one metric over a range of days for every tenant: index-only.
CREATE INDEX usage_daily_metric_day ON usage_daily (metric, day) INCLUDE (tenant_id, quantity);

CREATE TABLE usage_monthly (
    tenant_id uuid NOT NULL,
    metric    text NOT NULL,
    month     date NOT NULL,             -- the month's first day, UTC
    quantity  bigint NOT NULL,
    PRIMARY KEY (tenant_id, metric, month)
);
CREATE INDEX usage_monthly_metric_month ON usage_monthly (metric, month) INCLUDE (tenant_id, quantity);

-- Creates the partition of the month holding m (if absent) and returns its name, or NULL when it
-- existed. Rows of that month already in the default partition move into it. Runs as the owner:
-- the application role may not create tables.
CREATE FUNCTION portico_usage_add_partition(m date) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    lo timestamptz := date_trunc('month', m::timestamp) AT TIME ZONE 'UTC';
    hi timestamptz := (date_trunc('month', m::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
    part text := 'usage_hourly_p' || to_char(m, 'YYYYMM');
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    -- Two instances may make next month's partition at the same moment.
    PERFORM pg_advisory_xact_lock(hashtext('portico usage_hourly partitions'));
    IF to_regclass(part) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE usage_hourly INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    -- Straight into the partitions, not through usage_hourly: the rows only change place, so the
    -- rollup triggers (on usage_hourly) must not count them again.
    EXECUTE format('WITH moved AS (DELETE FROM usage_hourly_default WHERE hour >= $1 AND hour < $2 RETURNING *) '
                   'INSERT INTO %I SELECT * FROM moved', part) USING lo, hi;
    EXECUTE format('ALTER TABLE usage_hourly ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    RETURN part;
END $$;

-- The partitions of the month holding at_time and of the `ahead` months after it, and of any month
-- the default partition has rows of (which moves them there); returns those made.
CREATE FUNCTION portico_usage_ensure_partitions(at_time timestamptz, ahead int) RETURNS SETOF text
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p FROM (
        SELECT portico_usage_add_partition(mo) AS p FROM (
            SELECT (date_trunc('month', at_time AT TIME ZONE 'UTC') + make_interval(months => i))::date AS mo FROM generate_series(0, ahead) i
            UNION SELECT DISTINCT date_trunc('month', hour AT TIME ZONE 'UTC')::date FROM usage_hourly_default) months ORDER BY mo) x
    WHERE p IS NOT NULL;
$$;

-- Retention: drops every month partition that ends on or before `keep_from` (a month's first
-- day) and returns the names dropped. Rollups are not touched: they outlive the hourly rows.
CREATE FUNCTION portico_usage_drop_partitions_before(keep_from date) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    part text;
BEGIN
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'usage_hourly'::regclass AND c.relname ~ '^usage_hourly_p[0-9]{6}$'
          AND to_date(substr(c.relname, 15), 'YYYYMM') + interval '1 month' <= keep_from
        ORDER BY c.relname
    LOOP
        EXECUTE format('DROP TABLE %I', part);
        RETURN NEXT part;
    END LOOP;
END $$;

-- Applies changes of hourly quantities, summed per (tenant, metric, UTC day), to the rollups.
-- Counters add the change; gauges (whose hourly value is replaced, not added to) are recomputed
-- for the days and months touched, a few dozen rows each.
CREATE FUNCTION portico_usage_apply(t uuid[], m text[], d date[], q bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- In key order: two instances flushing the same keys then wait on each other, never deadlock.
    INSERT INTO usage_daily AS r (tenant_id, metric, day, quantity)
    SELECT x.t, x.m, x.d, x.q FROM unnest(t, m, d, q) AS x(t, m, d, q)
    JOIN usage_metrics um ON um.name = x.m AND um.kind = 'counter' ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, metric, day) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity;

    INSERT INTO usage_monthly AS r (tenant_id, metric, month, quantity)
    SELECT x.t, x.m, date_trunc('month', x.d::timestamp)::date, sum(x.q) FROM unnest(t, m, d, q) AS x(t, m, d, q)
    JOIN usage_metrics um ON um.name = x.m AND um.kind = 'counter' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, metric, month) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity;

    INSERT INTO usage_daily AS r (tenant_id, metric, day, quantity)
    SELECT k.t, k.m, k.d, coalesce((SELECT max(s) FROM (SELECT sum(h.quantity) AS s FROM usage_hourly h
                                    WHERE h.tenant_id = k.t AND h.metric = k.m
                                      AND h.hour >= k.d::timestamp AT TIME ZONE 'UTC' AND h.hour < (k.d + 1)::timestamp AT TIME ZONE 'UTC'
                                    GROUP BY h.hour) s), 0)
    FROM (SELECT DISTINCT x.t, x.m, x.d FROM unnest(t, m, d) AS x(t, m, d)
          JOIN usage_metrics um ON um.name = x.m AND um.kind = 'gauge') k ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, metric, day) DO UPDATE SET quantity = EXCLUDED.quantity;

    INSERT INTO usage_monthly AS r (tenant_id, metric, month, quantity)
    SELECT k.t, k.m, k.mo, (SELECT coalesce(max(dd.quantity), 0) FROM usage_daily dd WHERE dd.tenant_id = k.t AND dd.metric = k.m
                                   AND dd.day >= k.mo AND dd.day < (k.mo + interval '1 month')::date)
    FROM (SELECT DISTINCT x.t, x.m, date_trunc('month', x.d::timestamp)::date AS mo FROM unnest(t, m, d) AS x(t, m, d)
          JOIN usage_metrics um ON um.name = x.m AND um.kind = 'gauge') k ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, metric, month) DO UPDATE SET quantity = EXCLUDED.quantity;
END $$;

CREATE FUNCTION portico_usage_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    t uuid[]; m text[]; d date[]; q bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(x.t), array_agg(x.m), array_agg(x.d), array_agg(x.q) INTO t, m, d, q FROM (
            SELECT tenant_id AS t, metric AS m, (hour AT TIME ZONE 'UTC')::date AS d, sum(quantity)::bigint AS q
            FROM new_rows GROUP BY 1, 2, 3) x;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(x.t), array_agg(x.m), array_agg(x.d), array_agg(x.q) INTO t, m, d, q FROM (
            SELECT tenant_id AS t, metric AS m, (hour AT TIME ZONE 'UTC')::date AS d, sum(quantity)::bigint AS q FROM (
                SELECT tenant_id, metric, hour, quantity FROM new_rows
                UNION ALL SELECT tenant_id, metric, hour, -quantity FROM old_rows) c GROUP BY 1, 2, 3) x;
    ELSE
        SELECT array_agg(x.t), array_agg(x.m), array_agg(x.d), array_agg(x.q) INTO t, m, d, q FROM (
            SELECT tenant_id AS t, metric AS m, (hour AT TIME ZONE 'UTC')::date AS d, -sum(quantity)::bigint AS q
            FROM old_rows GROUP BY 1, 2, 3) x;
    END IF;
    IF t IS NOT NULL THEN
        PERFORM portico_usage_apply(t, m, d, q);
    END IF;
    RETURN NULL;
END $$;

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers. An
-- INSERT ... ON CONFLICT DO UPDATE fires both, each with its own rows.
CREATE TRIGGER usage_hourly_rollup_insert AFTER INSERT ON usage_hourly
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_rollup();
CREATE TRIGGER usage_hourly_rollup_update AFTER UPDATE ON usage_hourly
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_rollup();
CREATE TRIGGER usage_hourly_rollup_delete AFTER DELETE ON usage_hourly
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_rollup();

-- Fleet rollups: per (metric, day or month, plan) the sum of the tenants' daily or monthly
-- rollups and how many tenants have one, so that the fleet's points and by_plan read a few rows
-- per bucket instead of one per tenant. They follow usage_daily and usage_monthly through
-- statement triggers of their own, which the hourly triggers' statements fire: the same
-- transaction again. A tenant counts under its current plan (by_plan answers "what do the tenants
-- on each plan use", as top's plan medians do); a plan change moves the tenant's rows from one
-- plan to the other (a few hundred rows per metric and year). Usage of a tenant with no tenants
-- row (deleted, or not yet made) counts under plan '': in the fleet's points, not in by_plan.
-- A gauge's fleet value is the sum of the tenants' highest values of that day or month.
CREATE TABLE usage_fleet_daily (
    metric   text NOT NULL,
    day      date NOT NULL,
    plan     text NOT NULL,
    quantity bigint NOT NULL,
    tenants  bigint NOT NULL,           -- tenants with a daily rollup row; 0: none left
    PRIMARY KEY (metric, day, plan)
);
CREATE TABLE usage_fleet_monthly (
    metric   text NOT NULL,
    month    date NOT NULL,
    plan     text NOT NULL,
    quantity bigint NOT NULL,
    tenants  bigint NOT NULL,
    PRIMARY KEY (metric, month, plan)
);

-- Changes (sign +1 for rows added, -1 for rows taken away) of usage_daily (grain 'day') or
-- usage_monthly ('month') rows, applied to the fleet's. Every flush of every instance adds to the
-- same few rows (today's, per metric and plan): they are taken in key order, so concurrent flushes
-- wait on each other and never deadlock.
CREATE FUNCTION portico_usage_fleet_apply(grain text, t uuid[], m text[], b date[], q bigint[], n bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF grain = 'day' THEN
        INSERT INTO usage_fleet_daily AS r (metric, day, plan, quantity, tenants)
        SELECT x.m, x.b, coalesce(tn.plan, ''), sum(x.q), sum(x.n) FROM unnest(t, m, b, q, n) AS x(t, m, b, q, n)
        LEFT JOIN tenants tn ON tn.id = x.t GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (metric, day, plan) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity, tenants = r.tenants + EXCLUDED.tenants;
    ELSE
        INSERT INTO usage_fleet_monthly AS r (metric, month, plan, quantity, tenants)
        SELECT x.m, x.b, coalesce(tn.plan, ''), sum(x.q), sum(x.n) FROM unnest(t, m, b, q, n) AS x(t, m, b, q, n)
        LEFT JOIN tenants tn ON tn.id = x.t GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (metric, month, plan) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity, tenants = r.tenants + EXCLUDED.tenants;
    END IF;
END $$;

CREATE FUNCTION portico_usage_fleet_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    t uuid[]; m text[]; b date[]; q bigint[]; n bigint[];
    grain text := CASE WHEN TG_TABLE_NAME = 'usage_daily' THEN 'day' ELSE 'month' END;
BEGIN
    -- Transition tables have the table's columns: day or month, read as the bucket b.
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('SELECT array_agg(tenant_id), array_agg(metric), array_agg(%I), array_agg(quantity), array_agg(1::bigint) FROM new_rows', grain)
            INTO t, m, b, q, n;
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE format('SELECT array_agg(tenant_id), array_agg(metric), array_agg(b), array_agg(q), array_agg(n) FROM ('
                       ' SELECT tenant_id, metric, %1$I AS b, quantity AS q, 1::bigint AS n FROM new_rows'
                       ' UNION ALL SELECT tenant_id, metric, %1$I, -quantity, -1::bigint FROM old_rows) c', grain)
            INTO t, m, b, q, n;
    ELSE
        EXECUTE format('SELECT array_agg(tenant_id), array_agg(metric), array_agg(%I), array_agg(-quantity), array_agg(-1::bigint) FROM old_rows', grain)
            INTO t, m, b, q, n;
    END IF;
    IF t IS NOT NULL THEN
        PERFORM portico_usage_fleet_apply(grain, t, m, b, q, n);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER usage_daily_fleet_insert AFTER INSERT ON usage_daily
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_fleet_rollup();
CREATE TRIGGER usage_daily_fleet_update AFTER UPDATE ON usage_daily
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_fleet_rollup();
CREATE TRIGGER usage_daily_fleet_delete AFTER DELETE ON usage_daily
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_fleet_rollup();
CREATE TRIGGER usage_monthly_fleet_insert AFTER INSERT ON usage_monthly
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_fleet_rollup();
CREATE TRIGGER usage_monthly_fleet_update AFTER UPDATE ON usage_monthly
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_fleet_rollup();
CREATE TRIGGER usage_monthly_fleet_delete AFTER DELETE ON usage_monthly
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_usage_fleet_rollup();

-- A tenant made, deleted or moved to another plan: its rollups move from the plan they counted
-- under to the one they count under now ('' without a tenants row).
CREATE FUNCTION portico_usage_fleet_replan() RETURNS trigger
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
    ON CONFLICT (metric, day, plan) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity, tenants = r.tenants + EXCLUDED.tenants;
    INSERT INTO usage_fleet_monthly AS r (metric, month, plan, quantity, tenants)
    SELECT d.metric, d.month, p.plan, p.sign * d.quantity, p.sign FROM usage_monthly d,
           (VALUES (was, -1::bigint), (now_plan, 1::bigint)) AS p(plan, sign) WHERE d.tenant_id = tid ORDER BY 1, 2, 3
    ON CONFLICT (metric, month, plan) DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity, tenants = r.tenants + EXCLUDED.tenants;
    RETURN NULL;
END $$;
CREATE TRIGGER tenants_usage_fleet_insert AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION portico_usage_fleet_replan();
CREATE TRIGGER tenants_usage_fleet_update AFTER UPDATE OF plan ON tenants FOR EACH ROW EXECUTE FUNCTION portico_usage_fleet_replan();
CREATE TRIGGER tenants_usage_fleet_delete AFTER DELETE ON tenants FOR EACH ROW EXECUTE FUNCTION portico_usage_fleet_replan();

-- The existing rows: a partition for every month they cover and the two after this one, then
-- the rows themselves (the triggers build their rollups).
SELECT portico_usage_add_partition(mo::date)
FROM generate_series(date_trunc('month', coalesce((SELECT min(hour) FROM usage_hourly_unpartitioned), now()) AT TIME ZONE 'UTC'),
                     date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months', interval '1 month') mo;
INSERT INTO usage_hourly SELECT tenant_id, metric, hour, route_class, quantity FROM usage_hourly_unpartitioned;
DROP TABLE usage_hourly_unpartitioned;

GRANT SELECT, INSERT, UPDATE ON usage_hourly, usage_daily, usage_monthly, usage_fleet_daily, usage_fleet_monthly TO portico_app;
-- Functions are executable by PUBLIC by default; these run as the owner and drop tables.
REVOKE EXECUTE ON FUNCTION portico_usage_add_partition(date), portico_usage_ensure_partitions(timestamptz, int),
    portico_usage_drop_partitions_before(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION portico_usage_add_partition(date), portico_usage_ensure_partitions(timestamptz, int),
    portico_usage_drop_partitions_before(date) TO portico_app;
