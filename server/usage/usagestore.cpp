#include "server/usage/usagestore.h"
#include "core/timeutil.h"
#include "server/store/pg.h"
#include <QJsonDocument>
#include <QTimeZone>
#include <stdexcept>

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

namespace {
QDateTime dayStart(const QDateTime &t) { return QDateTime(t.toUTC().date(), QTime(0, 0), QTimeZone::utc()); }
QDateTime ceilDay(const QDateTime &t)
{
    const QDateTime d = dayStart(t);
    return d < t ? d.addDays(1) : d;
}
QDateTime monthStart(const QDateTime &t)
{
    const QDate d = t.toUTC().date();
    return QDateTime(QDate(d.year(), d.month(), 1), QTime(0, 0), QTimeZone::utc());
}
QDateTime ceilMonth(const QDateTime &t)
{
    const QDateTime m = monthStart(t);
    return m < t ? m.addMonths(1) : m;
}
bool isMonthStart(const QDateTime &t) { return monthStart(t) == t; }

enum class Grain { Hour, Day, Month };
struct Piece
{
    Grain grain;
    QDateTime from, to;
};

// [from, to) as pieces each read from the coarsest table whose rows lie wholly inside it and inside
// one bucket: the hours of a partial first and last day from usage_hourly, whole days from
// usage_daily, whole months from usage_monthly. A bucket is then exactly what the hourly rows give.
QList<Piece> piecesOf(const QDateTime &from, const QDateTime &to, Grain coarsest)
{
    const QDateTime d1 = ceilDay(from), d2 = dayStart(to);
    if (coarsest == Grain::Hour || d1 >= d2)
        return {{Grain::Hour, from, to}};
    QList<Piece> out;
    if (from < d1)
        out.append({Grain::Hour, from, d1});
    const QDateTime m1 = ceilMonth(d1), m2 = monthStart(d2);
    if (coarsest == Grain::Month && m1 < m2) {
        if (d1 < m1)
            out.append({Grain::Day, d1, m1});
        out.append({Grain::Month, m1, m2});
        if (m2 < d2)
            out.append({Grain::Day, m2, d2});
    } else {
        out.append({Grain::Day, d1, d2});
    }
    if (d2 < to)
        out.append({Grain::Hour, d2, to});
    return out;
}

Grain grainOf(const QString &step)
{
    if (step == QLatin1String("hour"))
        return Grain::Hour;
    if (step == QLatin1String("day"))
        return Grain::Day;
    if (step == QLatin1String("month"))
        return Grain::Month;
    throw std::invalid_argument("usage step must be hour, day or month");
}

// Parameters as they are added, each named by its $n.
struct Params
{
    std::vector<store::PgParam> values;
    QString add(store::PgParam p)
    {
        values.push_back(std::move(p));
        return QStringLiteral("$%1").arg(values.size());
    }
};

// Rows (tenant_id, b, v) of metric ($1) over [from, to): b the start of the step's bucket (NULL
// without a step: one bucket), v one hour's value (summed over route classes), one day's or one
// month's. Combining v per tenant and bucket with aggregate() gives what the hourly rows give.
QString valuesSql(const QList<Piece> &pieces, const QString &step, Params &p, const QString &tenantRef)
{
    const QString tenantFilter = tenantRef.isEmpty() ? QString() : QStringLiteral(" AND tenant_id = %1").arg(tenantRef);
    QStringList parts;
    for (const Piece &piece : pieces) {
        switch (piece.grain) {
        case Grain::Hour:
            parts << QStringLiteral("SELECT tenant_id, %1 AS b, sum(quantity) AS v FROM usage_hourly WHERE metric = $1%2 "
                                    "AND hour >= %3::timestamptz AND hour < %4::timestamptz GROUP BY tenant_id, hour")
                         .arg(step.isEmpty() ? QStringLiteral("NULL::timestamptz") : QStringLiteral("date_trunc('%1', hour, 'UTC')").arg(step),
                              tenantFilter, p.add(toIsoUtc(piece.from)), p.add(toIsoUtc(piece.to)));
            break;
        case Grain::Day:
            parts << QStringLiteral("SELECT tenant_id, %1 AS b, quantity AS v FROM usage_daily WHERE metric = $1%2 AND day >= %3::date AND day < %4::date")
                         .arg(step.isEmpty() ? QStringLiteral("NULL::timestamptz")
                                  : step == QLatin1String("month") ? QStringLiteral("date_trunc('month', day::timestamp) AT TIME ZONE 'UTC'")
                                                                   : QStringLiteral("day::timestamp AT TIME ZONE 'UTC'"),
                              tenantFilter, p.add(piece.from.date().toString(Qt::ISODate)), p.add(piece.to.date().toString(Qt::ISODate)));
            break;
        case Grain::Month:
            parts << QStringLiteral("SELECT tenant_id, %1 AS b, quantity AS v FROM usage_monthly WHERE metric = $1%2 AND month >= %3::date AND month < %4::date")
                         .arg(step.isEmpty() ? QStringLiteral("NULL::timestamptz") : QStringLiteral("month::timestamp AT TIME ZONE 'UTC'"),
                              tenantFilter, p.add(piece.from.date().toString(Qt::ISODate)), p.add(piece.to.date().toString(Qt::ISODate)));
            break;
        }
    }
    return parts.join(QStringLiteral(" UNION ALL "));
}

// Fleet queries group every tenant (100,000 of them at scale): with the default work_mem (4 MB)
// their hash tables and sorts spill to disk. A read-only transaction gives them more, for them only.
class FleetQuery
{
public:
    explicit FleetQuery(store::PgConnection &c) : m_tx(c, QStringLiteral("BEGIN READ ONLY; SET LOCAL work_mem = '64MB'")) {}
    void done() { m_tx.commit(); }

private:
    store::PgTransaction m_tx;
};

// Each tenant's value over [from, to) as (tenant_id, v).
QString perTenantSql(const Metric &m, const QDateTime &from, const QDateTime &to, Params &p)
{
    return QStringLiteral("SELECT tenant_id, %1(v) AS v FROM (%2) p GROUP BY tenant_id")
        .arg(aggregate(m), valuesSql(piecesOf(from, to, Grain::Month), QString(), p, QString()));
}
} // namespace

