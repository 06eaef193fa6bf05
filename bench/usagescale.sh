# Sourced by bench/run.sh (uses BASE, OP, PG_SOCKET, PG_BIN_DIR, median_ms). Usage at fleet scale:
# 100,000 synthetic tenants with 13 months of `requests`, seeded in SQL, then the fleet and
# one-tenant reads that the rollups serve, each as a median of 25 beside the same run's ping.
#
# What is seeded (metric `requests` only; other metrics would multiply every table alike):
#   - 100,000 tenants (id, slug usage-scale-NNNNNN, apart from the tenant-list bench's scale-NNNNNN, plan free 60 % / pro 30 % / enterprise 10 %), tenant
#     rows only (a placement for the year tenant alone): the fleet queries join tenants, nothing else;
#   - usage_monthly for the 11 months before last month, one row per tenant-month (as if their
#     hourly rows had been dropped by retention, their daily rows not seeded);
#   - usage_daily for every day from the first of last month to today, each tenant every day;
#     usage_monthly of last month and this one from those days;
#   - usage_hourly for 1,000 of the tenants over the last 14 days (one route class) and for one
#     tenant over a year (8,760 hours), in month partitions, with their daily and monthly rollups
#     computed from them;
#   - the fleet rollups (usage_fleet_daily/monthly) from all the tenants' rollups, and each
#     tenant's last day (usage_tenant_last, migration 016) from its daily rollups.
# Figures kept over whole buckets (usage_fleet_cache) are computed by the first read of a range and
# reused while its rollups are unchanged: the "today changing" rows show the 7-day reads when
# they cannot be (a tenant's hour of today changes before each request, as flushes change it);
# top's plan medians then add each tenant's kept value of the days before today
# (usage_closed_sets, made by the first read or the hourly upkeep) to today's rollup.
# The triggers are off while seeding (session_replication_role = replica) and the rollups are
# written directly: that is the seeding's speed, not the service's.
usagescale_psql() { "$PG_BIN_DIR/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -U postgres -d portico "$@"; }

echo
echo "Usage at fleet scale (100,000 tenants, 13 months of requests; see bench/usagescale.sh for what is seeded)"
seed_start=$(date +%s.%N)
# Seeded once per stack: sourced again (another build's server on the same databases, for a before
# and after), the section measures what is there.
if [ "$(usagescale_psql -c "SELECT count(*) FROM tenants WHERE slug = 'usage-scale-000001'")" = 0 ]; then
usagescale_psql >/dev/null <<'SQL'
SET session_replication_role = replica;
SET synchronous_commit = off;
CREATE TEMP TABLE scale_tenants AS
  SELECT ('5ca1e000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS id, i,
         CASE WHEN i % 10 = 0 THEN 'enterprise' WHEN i % 10 < 4 THEN 'pro' ELSE 'free' END AS plan,
         CASE WHEN i % 10 = 0 THEN 2500 WHEN i % 10 < 4 THEN 400 ELSE 40 END * (0.5 + (i * 7919 % 100) / 100.0) AS base
  FROM generate_series(1, 100000) i;
INSERT INTO tenants (id, slug, name, state, plan, region)
  SELECT id, 'usage-scale-' || lpad(i::text, 6, '0'), 'Usage scale tenant ' || i, 'active', plan, (SELECT region FROM tenants LIMIT 1)
  FROM scale_tenants ON CONFLICT DO NOTHING;
-- The one-tenant series route looks the tenant up with its placement: the year tenant gets one
-- (shared, like the first shared demo tenant's).
INSERT INTO placements (tenant_id, model, region, cluster, database_name, schema_name)
  SELECT t.id, p.model, p.region, p.cluster, p.database_name, p.schema_name FROM scale_tenants t,
         (SELECT * FROM placements WHERE model = 'shared' LIMIT 1) p WHERE t.i = 1 ON CONFLICT DO NOTHING;
-- Days of last month and this one, every tenant every day.
INSERT INTO usage_daily (tenant_id, metric, day, quantity)
  SELECT t.id, 'requests', d::date, (t.base * 24 * (0.7 + ((t.i + extract(doy FROM d)::int) * 31 % 60) / 100.0))::bigint
  FROM scale_tenants t,
       generate_series(date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month', date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') d;
INSERT INTO usage_monthly (tenant_id, metric, month, quantity)
  SELECT tenant_id, metric, date_trunc('month', day::timestamp)::date, sum(quantity) FROM usage_daily
  WHERE metric = 'requests' AND tenant_id IN (SELECT id FROM scale_tenants) GROUP BY 1, 2, 3;
-- The 11 months before: monthly rollups only.
INSERT INTO usage_monthly (tenant_id, metric, month, quantity)
  SELECT t.id, 'requests', m::date, (t.base * 24 * 30 * (0.6 + ((t.i + extract(month FROM m)::int) * 17 % 80) / 100.0))::bigint
  FROM scale_tenants t,
       generate_series(date_trunc('month', now() AT TIME ZONE 'UTC') - interval '12 months', date_trunc('month', now() AT TIME ZONE 'UTC') - interval '2 months', interval '1 month') m;
-- Hourly rows where retention keeps them: a year of one tenant, the last 14 days of 1,000 tenants.
SELECT portico_usage_add_partition(m::date)
  FROM generate_series(date_trunc('month', now() AT TIME ZONE 'UTC') - interval '12 months', date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') m;
CREATE TEMP TABLE scale_hourly AS
  SELECT t.id AS tenant_id, h AS hour, (t.base * (0.5 + extract(hour FROM h)::int % 7 / 10.0))::bigint AS quantity
  FROM scale_tenants t, generate_series(date_trunc('hour', now()) - interval '365 days', date_trunc('hour', now()) - interval '1 hour', interval '1 hour') h
  WHERE t.i = 1
  UNION ALL
  SELECT t.id, h, (t.base * (0.5 + extract(hour FROM h)::int % 7 / 10.0))::bigint
  FROM scale_tenants t, generate_series(date_trunc('hour', now()) - interval '14 days', date_trunc('hour', now()) - interval '1 hour', interval '1 hour') h
  WHERE t.i BETWEEN 2 AND 1001;
INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) SELECT tenant_id, 'requests', hour, 'documents:read', quantity FROM scale_hourly;
INSERT INTO usage_daily AS r (tenant_id, metric, day, quantity)
  SELECT tenant_id, 'requests', (hour AT TIME ZONE 'UTC')::date, sum(quantity) FROM scale_hourly GROUP BY 1, 3
  ON CONFLICT (tenant_id, metric, day) DO UPDATE SET quantity = EXCLUDED.quantity;
INSERT INTO usage_monthly AS r (tenant_id, metric, month, quantity)
  SELECT tenant_id, metric, date_trunc('month', day::timestamp)::date, sum(quantity) FROM usage_daily
  WHERE metric = 'requests' AND tenant_id IN (SELECT DISTINCT tenant_id FROM scale_hourly) GROUP BY 1, 2, 3
  ON CONFLICT (tenant_id, metric, month) DO UPDATE SET quantity = EXCLUDED.quantity;
-- The fleet rollups, which the (disabled) triggers would have kept, from the tenants' rollups.
TRUNCATE usage_fleet_daily, usage_fleet_monthly;
INSERT INTO usage_fleet_daily (metric, day, plan, quantity, tenants)
  SELECT d.metric, d.day, coalesce(t.plan, ''), sum(d.quantity), count(*) FROM usage_daily d LEFT JOIN tenants t ON t.id = d.tenant_id GROUP BY 1, 2, 3;
INSERT INTO usage_fleet_monthly (metric, month, plan, quantity, tenants)
  SELECT d.metric, d.month, coalesce(t.plan, ''), sum(d.quantity), count(*) FROM usage_monthly d LEFT JOIN tenants t ON t.id = d.tenant_id GROUP BY 1, 2, 3;
-- Each tenant's last day (migration 016), which the (disabled) triggers would have kept.
DO $$ BEGIN
  IF to_regclass('usage_tenant_last') IS NOT NULL THEN
    TRUNCATE usage_tenant_last;
    INSERT INTO usage_tenant_last (tenant_id, metric, plan, day)
      SELECT d.tenant_id, d.metric, coalesce(min(t.plan), ''), max(d.day) FROM usage_daily d LEFT JOIN tenants t ON t.id = d.tenant_id GROUP BY 1, 2;
    ANALYZE usage_tenant_last;
  END IF;
END $$;
ANALYZE tenants;
ANALYZE usage_daily;
ANALYZE usage_monthly;
ANALYZE usage_hourly;
SQL
fi
seed_s="$(echo "$(date +%s.%N) - $seed_start" | bc -l)"
printf 'seeded in %.0f s: %s\n' "$seed_s" "$(usagescale_psql -c "SELECT format('%s tenants; usage_hourly %s rows, usage_daily %s, usage_monthly %s',
  (SELECT count(*) FROM tenants), (SELECT count(*) FROM usage_hourly), (SELECT count(*) FROM usage_daily), (SELECT count(*) FROM usage_monthly))")"

scale_tenant="5ca1e000-0000-4000-8000-000000000001"
this_month="$(date -u +%Y-%m-01T00:00:00Z)"
last_month="$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m-01T00:00:00Z)"
tomorrow="$(date -u -d 'tomorrow' +%Y-%m-%dT00:00:00Z)"
week_ago="$(date -u -d "$(date -u -d tomorrow +%Y-%m-%d) -7 days" +%Y-%m-%dT00:00:00Z)"
year_from="$(date -u -d '-365 days' +%Y-%m-%dT00:00:00Z)"
today="$(date -u +%Y-%m-%dT00:00:00Z)"
scale_ping="$(median_ms "$BASE/v1/ping")"
printf '%-52s %12s %16s %8s %10s\n' "read, median of 25 sequential" "ms" "GET /v1/ping" "ratio" "target"
scale_row() { # label target url
  local ms
  ms="$(median_ms "$3")"
  printf '%-52s %12s %16s %8.1f %10s\n' "$1" "$ms" "$scale_ping ms" "$(echo "$ms / $scale_ping" | bc -l)" "$2"
}
scale_row "top 20, last calendar month (vs the month before)" "<= 200" "$BASE/v1/usage/top?metric=requests&from=$last_month&to=$this_month"
scale_row "top 20, last 7 days (the console's default window)" "<= 200" "$BASE/v1/usage/top?metric=requests&from=$week_ago&to=$tomorrow"
scale_row "fleet series + by plan, 13 months by month" "<= 200" "$BASE/v1/usage/fleet?metric=requests&step=month&from=$(date -u -d "$(date -u +%Y-%m-01) -12 months" +%Y-%m-01T00:00:00Z)&to=$this_month"
scale_row "fleet series + by plan, last 7 days by day" "<= 200" "$BASE/v1/usage/fleet?metric=requests&step=day&from=$week_ago&to=$tomorrow"
# The same two 7-day reads while today's rows change between requests, as they do under traffic
# (every flush raises today's fleet rollups): figures kept over whole buckets that include today
# are computed again each time; the other rows above read closed days and months only.
scale_changing_ms() { # url -> median of 25, a tenant's hour of today changed before each request (not timed)
  local hour
  hour="$(date -u +%Y-%m-%dT%H:00:00Z)"
  for n in $(seq 1 25); do
    usagescale_psql -c "INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) VALUES ('5ca1e000-0000-4000-8000-000000000002', 'requests', '$hour', 'bench-changing', $n)
                        ON CONFLICT (tenant_id, metric, hour, route_class) DO UPDATE SET quantity = usage_hourly.quantity + 1" >/dev/null
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $OP" "$1"
  done | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)] * 1000}'
}
scale_changing_row() { # label target url
  local ms
  ms="$(scale_changing_ms "$3")"
  printf '%-52s %12s %16s %8.1f %10s\n' "$1" "$ms" "$scale_ping ms" "$(echo "$ms / $scale_ping" | bc -l)" "$2"
}
scale_changing_row "top 20, last 7 days, today changing" "<= 200" "$BASE/v1/usage/top?metric=requests&from=$week_ago&to=$tomorrow"
# The median is over every tenant of the plans shown: the free plan's is the largest (55 %).
scale_changing_row "top 20 of plan free, last 7 days, today changing" "<= 200" "$BASE/v1/usage/top?metric=requests&plan=free&from=$week_ago&to=$tomorrow"
scale_changing_row "fleet series + by plan, 7 days, today changing" "-" "$BASE/v1/usage/fleet?metric=requests&step=day&from=$week_ago&to=$tomorrow"
scale_row "one tenant's year by day (365 points, rollups)" "<= 10" "$BASE/v1/tenants/$scale_tenant/usage?metric=requests&step=day&from=$year_from&to=$today"
scale_row "one tenant's year by hour (8760 points, partitions)" "-" "$BASE/v1/tenants/$scale_tenant/usage?metric=requests&step=hour&from=$year_from&to=$today"

