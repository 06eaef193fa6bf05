#include "server/usage/usagestore.h"
#include "core/timeutil.h"
#include "server/store/pg.h"
#include <QJsonDocument>
#include <QSet>
#include <algorithm>
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
    // One snapshot for all its statements: a figure kept in usage_fleet_cache is checked against
    // the fingerprint the same snapshot gives.
    explicit FleetQuery(store::PgConnection &c)
        : m_tx(c, QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL work_mem = '64MB'; SET LOCAL plan_cache_mode = force_custom_plan")) {}
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

namespace {
// --- Figures kept over whole buckets (usage_fleet_cache) ---------------------------------------

// An expression giving the fingerprint of the fleet rollups a range's figures come from: how many
// rows and the sum of their versions, of the days its hours and days touch and the months it
// holds. Every change of a tenant's rollup, or of the plan it counts under, raises a version of
// one of them, so the same fingerprint in a later snapshot means the same figures.
QString fingerprintSql(const QList<Piece> &pieces, Params &p)
{
    QStringList days, months;
    for (const Piece &piece : pieces) {
        const QDate from = piece.from.toUTC().date();
        if (piece.grain == Grain::Month)
            months << QStringLiteral("(month >= %1::date AND month < %2::date)").arg(p.add(from.toString(Qt::ISODate)), p.add(piece.to.toUTC().date().toString(Qt::ISODate)));
        else
            days << QStringLiteral("(day >= %1::date AND day < %2::date)").arg(p.add(from.toString(Qt::ISODate)), p.add(ceilDay(piece.to).date().toString(Qt::ISODate)));
    }
    const auto part = [](const QString &table, const QStringList &conditions) {
        if (conditions.isEmpty())
            return QStringLiteral("'-'");
        return QStringLiteral("(SELECT count(*) || ':' || coalesce(sum(version), 0) FROM %1 WHERE metric = $1 AND (%2))")
            .arg(table, conditions.join(QStringLiteral(" OR ")));
    };
    return QStringLiteral("%1 || '/' || %2").arg(part(QStringLiteral("usage_fleet_daily"), days), part(QStringLiteral("usage_fleet_monthly"), months));
}

QString rangeKey(const Metric &m, const Range &range) { return m.name + QLatin1Char('|') + toIsoUtc(range.from) + QLatin1Char('|') + toIsoUtc(range.to); }

// Keeps a figure computed in a (committed) FleetQuery snapshot with its fingerprint. Whoever
// stores last wins: each pair is consistent, and a reader checks the fingerprint.
void cacheStore(store::PgConnection &c, const QStringList &keys, const QStringList &fingerprints, const QStringList &values)
{
    if (keys.isEmpty())
        return;
    const auto quoted = [](const QStringList &l) {
        QStringList out;
        for (QString s : l)
            out << QLatin1Char('"') + s.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\"")) + QLatin1Char('"');
        return arrayText(out);
    };
    try {
        c.exec(QStringLiteral("INSERT INTO usage_fleet_cache AS r (key, fingerprint, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ORDER BY 1 "
                              "ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, value = EXCLUDED.value, computed_at = now()"),
               {quoted(keys), quoted(fingerprints), quoted(values)});
    } catch (const std::exception &) {
        // A figure not kept is computed again next time; the answer already stands.
    }
}

// Each plan's median over range (of all its tenants; those without usage at 0), for the plans
// asked. Inside a FleetQuery. A median of whole, unchanged buckets is read from the cache (the
// fingerprint adds the plan's tenant count: a tenant added without usage is one more 0).
struct Medians
{
    QHash<QString, double> byPlan;
    QStringList keys, fingerprints, values; // computed here, to keep once the snapshot is done
};
// --- Each tenant's value over a range's closed days (usage_closed_sets, migration 019) ----------

// Where a range of whole days runs into the current day: its days before then are kept per tenant
// (they change only by a late event or a correction, and their fingerprint tells), the rest is
// read at each use. Nothing for a range wholly before today (016's figures stay exact and kept)
// or from today on (a day or two: read whole).
std::optional<QDateTime> closedSplit(const Range &range, const QDate &today)
{
    const QDateTime split(today, QTime(0, 0), QTimeZone::utc());
    if (dayStart(range.from) != range.from || dayStart(range.to) != range.to || !(range.from < split && split < range.to))
        return std::nullopt;
    return split;
}