namespace {
// Whether a piece of a fleet query can be read from the fleet rollups: each of its buckets is then
// the sum over tenants of their daily or monthly rollups. For a counter any whole day or month
// (sums of sums); for a gauge only a piece of the step's own grain, as its buckets are a highest
// value per tenant first (a month bucket of a gauge is not the sum of the fleet's days).
bool fromFleetRollup(const Metric &m, const Piece &piece, Grain step)
{
    if (piece.grain == Grain::Hour)
        return false;
    return !m.isGauge() || piece.grain == step;
}

// Rows (plan, b, v, n) of the fleet rollups for a piece: per plan and bucket the sum and the
// tenants with values (plans whose tenants all left drop out).
QString fleetRollupSql(const Piece &piece, const QString &step, Params &p)
{
    const bool daily = piece.grain == Grain::Day;
    const QString col = daily ? QStringLiteral("day") : QStringLiteral("month");
    const QString bucket = step.isEmpty() ? QStringLiteral("NULL::timestamptz")
        : (step == QLatin1String("month") ? QStringLiteral("date_trunc('month', %1::timestamp) AT TIME ZONE 'UTC'").arg(col)
                                          : QStringLiteral("%1::timestamp AT TIME ZONE 'UTC'").arg(col));
    return QStringLiteral("SELECT plan, %1 AS b, quantity AS v, tenants AS n FROM %2 WHERE metric = $1 AND %3 >= %4::date AND %3 < %5::date AND tenants > 0")
        .arg(bucket, daily ? QStringLiteral("usage_fleet_daily") : QStringLiteral("usage_fleet_monthly"), col,
             p.add(piece.from.date().toString(Qt::ISODate)), p.add(piece.to.date().toString(Qt::ISODate)));
}
} // namespace

