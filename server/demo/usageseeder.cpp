#include "server/demo/usageseeder.h"
#include "server/store/database.h"

namespace portico::demo {

long long seedDemoUsage(store::Database &db, int days)
{
    auto c = db.control();
    if (c->exec(QStringLiteral("SELECT 1 FROM usage_hourly LIMIT 1")).rows() > 0)
        return 0;
    // Shape per tenant from a hash of its id: base load by plan, growth between -20 % and +80 %
    // over the period, every 25th tenant noisy (bursts of 6x to 10x). Per hour: a working-day curve
    // peaking early afternoon UTC, weekends at a third, and +-15 % noise.
    const QString shape = QStringLiteral(R"SQL(
        WITH t AS (
            SELECT id, plan, abs(hashtext(id::text)) AS h,
                   CASE plan WHEN 'free' THEN 40 WHEN 'pro' THEN 400 ELSE 2500 END AS base
            FROM tenants WHERE state <> 'suspended' OR created_at < now() - interval '30 days'),
        hours AS (
            SELECT generate_series(date_trunc('hour', now()) - make_interval(days => $1), date_trunc('hour', now()) - interval '1 hour',
                                   interval '1 hour') AS hour),
        load AS (
            SELECT t.id, t.h, hours.hour,
                   t.base * (0.5 + (t.h % 100) / 100.0)                                                -- size within the plan
                   * (0.8 + ((t.h / 100) % 100) / 100.0 * (extract(epoch FROM hours.hour - (now() - make_interval(days => $1))) / 86400.0 / $1)) -- growth
                   * (0.15 + 0.85 * greatest(0, sin(pi() * (extract(hour FROM hours.hour AT TIME ZONE 'UTC') - 6) / 14)))             -- the working day
                   * CASE WHEN extract(isodow FROM hours.hour AT TIME ZONE 'UTC') >= 6 THEN 0.33 ELSE 1 END                          -- weekends
                   * (0.85 + random() * 0.3)                                                              -- noise
                   * CASE WHEN t.h % 25 = 0 AND random() < 0.03 THEN 6 + random() * 4 ELSE 1 END         -- bursts of the noisy few
                   AS requests
            FROM t CROSS JOIN hours)
        INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity)
        SELECT id, m.metric, hour, '', greatest(0, round(requests * m.factor * (0.9 + random() * 0.2)))::bigint
        FROM load CROSS JOIN (VALUES ('requests', 1.0), ('bytes_out', 2200.0), ('bytes_in', 350.0), ('compute_ms', 4.5), ('db_ms', 2.1)) AS m(metric, factor)
        WHERE requests >= 0.5)SQL");
    // A partition for every month of the backfill first: otherwise its rows would all land in the
    // default partition, to be moved out by the next partition upkeep.
    c->exec(QStringLiteral("SELECT portico_usage_add_partition(m::date) FROM generate_series(date_trunc('month', (now() - make_interval(days => $1)) AT TIME ZONE 'UTC'), "
                           "date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') m"),
            {days});
    const auto r = c->exec(shape, {days});
    // Daily samples of the gauges, drifting towards today's real values.
    const auto g = c->exec(QStringLiteral(R"SQL(
        INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity)
        SELECT t.id, m.metric, d, '', greatest(1, round(m.base * (0.55 + 0.45 * (extract(epoch FROM d - (now() - make_interval(days => $1))) / 86400.0 / $1))))::bigint
        FROM tenants t
        CROSS JOIN generate_series(date_trunc('day', now()) - make_interval(days => $1), date_trunc('day', now()) - interval '1 day', interval '1 day') AS d
        CROSS JOIN LATERAL (VALUES ('storage_bytes', CASE t.plan WHEN 'free' THEN 2e6 WHEN 'pro' THEN 8e7 ELSE 9e8 END * (0.3 + (abs(hashtext(t.id::text)) % 100) / 70.0)),
                                   ('members', CASE t.plan WHEN 'free' THEN 3 WHEN 'pro' THEN 25 ELSE 220 END * (0.3 + (abs(hashtext(t.id::text)) % 100) / 70.0))) AS m(metric, base)
        )SQL"), {days});
    return r.affectedRows() + g.affectedRows();
}

} // namespace portico::demo