// The newest set of metric over [from, to) whose fingerprint is what this snapshot gives, if any.
std::optional<qint64> closedSetOf(store::PgConnection &c, const Metric &m, const QDateTime &from, const QDateTime &to)
{
    Params p;
    p.add(m.name);
    const QString fp = fingerprintSql(piecesOf(from, to, Grain::Month), p);
    const auto r = c.exec(QStringLiteral("SELECT id FROM usage_closed_sets WHERE metric = $1 AND from_day = %1::date AND to_day = %2::date AND fingerprint = (%3) "
                                         "ORDER BY id DESC LIMIT 1")
                              .arg(p.add(from.date().toString(Qt::ISODate)), p.add(to.date().toString(Qt::ISODate)), fp),
                          p.values);
    if (r.rows() == 0)
        return std::nullopt;
    return r.integer(0, 0);
}

Medians planMedians(store::PgConnection &c, const Metric &m, const Range &range, const QStringList &plans, const QDate &today)
{
    Medians out;
    if (plans.isEmpty())
        return out;
    const QList<Piece> pieces = piecesOf(range.from, range.to, Grain::Month);
    Params p;
    p.add(m.name);
    const QString fp = fingerprintSql(pieces, p);
    const QString prefix = QStringLiteral("median|") + rangeKey(m, range) + QLatin1Char('|');
    const auto found = c.exec(QStringLiteral(
        "WITH f AS (SELECT %1 AS fp), k AS (SELECT plan, (SELECT count(*) FROM tenants t WHERE t.plan = k.plan) AS n FROM unnest(%2::text[]) AS k(plan)) "
        "SELECT k.plan, f.fp || '/' || k.n, c.value FROM k CROSS JOIN f LEFT JOIN usage_fleet_cache c ON c.key = %3 || k.plan AND c.fingerprint = f.fp || '/' || k.n")
                                  .arg(fp, p.add(arrayText(plans)), p.add(prefix)),
                              p.values);
    QStringList missing;
    QHash<QString, QString> fingerprints;
    for (int i = 0; i < found.rows(); ++i) {
        if (found.isNull(i, 2)) {
            missing << found.text(i, 0);
            fingerprints.insert(found.text(i, 0), found.text(i, 1));
        } else {
            out.byPlan.insert(found.text(i, 0), found.text(i, 2).toDouble());
        }
    }
    if (missing.isEmpty())
        return out;
    Params q;
    q.add(m.name);
    QString sql;
    const auto split = closedSplit(range, today);
    const std::optional<qint64> set = split ? closedSetOf(c, m, range.from, *split) : std::nullopt;
    if (set) {
        // Each tenant of the plans once: its closed days' value (kept) with its open days' (read
        // now; one day, the console's window, is one row per tenant), those without either at 0.
        const QList<Piece> open = piecesOf(*split, range.to, Grain::Month);
        const bool oneDay = open.size() == 1 && open.first().grain == Grain::Day && open.first().from.addDays(1) == open.first().to;
        const QString plansRef = q.add(arrayText(missing));
        const QString value = m.isGauge() ? QStringLiteral("coalesce(greatest(k.quantity, o.quantity), 0)") : QStringLiteral("coalesce(k.quantity, 0) + coalesce(o.quantity, 0)");
        if (oneDay) {
            // The tenants with usage are those with a kept value or a rollup of the day, each one
            // index range per plan (the rollups carry their tenant's plan, migration 020; a set is
            // used only while no plan changed since it was made); the plan's other tenants are as
            // many 0s. No pass over the plan's tenants rows, and the median is PostgreSQL's own.
            sql = QStringLiteral(
                      "WITH v AS MATERIALIZED (SELECT coalesce(k.plan, o.plan) AS plan, %1 AS v FROM "
                      " (SELECT plan, tenant_id, quantity FROM usage_closed_values WHERE set_id = %2 AND plan = ANY(%3::text[])) k FULL JOIN "
                      " (SELECT plan, tenant_id, quantity FROM usage_daily WHERE metric = $1 AND day = %4::date AND plan = ANY(%3::text[])) o "
                      " ON o.tenant_id = k.tenant_id AND o.plan = k.plan), "
                      "z AS (SELECT x.plan, (SELECT count(*) FROM tenants t WHERE t.plan = x.plan) - (SELECT count(*) FROM v WHERE v.plan = x.plan) AS n "
                      " FROM unnest(%3::text[]) AS x(plan)) "
                      "SELECT plan, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM ("
                      " SELECT plan, v FROM v UNION ALL SELECT z.plan, 0 FROM z CROSS JOIN LATERAL generate_series(1, z.n) g) a GROUP BY plan")
                      .arg(value, q.add(*set), plansRef, q.add(split->date().toString(Qt::ISODate)));
        } else {
            const QString openSql = QStringLiteral("LEFT JOIN (SELECT tenant_id, %1(v) AS quantity FROM (%2) p GROUP BY tenant_id) o ON o.tenant_id = t.id")
                                        .arg(aggregate(m), valuesSql(open, QString(), q, QString()));
            sql = QStringLiteral("SELECT t.plan, percentile_cont(0.5) WITHIN GROUP (ORDER BY %1) FROM tenants t "
                                 "LEFT JOIN usage_closed_values k ON k.set_id = %2 AND k.plan = ANY(%3::text[]) AND k.plan = t.plan AND k.tenant_id = t.id %4 "
                                 "WHERE t.plan = ANY(%3::text[]) GROUP BY t.plan")
                      .arg(value, q.add(*set), plansRef, openSql);
        }
    } else {
        const QString values = perTenantSql(m, range.from, range.to, q);
        sql = QStringLiteral("SELECT t.plan, percentile_cont(0.5) WITHIN GROUP (ORDER BY coalesce(x.v, 0)) FROM tenants t LEFT JOIN (%1) x ON x.tenant_id = t.id "
                             "WHERE t.plan = ANY(%2::text[]) GROUP BY t.plan").arg(values, q.add(arrayText(missing)));
    }
    const auto r = c.exec(sql, q.values);
    for (int i = 0; i < r.rows(); ++i) {
        out.byPlan.insert(r.text(i, 0), r.text(i, 1).toDouble());
        out.keys << prefix + r.text(i, 0);
        out.fingerprints << fingerprints.value(r.text(i, 0));
        out.values << r.text(i, 1);
    }
    return out;
}

