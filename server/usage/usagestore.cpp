#include "server/usage/usagestore.h"
#include "core/timeutil.h"
#include "server/store/pg.h"
#include <QJsonDocument>

namespace portico::usage::usagestore {
namespace {
// How one tenant's samples in a bucket combine: counters add up, a gauge reports its highest sample.
QString aggregate(const Metric &m) { return m.isGauge() ? QStringLiteral("max") : QStringLiteral("sum"); }
QString arrayText(const QStringList &l) { return QStringLiteral("{%1}").arg(l.join(QLatin1Char(','))); }
} // namespace

QHash<QString, Metric> metrics(store::PgConnection &c)
{
    QHash<QString, Metric> out;
    const auto r = c.exec(QStringLiteral("SELECT name, unit, kind, external, description, label FROM usage_metrics"));
    for (int i = 0; i < r.rows(); ++i)
        out.insert(r.text(i, 0), {r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 4), r.boolean(i, 3), r.text(i, 5)});
    return out;
}

QList<Point> series(store::PgConnection &c, const Metric &m, const Range &range, const std::optional<QUuid> &tenant)
{
    // Each tenant's bucket first (a gauge's highest sample, a counter's sum), then the sum over tenants.
    std::vector<store::PgParam> params{m.name, toIsoUtc(range.from), toIsoUtc(range.to), range.step};
    if (tenant)
        params.emplace_back(*tenant);
    const auto r = c.exec(QStringLiteral("SELECT extract(epoch FROM b)::bigint * 1000, sum(v)::bigint FROM ("
                                         " SELECT tenant_id, date_trunc($4, hour, 'UTC') AS b, %1(q) AS v FROM ("
                                         "  SELECT tenant_id, hour, sum(quantity) AS q FROM usage_hourly WHERE %2metric = $1 "
                                         "  AND hour >= $2::timestamptz AND hour < $3::timestamptz GROUP BY 1, 2) h GROUP BY 1, 2) t GROUP BY 1 ORDER BY 1")
                              .arg(aggregate(m), tenant ? QStringLiteral("tenant_id = $5 AND ") : QString()),
                          params);
    QList<Point> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.integer(i, 0), r.integer(i, 1)});
    return out;
}

QList<PlanTotal> totalsByPlan(store::PgConnection &c, const Metric &m, const Range &range)
{
    const auto r = c.exec(QStringLiteral("SELECT t.plan, sum(x.v)::bigint, count(*) FROM ("
                                         " SELECT tenant_id, %1(q) AS v FROM (SELECT tenant_id, hour, sum(quantity) AS q FROM usage_hourly "
                                         "  WHERE metric = $1 AND hour >= $2::timestamptz AND hour < $3::timestamptz GROUP BY 1, 2) h GROUP BY 1) x "
                                         "JOIN tenants t ON t.id = x.tenant_id GROUP BY t.plan").arg(aggregate(m)),
                          {m.name, toIsoUtc(range.from), toIsoUtc(range.to)});
    QList<PlanTotal> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.text(i, 0), r.integer(i, 1), r.integer(i, 2)});
    return out;
}

QList<TopRow> top(store::PgConnection &c, const Metric &m, const Range &range, int limit, const QString &plan)
{
    // This period, the one just before it of the same length, and the median of each plan.
    const auto r = c.exec(QStringLiteral(
        "WITH cur AS (SELECT tenant_id, %1(q) AS v FROM (SELECT tenant_id, hour, sum(quantity) AS q FROM usage_hourly "
        "              WHERE metric = $1 AND hour >= $2::timestamptz AND hour < $3::timestamptz GROUP BY 1, 2) h GROUP BY 1), "
        "prev AS (SELECT tenant_id, %1(q) AS v FROM (SELECT tenant_id, hour, sum(quantity) AS q FROM usage_hourly "
        "              WHERE metric = $1 AND hour >= $2::timestamptz - ($3::timestamptz - $2::timestamptz) AND hour < $2::timestamptz GROUP BY 1, 2) h GROUP BY 1), "
        "j AS (SELECT t.id, t.slug, t.name, t.plan, t.state, coalesce(cur.v, 0)::bigint AS v, coalesce(prev.v, 0)::bigint AS pv "
        "      FROM tenants t LEFT JOIN cur ON cur.tenant_id = t.id LEFT JOIN prev ON prev.tenant_id = t.id), "
        "med AS (SELECT plan, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS m FROM j GROUP BY plan) "
        "SELECT j.id, j.slug, j.name, j.plan, j.state, j.v, j.pv, med.m FROM j JOIN med USING (plan) "
        "WHERE ($5 = '' OR j.plan = $5) ORDER BY j.v DESC, j.id LIMIT $4").arg(aggregate(m)),
        {m.name, toIsoUtc(range.from), toIsoUtc(range.to), limit, plan});
    QList<TopRow> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.uuid(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.integer(i, 5), r.integer(i, 6), r.text(i, 7).toDouble()});
    return out;
}