# Storage: each table's bytes (heap, indexes, TOAST; usage_hourly over its partitions) per
# tenant-month it holds.
usagescale_psql -F '|' <<'SQL' | while IFS='|' read -r table bytes tm per; do printf '%-52s %12s %16s %8s\n' "storage per tenant-month, $table" "$per B" "$tm t-months" "$(echo "$bytes / 1048576" | bc) MB"; done
WITH sizes AS (
  SELECT 'usage_hourly' AS t, (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('usage_hourly') WHERE isleaf) AS bytes,
         (SELECT count(DISTINCT (tenant_id, date_trunc('month', hour AT TIME ZONE 'UTC'))) FROM usage_hourly) AS tm
  UNION ALL SELECT 'usage_daily', pg_total_relation_size('usage_daily'), (SELECT count(DISTINCT (tenant_id, date_trunc('month', day::timestamp))) FROM usage_daily)
  UNION ALL SELECT 'usage_monthly', pg_total_relation_size('usage_monthly'), (SELECT count(DISTINCT (tenant_id, month)) FROM usage_monthly))
SELECT t, bytes, tm, (bytes / greatest(tm, 1))::bigint FROM sizes
UNION ALL SELECT 'all three (per tenant-month of 13)', sum(bytes), 100000 * 13, (sum(bytes) / (100000 * 13))::bigint FROM sizes;
SQL