// --- Top by a threshold scan --------------------------------------------------------------------

// The top `limit` tenants (of plan, or all) by value over a range of whole days and months, as
// (tenant, value), best first and by id within a value; nullopt when the scan cannot tell (the
// top would need tenants without usage, or the lists are too many or too flat): the caller
// groups every tenant then. Each day's and month's rollups are a list ordered by quantity (their
// index); a tenant's value is the sum (a gauge: the highest) of its entries. Reading each list to
// depth d, every tenant not seen has at most the sum (highest) of the lists' values at depth d:
// once the limit-th best of the tenants seen is above that, no tenant unseen can enter the top
// (Fagin's threshold algorithm, with the exact values of those seen read by key).
std::optional<QList<QPair<QUuid, qint64>>> thresholdTop(store::PgConnection &c, const Metric &m, const QList<Piece> &pieces, int limit, const QString &plan)
{
    QStringList days, months;
    for (const Piece &piece : pieces) {
        if (piece.grain == Grain::Hour)
            return std::nullopt;
        for (QDate d = piece.from.date(); d < piece.to.date(); d = piece.grain == Grain::Day ? d.addDays(1) : d.addMonths(1))
            (piece.grain == Grain::Day ? days : months) << d.toString(Qt::ISODate);
    }
    const qsizetype lists = days.size() + months.size();
    if (lists == 0 || lists > 64)
        return std::nullopt;
    for (int depth = std::max(64, 2 * limit); depth <= 16384; depth *= 4) {
        Params p;
        p.add(m.name);
        const QString planRef = plan.isEmpty() ? QString() : p.add(plan), depthRef = p.add(depth);
        // Under a plan filter, the plan's own list of each bucket (migration 020: the rollups carry
        // their tenant's current plan, ordered by quantity within it), so no other plan's tenant is
        // read; without one, the bucket's list (016), of tenants with a tenants row.
        const auto listSql = [&](const QStringList &at, const QString &table, const QString &col, const QString &sign) {
            const QString from = plan.isEmpty() ? QStringLiteral("%1 x JOIN tenants t ON t.id = x.tenant_id WHERE x.metric = $1 AND x.%2 = b.at").arg(table, col)
                                                : QStringLiteral("%1 x WHERE x.metric = $1 AND x.%2 = b.at AND x.plan = %3").arg(table, col, planRef);
            return QStringLiteral("SELECT %3 * b.k, l.tenant_id, l.quantity FROM unnest(%1::date[]) WITH ORDINALITY AS b(at, k) CROSS JOIN LATERAL ("
                                  "SELECT x.tenant_id, x.quantity FROM %2 ORDER BY x.quantity DESC, x.tenant_id LIMIT %4) l")
                .arg(p.add(arrayText(at)), from, sign, depthRef);
        };
        QStringList parts;
        if (!days.isEmpty())
            parts << listSql(days, QStringLiteral("usage_daily"), QStringLiteral("day"), QStringLiteral("1"));
        if (!months.isEmpty())
            parts << listSql(months, QStringLiteral("usage_monthly"), QStringLiteral("month"), QStringLiteral("-1"));
        const auto r = c.exec(parts.join(QStringLiteral(" UNION ALL ")), p.values);
        QHash<qint64, QPair<int, qint64>> seen; // list -> (entries read, lowest value read)
        struct Candidate
        {
            qint64 low = 0;      // what its entries read give: its value, or less
            QSet<qint64> lists;  // the lists it was read in
        };
        QHash<QUuid, Candidate> candidates;
        const auto combine = [&m](qint64 a, qint64 b) { return m.isGauge() ? std::max(a, b) : a + b; };
        for (int i = 0; i < r.rows(); ++i) {
            auto &list = seen[r.integer(i, 0)];
            list.second = list.first == 0 ? r.integer(i, 2) : std::min(list.second, r.integer(i, 2));
            ++list.first;
            Candidate &cand = candidates[r.uuid(i, 1)];
            cand.low = combine(cand.low, r.integer(i, 2));
            cand.lists.insert(r.integer(i, 0));
        }
        if (candidates.isEmpty())
            return std::nullopt;
        // A list read to its end bounds tenants unseen in it by 0 (they have no entry there).
        QHash<qint64, qint64> bound;
        qint64 threshold = 0;
        bool exhausted = true;
        for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
            if (it.value().first < depth)
                continue;
            exhausted = false;
            bound.insert(it.key(), it.value().second);
            threshold = combine(threshold, it.value().second);
        }
        // A candidate's value lies between what was read of it and that plus the bounds of the
        // lists it was not read in. Read in every list that bounds anything, it is exact; if even
        // its highest is below the limit-th lowest, it is out; the others are read by key.
        QList<qint64> lows;
        for (const Candidate &cand : std::as_const(candidates))
            lows << cand.low;
        std::sort(lows.begin(), lows.end(), std::greater<>());
        const qint64 cut = lows.size() >= limit ? lows[limit - 1] : -1;
        QList<QPair<QUuid, qint64>> known;
        QStringList unsure;
        for (auto it = candidates.cbegin(); it != candidates.cend(); ++it) {
            qint64 high = it.value().low;
            for (auto b = bound.cbegin(); b != bound.cend(); ++b)
                if (!it.value().lists.contains(b.key()))
                    high = combine(high, b.value());
            if (high == it.value().low)
                known.append({it.key(), high});
            else if (high >= cut)
                unsure << idToString(it.key());
        }
        if (!unsure.isEmpty()) {
            Params q;
            q.add(m.name);
            const QString idsRef = QStringLiteral("ANY(%1::uuid[])").arg(q.add(arrayText(unsure)));
            const auto exact = c.exec(QStringLiteral("SELECT tenant_id, %1(v)::bigint AS v FROM (%2) x GROUP BY tenant_id")
                                          .arg(aggregate(m), valuesSql(pieces, QString(), q, idsRef)),
                                      q.values);
            for (int i = 0; i < exact.rows(); ++i)
                known.append({exact.uuid(i, 0), exact.integer(i, 1)});
        }
        // By value, then by id as PostgreSQL orders uuids (their bytes).
        std::sort(known.begin(), known.end(), [](const QPair<QUuid, qint64> &a, const QPair<QUuid, qint64> &b) {
            return a.second != b.second ? a.second > b.second : a.first.toRfc4122() < b.first.toRfc4122();
        });
        if (known.size() >= limit && known[limit - 1].second > threshold)
            return known.mid(0, limit);
        if (exhausted)
            return std::nullopt; // every tenant with usage seen, and the top still needs some without
    }
    return std::nullopt;
}
// The top `limit` tenants of plan over a range of whole days that runs to tomorrow, from its kept
// closed days (usage_closed_values, one row per tenant of the plan) and today's rollups (the
// plan's list of today, migration 020): two index ranges of the plan and one bounded sort. For a
// plan whose values are flat the threshold scan reads deep (the limit-th best stays below the sum
// of seven lists' depth values until a depth of 1,024 for the free plan at 200,000 tenants, and
// every tenant seen is read by key); this reads each tenant of the plan with usage once. nullopt
// without a set valid in this snapshot, or when fewer than `limit` tenants have usage.
std::optional<QList<QPair<QUuid, qint64>>> keptTop(store::PgConnection &c, const Metric &m, const Range &range, int limit, const QString &plan, const QDate &today)
{
    const auto split = closedSplit(range, today);
    if (plan.isEmpty() || !split || split->addDays(1) != range.to)
        return std::nullopt;
    const std::optional<qint64> set = closedSetOf(c, m, range.from, *split);
    if (!set)
        return std::nullopt;
    Params p;
    p.add(m.name);
    const QString planRef = p.add(plan);
    const QString value = m.isGauge() ? QStringLiteral("coalesce(greatest(k.quantity, o.quantity), 0)") : QStringLiteral("coalesce(k.quantity, 0) + coalesce(o.quantity, 0)");
    const auto r = c.exec(QStringLiteral(
                              "SELECT coalesce(k.tenant_id, o.tenant_id) AS id, %1::bigint AS v FROM "
                              "(SELECT tenant_id, quantity FROM usage_closed_values WHERE set_id = %2 AND plan = %3) k FULL JOIN "
                              "(SELECT tenant_id, quantity FROM usage_daily WHERE metric = $1 AND day = %4::date AND plan = %3) o ON o.tenant_id = k.tenant_id "
                              "ORDER BY v DESC, id LIMIT %5")
                              .arg(value, p.add(*set), planRef, p.add(split->date().toString(Qt::ISODate)), p.add(limit)),
                          p.values);
    if (r.rows() < limit || r.integer(limit - 1, 1) <= 0)
        return std::nullopt; // the top needs tenants without usage (at 0, by id among those at 0)
    QList<QPair<QUuid, qint64>> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.uuid(i, 0), r.integer(i, 1)});
    return out;
}
} // namespace

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
    QList<PlanTotal> out;
    if (oneBucket) {
        const auto r = c.exec(QStringLiteral("SELECT plan, v::bigint, n FROM (%1) f WHERE plan <> ''").arg(fleetRollupSql(pieces.first(), QString(), p)), p.values);
        for (int i = 0; i < r.rows(); ++i)
            out.append({r.text(i, 0), r.integer(i, 1), r.integer(i, 2)});
        return out;
    }
    FleetQuery fleet(c);
    if (!m.isGauge() && pieces.size() == 1 && pieces.first().grain == Grain::Day) {
        // Whole days of a counter: the totals add up from the fleet rollups; when no day after
        // the range has rollups (a range up to today, the console's), a tenant has values in it
        // exactly when its last day is in it, and those are counted from usage_tenant_last.
        Params d;
        d.add(m.name);
        const QString fromRef = d.add(pieces.first().from.date().toString(Qt::ISODate)), toRef = d.add(pieces.first().to.date().toString(Qt::ISODate));
        const auto r = c.exec(QStringLiteral(
            "WITH tot AS (SELECT plan, sum(quantity)::bigint AS v FROM usage_fleet_daily WHERE metric = $1 AND day >= %1::date AND day < %2::date AND tenants > 0 GROUP BY plan), "
            "cnt AS (SELECT plan, count(*) AS n FROM usage_tenant_last WHERE metric = $1 AND day >= %1::date AND plan <> '' GROUP BY plan) "
            "SELECT cnt.plan, coalesce(tot.v, 0), cnt.n, NOT EXISTS (SELECT 1 FROM usage_daily WHERE metric = $1 AND day >= %2::date) FROM cnt LEFT JOIN tot USING (plan)")
                                  .arg(fromRef, toRef),
                              d.values);
        if (r.rows() == 0 || r.boolean(0, 3)) {
            fleet.done();
            for (int i = 0; i < r.rows(); ++i)
                out.append({r.text(i, 0), r.integer(i, 1), r.integer(i, 2)});
            return out;
        }
    }
    // Otherwise per tenant, once per fingerprint of the buckets: what closed days and months give
    // is read back from the cache until one of their rollups changes.
    Params f;
    f.add(m.name);
    const QString key = QStringLiteral("by_plan|") + rangeKey(m, range);
    const auto cached = c.exec(QStringLiteral("WITH f AS (SELECT %1 AS fp) SELECT f.fp, c.value FROM f LEFT JOIN usage_fleet_cache c ON c.key = %2 AND c.fingerprint = f.fp")
                                   .arg(fingerprintSql(pieces, f), f.add(key)),
                               f.values);
    if (!cached.isNull(0, 1)) {
        fleet.done();
        for (const QString &row : cached.text(0, 1).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            const QStringList v = row.split(QLatin1Char(':'));
            if (v.size() == 3)
                out.append({v[0], v[1].toLongLong(), v[2].toLongLong()});
        }
        return out;
    }
    QString sql;
    if (!m.isGauge()) {
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
    const auto r = c.exec(sql, p.values);
    fleet.done();
    QStringList rows;
    for (int i = 0; i < r.rows(); ++i) {
        out.append({r.text(i, 0), r.integer(i, 1), r.integer(i, 2)});
        rows << QStringLiteral("%1:%2:%3").arg(r.text(i, 0)).arg(r.integer(i, 1)).arg(r.integer(i, 2));
    }
    // A range with partial days is kept only if asked again with the same bounds, which a range
    // up to now never is: not kept.
    if (std::none_of(pieces.cbegin(), pieces.cend(), [](const Piece &piece) { return piece.grain == Grain::Hour; }))
        cacheStore(c, {key}, {cached.text(0, 0)}, {rows.join(QLatin1Char(';'))});
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

void keepClosedValues(store::PgConnection &c, const Metric &m, const QDate &from, const QDate &to)
{
    if (!(from < to))
        return;
    const QDateTime f(from, QTime(0, 0), QTimeZone::utc()), t(to, QTime(0, 0), QTimeZone::utc());
    if (closedSetOf(c, m, f, t))
        return;
    const QString key = QStringLiteral("usage_closed|%1|%2|%3").arg(m.name, from.toString(Qt::ISODate), to.toString(Qt::ISODate));
    // One maker at a time per set: a second waits, then finds the first's set and is done. The
    // fingerprint and the values come from one statement, so from one snapshot.
    store::PgTransaction tx(c, QStringLiteral("BEGIN; SET LOCAL work_mem = '64MB'; SET LOCAL plan_cache_mode = force_custom_plan"));
    c.exec(QStringLiteral("SELECT pg_advisory_xact_lock(hashtext($1))"), {key});
    if (closedSetOf(c, m, f, t)) {
        tx.commit();
        return;
    }
    Params p;
    p.add(m.name);
    const QString fp = fingerprintSql(piecesOf(f, t, Grain::Month), p);
    const QString fromRef = p.add(from.toString(Qt::ISODate)), toRef = p.add(to.toString(Qt::ISODate));
    const QString values = perTenantSql(m, f, t, p);
    c.exec(QStringLiteral(
               "WITH v AS MATERIALIZED (SELECT t.plan, x.tenant_id, x.v::bigint AS v FROM (%1) x JOIN tenants t ON t.id = x.tenant_id), "
               "s AS (INSERT INTO usage_closed_sets (metric, from_day, to_day, fingerprint, tenants) SELECT $1, %2::date, %3::date, %4, (SELECT count(*) FROM v) RETURNING id), "
               "w AS (INSERT INTO usage_closed_values (set_id, plan, tenant_id, quantity) SELECT s.id, v.plan, v.tenant_id, v.v FROM s, v ORDER BY 2, 3) "
               "DELETE FROM usage_closed_sets o USING s WHERE o.metric = $1 AND o.from_day = %2::date AND o.to_day = %3::date AND o.id <> s.id")
               .arg(values, fromRef, toRef, fp),
           p.values);
    // Sets that end before this one's last day belong to days that have moved on: no range asks for them.
    c.exec(QStringLiteral("DELETE FROM usage_closed_sets WHERE to_day < $1::date"), {to.toString(Qt::ISODate)});
    tx.commit();
}

QList<TopRow> top(store::PgConnection &c, const Metric &m, const Range &range, int limit, const QString &plan, const QDate &today)
{
    const Range previous = previousRange(range);
    const QList<Piece> pieces = piecesOf(range.from, range.to, Grain::Month);
    // Before the snapshot that reads them: the closed days' values the medians need (made once).
    if (closedSplit(range, today)) {
        try {
            keepClosedValues(c, m, range.from.date(), today);
        } catch (const std::exception &) {
            // Not kept: the medians are computed over every tenant's rows, as exact, slower.
        }
    }
    {
        // Whole days and months: the top by a threshold scan of their rollups, the tenants shown
        // and their period before by key, and the medians of the plans shown only.
        FleetQuery fleet(c);
        std::optional<QList<QPair<QUuid, qint64>>> best = keptTop(c, m, range, limit, plan, today);
        if (!best)
            best = thresholdTop(c, m, pieces, limit, plan);
        if (best) {
            Params p;
            p.add(m.name);
            QStringList ids;
            QHash<QUuid, qint64> values;
            for (const auto &[id, v] : *best) {
                ids << idToString(id);
                values.insert(id, v);
            }
            const QString idsRef = p.add(arrayText(ids));
            const QString prev = QStringLiteral("SELECT %1(v) AS v FROM (%2) p")
                                     .arg(aggregate(m), valuesSql(piecesOf(previous.from, previous.to, Grain::Month), QString(), p, QStringLiteral("b.id")));
            const auto r = c.exec(QStringLiteral("SELECT t.id, t.slug, t.name, t.plan, t.state, coalesce(pv.v, 0)::bigint FROM unnest(%1::uuid[]) WITH ORDINALITY AS b(id, k) "
                                                 "JOIN tenants t ON t.id = b.id LEFT JOIN LATERAL (%2) pv ON true ORDER BY b.k").arg(idsRef, prev),
                                  p.values);
            QStringList plans;
            for (int i = 0; i < r.rows(); ++i)
                if (!plans.contains(r.text(i, 3)))
                    plans << r.text(i, 3);
            plans.sort();
            const Medians medians = planMedians(c, m, range, plans, today);
            fleet.done();
            cacheStore(c, medians.keys, medians.fingerprints, medians.values);
            QList<TopRow> out;
            for (int i = 0; i < r.rows(); ++i)
                out.append({r.uuid(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), values.value(r.uuid(i, 0)), r.integer(i, 5),
                            medians.byPlan.value(r.text(i, 3))});
            return out;
        }
    }
    Params p;
    p.add(m.name);
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