QList<StoredEvents> storeEvents(store::PgConnection &c, const QUuid &tenant, const EventBatch &batch, const QDateTime &periodStart)
{
    QStringList ids, quantities, times;
    for (const QString &id : batch.ids)
        ids << QLatin1Char('"') + id + QLatin1Char('"');
    for (qint64 q : batch.quantities)
        quantities << QString::number(q);
    for (const QDateTime &t : batch.times)
        times << QLatin1Char('"') + toIsoUtc(t) + QLatin1Char('"');
    const auto r = c.exec(QStringLiteral(
        "WITH fresh AS ("
        " INSERT INTO usage_events (tenant_id, event_id, metric, quantity, at) "
        " SELECT $1, i, m, q, t FROM unnest($2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) AS x(i, m, q, t) "
        " ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING metric, quantity, at), "
        "counted AS ("
        " INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) "
        " SELECT $1, metric, date_trunc('hour', at, 'UTC'), 'external', sum(quantity) FROM fresh GROUP BY 1, 2, 3 "
        " ON CONFLICT (tenant_id, metric, hour, route_class) DO UPDATE SET quantity = usage_hourly.quantity + EXCLUDED.quantity RETURNING 1) "
        "SELECT metric, coalesce(sum(quantity) FILTER (WHERE at >= $6::timestamptz), 0)::bigint, count(*) FROM fresh GROUP BY metric"),
        {tenant, arrayText(ids), arrayText(batch.metrics), arrayText(quantities), arrayText(times), toIsoUtc(periodStart)});
    QList<StoredEvents> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.text(i, 0), r.integer(i, 1), r.integer(i, 2)});
    return out;
}

void setTenantLimits(store::PgConnection &c, const QUuid &tenant, std::optional<qint64> rate, std::optional<qint64> burst,
                     std::optional<qint64> concurrency, const std::optional<QJsonObject> &quotas)
{
    c.exec(QStringLiteral("INSERT INTO tenant_limits (tenant_id, rate_per_second, burst, concurrency, quotas, updated_at) "
                          "VALUES ($1, $2, $3, $4, $5::jsonb, now()) ON CONFLICT (tenant_id) DO UPDATE SET rate_per_second = EXCLUDED.rate_per_second, "
                          "burst = EXCLUDED.burst, concurrency = EXCLUDED.concurrency, quotas = EXCLUDED.quotas, updated_at = now()"),
           {tenant, rate, burst, concurrency,
            quotas ? store::PgParam(QJsonDocument(*quotas).toJson(QJsonDocument::Compact)) : store::PgParam()});
}

QHash<QPair<QUuid, QString>, qint64> periodTotals(store::PgConnection &c, const QDateTime &periodStart)
{
    const auto r = c.exec(QStringLiteral("SELECT tenant_id, metric, CASE WHEN m.kind = 'gauge' THEN max(quantity) ELSE sum(quantity) END "
                                         "FROM usage_hourly u JOIN usage_metrics m ON m.name = u.metric "
                                         "WHERE hour >= $1::timestamptz GROUP BY tenant_id, metric, m.kind"),
                          {periodStart.toString(Qt::ISODate)});
    QHash<QPair<QUuid, QString>, qint64> out;
    for (int i = 0; i < r.rows(); ++i)
        out.insert({r.uuid(i, 0), r.text(i, 1)}, r.integer(i, 2));
    return out;
}

void addHourly(store::PgConnection &c, const QList<HourlyCount> &counts)
{
    if (counts.isEmpty())
        return;
    QStringList tenants, metrics, hours, classes, quantities;
    for (const HourlyCount &h : counts) {
        tenants << idToString(h.tenant);
        metrics << h.metric;
        hours << QString::number(h.hourSecs);
        QString rc = h.routeClass;
        rc.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
        classes << QLatin1Char('"') + rc + QLatin1Char('"');
        quantities << QString::number(h.quantity);
    }
    c.exec(QStringLiteral("INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) "
                          "SELECT t, m, to_timestamp(h), rc, q FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::bigint[]) "
                          "AS x(t, m, h, rc, q) "
                          "ON CONFLICT (tenant_id, metric, hour, route_class) DO UPDATE SET quantity = usage_hourly.quantity + EXCLUDED.quantity"),
           {arrayText(tenants), arrayText(metrics), arrayText(hours), arrayText(classes), arrayText(quantities)});
}

bool recordQuotaNotice(store::PgConnection &c, const QUuid &tenant, const QString &metric, qint64 periodStartMs, int threshold)
{
    const auto inserted = c.exec(QStringLiteral("INSERT INTO quota_notices (tenant_id, metric, period_start, threshold) "
                                                "VALUES ($1, $2, to_timestamp($3::bigint / 1000.0), $4) ON CONFLICT DO NOTHING"),
                                 {tenant, metric, periodStartMs, threshold});
    return inserted.affectedRows() == 1;
}

void setGauges(store::PgConnection &c, const QUuid &tenant, qint64 hourSecs, qint64 members, qint64 storageBytes)
{
    // Gauges hold the latest sample of the hour.
    c.exec(QStringLiteral("INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) "
                          "VALUES ($1, 'members', to_timestamp($2), '', $3), ($1, 'storage_bytes', to_timestamp($2), '', $4) "
                          "ON CONFLICT (tenant_id, metric, hour, route_class) DO UPDATE SET quantity = EXCLUDED.quantity"),
           {tenant, hourSecs, members, storageBytes});
}

} // namespace portico::usage::usagestore