QList<Point> series(store::PgConnection &c, const Metric &m, const Range &range, const std::optional<QUuid> &tenant)
{
    Params p;
    p.add(m.name);
    const QString tenantRef = tenant ? p.add(*tenant) : QString();
    const Grain grain = grainOf(range.step);
    const QList<Piece> pieces = piecesOf(range.from, range.to, grain);
    // The fleet's whole days and months from the fleet rollups (a few rows per bucket), the rest
    // per tenant; their buckets are disjoint for a gauge, and add up for a counter.
    QList<Piece> perTenant;
    QStringList fleetParts;
    for (const Piece &piece : pieces) {
        if (!tenant && fromFleetRollup(m, piece, grain))
            fleetParts << QStringLiteral("SELECT b, v FROM (%1) f").arg(fleetRollupSql(piece, range.step, p));
        else
            perTenant << piece;
    }
    QStringList parts = fleetParts;
    if (!perTenant.isEmpty()) {
        const QString values = valuesSql(perTenant, range.step, p, tenantRef);
        // Each tenant's bucket first (a gauge's highest sample, a counter's sum), then the sum
        // over tenants; for a counter the sum of sums is one sum, without a group per tenant.
        parts << (!m.isGauge() ? QStringLiteral("SELECT b, v FROM (%1) p").arg(values)
                               : QStringLiteral("SELECT b, %1(v) AS v FROM (%2) p GROUP BY tenant_id, b").arg(aggregate(m), values));
    }
    const QString sql = QStringLiteral("SELECT extract(epoch FROM b)::bigint * 1000, sum(v)::bigint FROM (%1) x GROUP BY b ORDER BY b")
                            .arg(parts.join(QStringLiteral(" UNION ALL ")));
    std::optional<FleetQuery> fleet;
    if (!tenant && !perTenant.isEmpty())
        fleet.emplace(c);
    const auto r = c.exec(sql, p.values);
    if (fleet)
        fleet->done();
    QList<Point> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.integer(i, 0), r.integer(i, 1)});
    return out;
}

QList<PlanTotal> totalsByPlan(store::PgConnection &c, const Metric &m, const Range &range)
{
    Params p;
    p.add(m.name);
    const QList<Piece> pieces = piecesOf(range.from, range.to, Grain::Month);
    // One day or one calendar month is one row per plan of the fleet rollups, totals and tenant
    // counts both.
    const bool oneBucket = pieces.size() == 1 && pieces.first().grain != Grain::Hour
        && (pieces.first().grain == Grain::Day ? pieces.first().from.addDays(1) == pieces.first().to
                                               : pieces.first().from.addMonths(1) == pieces.first().to);
    QString sql;
    if (oneBucket) {
        sql = QStringLiteral("SELECT plan, v::bigint, n FROM (%1) f WHERE plan <> ''").arg(fleetRollupSql(pieces.first(), QString(), p));
    } else if (!m.isGauge()) {
        // A counter's totals add up from the fleet rollups and the hours of partial days; how many
        // distinct tenants have values over several buckets is not in them: one pass over the
        // tenants' rows (index-only), without sums.
        QStringList totals;
        QList<Piece> hours;
        for (const Piece &piece : pieces) {
            if (piece.grain == Grain::Hour)
                hours << piece;
            else
                totals << QStringLiteral("SELECT plan, v FROM (%1) f").arg(fleetRollupSql(piece, QString(), p));
        }
        if (!hours.isEmpty())
            totals << QStringLiteral("SELECT t.plan, h.v FROM (%1) h JOIN tenants t ON t.id = h.tenant_id").arg(valuesSql(hours, QString(), p, QString()));
        sql = QStringLiteral("WITH tot AS (SELECT plan, sum(v)::bigint AS v FROM (%1) x GROUP BY plan), "
                             "cnt AS (SELECT t.plan, count(*) AS n FROM (SELECT DISTINCT tenant_id FROM (%2) y) d JOIN tenants t ON t.id = d.tenant_id GROUP BY t.plan) "
                             "SELECT cnt.plan, coalesce(tot.v, 0), cnt.n FROM cnt LEFT JOIN tot USING (plan)")
                  .arg(totals.join(QStringLiteral(" UNION ALL ")), valuesSql(pieces, QString(), p, QString()));
    } else {
        // A gauge's total is each tenant's highest value over the range, summed: per tenant.
        sql = QStringLiteral("SELECT t.plan, sum(x.v)::bigint, count(*) FROM (%1) x JOIN tenants t ON t.id = x.tenant_id GROUP BY t.plan")
                  .arg(perTenantSql(m, range.from, range.to, p));
    }
    std::optional<FleetQuery> fleet;
    if (!oneBucket)
        fleet.emplace(c);
    const auto r = c.exec(sql, p.values);
    if (fleet)
        fleet->done();
    QList<PlanTotal> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.text(i, 0), r.integer(i, 1), r.integer(i, 2)});
    return out;
}

Range previousRange(const Range &range)
{
    // A range of whole calendar months compares with the months before it (October against
    // September, whatever their lengths), any other range with the same length just before it.
    if (isMonthStart(range.from) && isMonthStart(range.to)) {
        const QDate f = range.from.date(), t = range.to.date();
        const int months = (t.year() - f.year()) * 12 + t.month() - f.month();
        return {range.from.addMonths(-months), range.from, range.step};
    }
    return {range.from.addMSecs(-range.from.msecsTo(range.to)), range.from, range.step};
}

QList<TopRow> top(store::PgConnection &c, const Metric &m, const Range &range, int limit, const QString &plan)
{
    Params p;
    p.add(m.name);
    const Range previous = previousRange(range);
    const QString limitRef = p.add(limit), planRef = p.add(plan);
    const QString cur = perTenantSql(m, range.from, range.to, p);
    // The period before is wanted only for the tenants shown: read per tenant (by primary key),
    // not for the whole fleet.
    const QString prev = QStringLiteral("SELECT %1(v) AS v FROM (%2) p")
                             .arg(aggregate(m), valuesSql(piecesOf(previous.from, previous.to, Grain::Month), QString(), p, QStringLiteral("best.id")));
    // This period, the median of each plan over all its tenants (those without usage at 0), the
    // top `limit`, and the period before for each of them.
    FleetQuery fleet(c);
    const auto r = c.exec(QStringLiteral(
        "WITH cur AS (%1), "
        "j AS (SELECT t.id, t.slug, t.name, t.plan, t.state, coalesce(cur.v, 0)::bigint AS v FROM tenants t LEFT JOIN cur ON cur.tenant_id = t.id), "
        "med AS (SELECT plan, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS m FROM j GROUP BY plan), "
        "best AS (SELECT * FROM j WHERE (%4 = '' OR j.plan = %4) ORDER BY j.v DESC, j.id LIMIT %3) "
        "SELECT best.id, best.slug, best.name, best.plan, best.state, best.v, coalesce(pv.v, 0)::bigint, med.m FROM best JOIN med USING (plan) "
        "LEFT JOIN LATERAL (%2) pv ON true ORDER BY best.v DESC, best.id").arg(cur, prev, limitRef, planRef),
        p.values);
    fleet.done();
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
    // The billing period is a calendar month: its monthly rollup is the total (one row per tenant
    // and metric rather than every hour of the month).
    const auto r = c.exec(QStringLiteral("SELECT tenant_id, metric, quantity FROM usage_monthly WHERE month = $1::date"),
                          {periodStart.toUTC().date().toString(Qt::ISODate)});
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

int setGauges(store::PgConnection &c, qint64 hourSecs, const QList<GaugeSample> &samples)
{
    if (samples.isEmpty())
        return 0;
    QStringList tenants, members, storage;
    tenants.reserve(samples.size());
    members.reserve(samples.size());
    storage.reserve(samples.size());
    for (const GaugeSample &g : samples) {
        tenants << idToString(g.tenant);
        members << QString::number(g.members);
        storage << QString::number(g.storageBytes);
    }
    // Gauges hold the latest sample of the hour. The join skips a tenant deleted meanwhile; the
    // order is the primary key's, so two writers of overlapping chunks take row locks alike.
    const auto r = c.exec(QStringLiteral(
        "WITH x AS (SELECT x.t, x.m, x.s FROM unnest($2::uuid[], $3::bigint[], $4::bigint[]) AS x(t, m, s) JOIN tenants ON tenants.id = x.t), "
        "w AS (INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) "
        " SELECT x.t, g.metric, to_timestamp($1), '', CASE WHEN g.metric = 'members' THEN x.m ELSE x.s END "
        " FROM x CROSS JOIN (VALUES ('members'), ('storage_bytes')) AS g(metric) ORDER BY 1, 2 "
        " ON CONFLICT (tenant_id, metric, hour, route_class) DO UPDATE SET quantity = EXCLUDED.quantity RETURNING 1) "
        "SELECT count(*) / 2 FROM w"),
        {hourSecs, arrayText(tenants), arrayText(members), arrayText(storage)});
    return int(r.integer(0, 0));
}

QStringList ensurePartitions(store::PgConnection &c, const QDateTime &now, int ahead)
{
    const auto r = c.exec(QStringLiteral("SELECT portico_usage_ensure_partitions($1::timestamptz, $2)"), {toIsoUtc(now), ahead});
    QStringList made;
    for (int i = 0; i < r.rows(); ++i)
        made << r.text(i, 0);
    return made;
}

QStringList dropPartitionsBefore(store::PgConnection &c, const QDate &keepFrom)
{
    const auto r = c.exec(QStringLiteral("SELECT portico_usage_drop_partitions_before($1::date)"), {keepFrom.toString(Qt::ISODate)});
    QStringList dropped;
    for (int i = 0; i < r.rows(); ++i)
        dropped << r.text(i, 0);
    return dropped;
}

int reconcileRollups(store::PgConnection &c, const QUuid &tenant, const QDate &from, const QDate &to)
{
    // The exact figures, from the hourly rows, of every (metric, day) that has hourly rows or a
    // daily rollup; a rollup that differs takes them. Then the months touched, from their days.
    const auto days = c.exec(QStringLiteral(
        "WITH exact AS ("
        " SELECT h.metric, h.d, CASE WHEN um.kind = 'gauge' THEN max(h.q) ELSE sum(h.q) END::bigint AS q FROM ("
        "  SELECT metric, (hour AT TIME ZONE 'UTC')::date AS d, sum(quantity) AS q FROM usage_hourly "
        "  WHERE tenant_id = $1 AND hour >= $2::date::timestamp AT TIME ZONE 'UTC' AND hour < $3::date::timestamp AT TIME ZONE 'UTC' "
        "  GROUP BY metric, hour) h JOIN usage_metrics um ON um.name = h.metric GROUP BY h.metric, h.d, um.kind), "
        "wanted AS ("
        " SELECT coalesce(e.metric, r.metric) AS metric, coalesce(e.d, r.day) AS d, coalesce(e.q, 0) AS q FROM exact e "
        " FULL JOIN (SELECT metric, day, quantity FROM usage_daily WHERE tenant_id = $1 AND day >= $2::date AND day < $3::date) r "
        " ON r.metric = e.metric AND r.day = e.d WHERE r.quantity IS DISTINCT FROM e.q AND NOT (e.q IS NULL AND r.quantity = 0)), "
        "fixed AS ("
        " INSERT INTO usage_daily AS r (tenant_id, metric, day, quantity) SELECT $1, metric, d, q FROM wanted ORDER BY 2, 3 "
        " ON CONFLICT (tenant_id, metric, day) DO UPDATE SET quantity = EXCLUDED.quantity RETURNING metric, day) "
        "SELECT DISTINCT metric, date_trunc('month', day::timestamp)::date FROM fixed"),
        {tenant, from.toString(Qt::ISODate), to.toString(Qt::ISODate)});
    if (days.rows() == 0)
        return 0;
    QStringList metrics, months;
    for (int i = 0; i < days.rows(); ++i) {
        metrics << days.text(i, 0);
        months << days.text(i, 1);
    }
    const auto array = [](const QStringList &l) { return QStringLiteral("{%1}").arg(l.join(QLatin1Char(','))); };
    c.exec(QStringLiteral("INSERT INTO usage_monthly AS r (tenant_id, metric, month, quantity) "
                          "SELECT $1, x.m, x.mo, (SELECT CASE WHEN um.kind = 'gauge' THEN coalesce(max(d.quantity), 0) ELSE coalesce(sum(d.quantity), 0) END "
                          "                       FROM usage_daily d WHERE d.tenant_id = $1 AND d.metric = x.m AND d.day >= x.mo AND d.day < (x.mo + interval '1 month')::date) "
                          "FROM unnest($2::text[], $3::date[]) AS x(m, mo) JOIN usage_metrics um ON um.name = x.m ORDER BY 2, 3 "
                          "ON CONFLICT (tenant_id, metric, month) DO UPDATE SET quantity = EXCLUDED.quantity"),
           {tenant, array(metrics), array(months)});
    return int(days.rows());
}

} // namespace portico::usage::usagestore
