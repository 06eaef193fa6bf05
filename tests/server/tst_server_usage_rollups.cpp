// Usage at fleet scale: the daily and monthly rollups equal what the hourly rows add up to, after
// flushes, gauges, events and seals; series, fleet and top read them and answer exactly what the
// hourly rows give; usage_hourly's month partitions are made ahead, an hour without one still
// lands, and retention drops whole months while the rollups stay.
#include "tests/support/serverfixture.h"
#include "tests/support/serverprocess.h"
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace portico::test;

namespace {
QDateTime monthStart(const QDateTime &t, int addMonths = 0)
{
    const QDate d = t.toUTC().date();
    return QDateTime(QDate(d.year(), d.month(), 1).addMonths(addMonths), QTime(0, 0), QTimeZone::utc());
}
QString partitionOf(const QDateTime &month) { return QStringLiteral("usage_hourly_p") + month.toString(QStringLiteral("yyyyMM")); }
QString iso(const QDateTime &t) { return t.toUTC().toString(Qt::ISODate); }
} // namespace

class TestServerUsageRollups : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;

    TestTenant makeTenant(const QString &name, bool liftLimits = false)
    {
        const TestTenant t = m_fx.makeTenant({.name = name, .adminEmail = QStringLiteral("a@r.example"), .liftLimits = liftLimits});
        if (!t.ok())
            qFatal("cannot create tenant: %s", qPrintable(t.error));
        return t;
    }

    // (tenant, metric, day) whose daily rollup is not what its hourly rows add up to (a counter's
    // sum, a gauge's highest hour), and (tenant, metric, month) whose monthly is not what its days
    // give; in either direction (a rollup without rows, rows without a rollup).
    QString dailyMismatches(const QString &tenant)
    {
        return m_fx.sql(QStringLiteral(
            "WITH h AS (SELECT metric, (hour AT TIME ZONE 'UTC')::date AS d, sum(quantity) AS q FROM usage_hourly WHERE tenant_id = '%1' GROUP BY metric, hour), "
            "hd AS (SELECT h.metric, h.d, CASE WHEN um.kind = 'gauge' THEN max(h.q) ELSE sum(h.q) END AS q FROM h JOIN usage_metrics um ON um.name = h.metric GROUP BY 1, 2, um.kind), "
            "dd AS (SELECT metric, day AS d, quantity AS q FROM usage_daily WHERE tenant_id = '%1' AND quantity <> 0) "
            "SELECT count(*) FROM hd FULL JOIN dd USING (metric, d) WHERE hd.q IS DISTINCT FROM dd.q").arg(tenant));
    }
    QString monthlyMismatches(const QString &tenant)
    {
        return m_fx.sql(QStringLiteral(
            "WITH dm AS (SELECT d.metric, date_trunc('month', d.day::timestamp)::date AS mo, CASE WHEN um.kind = 'gauge' THEN max(d.quantity) ELSE sum(d.quantity) END AS q "
            "            FROM usage_daily d JOIN usage_metrics um ON um.name = d.metric WHERE d.tenant_id = '%1' GROUP BY 1, 2, um.kind), "
            "mm AS (SELECT metric, month AS mo, quantity AS q FROM usage_monthly WHERE tenant_id = '%1') "
            "SELECT count(*) FROM dm FULL JOIN mm USING (metric, mo) WHERE dm.q IS DISTINCT FROM mm.q").arg(tenant));
    }

    // (metric, day or month, plan) whose fleet rollup is not the sum and count of the tenants'
    // rollups under their current plan ('' without a tenants row), over the whole fleet, plus the
    // rollups whose own plan (migration 020, the plan's ranked lists) is not their tenant's.
    QString fleetMismatches()
    {
        return m_fx.sql(QStringLiteral(
            "WITH dd AS (SELECT d.metric, d.day AS b, coalesce(t.plan, '') AS plan, sum(d.quantity) AS q, count(*) AS n FROM usage_daily d LEFT JOIN tenants t ON t.id = d.tenant_id GROUP BY 1, 2, 3), "
            "fd AS (SELECT metric, day AS b, plan, quantity AS q, tenants AS n FROM usage_fleet_daily WHERE tenants <> 0 OR quantity <> 0), "
            "mm AS (SELECT d.metric, d.month AS b, coalesce(t.plan, '') AS plan, sum(d.quantity) AS q, count(*) AS n FROM usage_monthly d LEFT JOIN tenants t ON t.id = d.tenant_id GROUP BY 1, 2, 3), "
            "fm AS (SELECT metric, month AS b, plan, quantity AS q, tenants AS n FROM usage_fleet_monthly WHERE tenants <> 0 OR quantity <> 0) "
            "SELECT (SELECT count(*) FROM dd FULL JOIN fd USING (metric, b, plan) WHERE (dd.q, dd.n) IS DISTINCT FROM (fd.q, fd.n)) "
            "     + (SELECT count(*) FROM mm FULL JOIN fm USING (metric, b, plan) WHERE (mm.q, mm.n) IS DISTINCT FROM (fm.q, fm.n))"
            "     + (SELECT count(*) FROM usage_daily d LEFT JOIN tenants t ON t.id = d.tenant_id WHERE d.plan <> coalesce(t.plan, ''))"
            "     + (SELECT count(*) FROM usage_monthly d LEFT JOIN tenants t ON t.id = d.tenant_id WHERE d.plan <> coalesce(t.plan, ''))"));
    }
    // by_plan as the hourly rows give it: "plan:total:tenants" per plan with values, by plan.
    QString hourlyByPlan(const QString &metric, const QDateTime &from, const QDateTime &to)
    {
        return m_fx.sql(QStringLiteral(
            "SELECT coalesce(string_agg(plan || ':' || v || ':' || n, ',' ORDER BY plan), '') FROM ("
            " SELECT t.plan, sum(x.v)::bigint AS v, count(*) AS n FROM ("
            "  SELECT tenant_id, CASE WHEN (SELECT kind FROM usage_metrics WHERE name = '%1') = 'gauge' THEN max(q) ELSE sum(q) END AS v FROM ("
            "   SELECT tenant_id, hour, sum(quantity) AS q FROM usage_hourly WHERE metric = '%1' AND hour >= '%2' AND hour < '%3' GROUP BY 1, 2) h GROUP BY 1) x "
            " JOIN tenants t ON t.id = x.tenant_id GROUP BY t.plan) y").arg(metric, iso(from), iso(to)));
    }
    static QString byPlanText(const QJsonObject &fleet)
    {
        const QJsonObject plans = fleet.value(QStringLiteral("by_plan")).toObject();
        QStringList names = plans.keys(), out;
        names.sort();
        for (const QString &plan : names) {
            const QJsonObject o = plans.value(plan).toObject();
            out << plan + QLatin1Char(':') + QString::number(o.value(QStringLiteral("total")).toInteger()) + QLatin1Char(':')
                    + QString::number(o.value(QStringLiteral("tenants")).toInteger());
        }
        return out.join(QLatin1Char(','));
    }

    // The series as the hourly rows alone give it (the query the rollups replaced), as
    // "ms:value" pairs; tenant empty: the fleet's.
    QString hourlySeries(const QString &metric, const QDateTime &from, const QDateTime &to, const QString &step, const QString &tenant)
    {
        return m_fx.sql(QStringLiteral(
            "SELECT coalesce(string_agg((extract(epoch FROM b)::bigint * 1000)::text || ':' || v::text, ',' ORDER BY b), '') FROM ("
            " SELECT b, sum(v)::bigint AS v FROM ("
            "  SELECT tenant_id, date_trunc('%4', hour, 'UTC') AS b, CASE WHEN (SELECT kind FROM usage_metrics WHERE name = '%1') = 'gauge' THEN max(q) ELSE sum(q) END AS v FROM ("
            "   SELECT tenant_id, hour, sum(quantity) AS q FROM usage_hourly WHERE metric = '%1' AND hour >= '%2' AND hour < '%3' %5 GROUP BY 1, 2) h GROUP BY 1, 2) t GROUP BY b) x")
                            .arg(metric, iso(from), iso(to), step, tenant.isEmpty() ? QString() : QStringLiteral("AND tenant_id = '%1'").arg(tenant)));
    }
    static QString pointsText(const QJsonObject &series)
    {
        QStringList out;
        for (const auto p : series.value(QStringLiteral("points")).toArray())
            out << QString::number(p.toArray().at(0).toInteger()) + QLatin1Char(':') + QString::number(p.toArray().at(1).toInteger());
        return out.join(QLatin1Char(','));
    }

    // Hours of a tenant's counter and gauge over [from, to), two route classes for the counter,
    // values that differ hour by hour, inserted as a seeder or an operator would (the triggers keep
    // the rollups).
    void insertHours(const QString &tenant, const QDateTime &from, const QDateTime &to, int salt)
    {
        QVERIFY(!m_fx.sql(QStringLiteral(
            "INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) "
            "SELECT '%1'::uuid, 'requests', h, rc, (extract(epoch FROM h)::bigint / 3600 * %4 + length(rc)) % 97 FROM generate_series('%2'::timestamptz, '%3'::timestamptz - interval '1 hour', interval '1 hour') h, "
            "unnest(ARRAY['documents:read', 'documents:write']) rc "
            "UNION ALL SELECT '%1'::uuid, 'storage_bytes', h, '', 1000 + (extract(epoch FROM h)::bigint / 3600 * %4) % 501 FROM generate_series('%2'::timestamptz, '%3'::timestamptz - interval '1 hour', interval '1 hour') h")
                              .arg(tenant, iso(from), iso(to)).arg(salt)).isNull());
    }

    // The top as the hourly rows give it: each tenant's value over [from, to) (tenants without
    // usage at 0), the first `limit` of plan (or all) by value and id, each as
    // "id:value:plan median"; the medians over every tenant of the plan.
    QString hourlyTop(const QString &metric, const QDateTime &from, const QDateTime &to, int limit, const QString &plan)
    {
        const QString rows = m_fx.sql(QStringLiteral(
            "WITH h AS (SELECT tenant_id, CASE WHEN (SELECT kind FROM usage_metrics WHERE name = '%1') = 'gauge' THEN max(q) ELSE sum(q) END AS v FROM ("
            "  SELECT tenant_id, hour, sum(quantity) AS q FROM usage_hourly WHERE metric = '%1' AND hour >= '%2' AND hour < '%3' GROUP BY 1, 2) x GROUP BY 1), "
            "j AS (SELECT t.id, t.plan, coalesce(h.v, 0) AS v FROM tenants t LEFT JOIN h ON h.tenant_id = t.id), "
            "med AS (SELECT plan, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS m FROM j GROUP BY plan) "
            "SELECT string_agg(b.id || ':' || b.v || ':' || med.m, ',' ORDER BY b.v DESC, b.id) FROM "
            "(SELECT * FROM j WHERE ('%5' = '' OR plan = '%5') ORDER BY v DESC, id LIMIT %4) b JOIN med USING (plan)")
                                          .arg(metric, iso(from), iso(to)).arg(limit).arg(plan));
        QStringList out;
        for (const QString &row : rows.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QStringList v = row.split(QLatin1Char(':'));
            out << v[0] + QLatin1Char(':') + v[1] + QLatin1Char(':') + QString::number(v[2].toDouble(), 'g', 17);
        }
        return out.join(QLatin1Char(','));
    }
    static QString topText(const QJsonObject &top)
    {
        QStringList out;
        for (const auto v : top.value(QStringLiteral("items")).toArray()) {
            const QJsonObject item = v.toObject();
            out << item.value(QStringLiteral("tenant_id")).toString() + QLatin1Char(':') + QString::number(item.value(QStringLiteral("value")).toInteger())
                    + QLatin1Char(':') + QString::number(item.value(QStringLiteral("plan_median")).toDouble(), 'g', 17);
        }
        return out.join(QLatin1Char(','));
    }
    // The newest kept set of each tenant's value of metric over the days [from, to), as "id", and
    // how many tenants' values or plans in it differ from what the hourly rows give (in either
    // direction); "no set" when none is kept.
    QString closedSetId(const QString &metric, const QDateTime &from, const QDateTime &to)
    {
        return m_fx.sql(QStringLiteral("SELECT coalesce((SELECT id::text FROM usage_closed_sets WHERE metric = '%1' AND from_day = '%2' AND to_day = '%3' ORDER BY id DESC LIMIT 1), 'no set')")
                            .arg(metric, from.date().toString(Qt::ISODate), to.date().toString(Qt::ISODate)));
    }
    QString closedSetMismatches(const QString &metric, const QDateTime &from, const QDateTime &to)
    {
        const QString id = closedSetId(metric, from, to);
        if (id == QLatin1String("no set"))
            return id;
        return m_fx.sql(QStringLiteral(
            "WITH h AS (SELECT x.tenant_id, t.plan, x.v AS q FROM ("
            "  SELECT tenant_id, CASE WHEN (SELECT kind FROM usage_metrics WHERE name = '%1') = 'gauge' THEN max(q) ELSE sum(q) END AS v FROM ("
            "   SELECT tenant_id, hour, sum(quantity) AS q FROM usage_hourly WHERE metric = '%1' AND hour >= '%2' AND hour < '%3' GROUP BY 1, 2) y GROUP BY 1) x "
            " JOIN tenants t ON t.id = x.tenant_id), "
            "k AS (SELECT tenant_id, plan, quantity AS q FROM usage_closed_values WHERE set_id = %4) "
            "SELECT count(*) FROM h FULL JOIN k USING (tenant_id) WHERE (h.plan, h.q) IS DISTINCT FROM (k.plan, k.q)").arg(metric, iso(from), iso(to), id));
    }

    // Tenants made in SQL alone (control-plane rows, as the scale seeders make them), n of them,
    // slugs prefix-NNN, plans in turn free, pro, enterprise.
    void insertTenants(const QString &prefix, int n)
    {
        QVERIFY(!m_fx.sql(QStringLiteral(
            "INSERT INTO tenants (id, slug, name, state, plan, region) SELECT gen_random_uuid(), '%1-' || lpad(i::text, 3, '0'), '%1 ' || i, 'active', "
            "(ARRAY['free', 'pro', 'enterprise'])[1 + i % 3], (SELECT region FROM tenants LIMIT 1) FROM generate_series(1, %2) i").arg(prefix).arg(n)).isNull());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString())); }

    void rollupsEqualTheHourlyRowsAfterFlushes()
    {
        const TestTenant t = makeTenant(QStringLiteral("Rolled Co"), true);
        HttpTestClient c(m_fx.baseUrl(), t.token);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(c.get(QStringLiteral("/v1/documents")).status, 200);
        QCOMPARE(c.get(QStringLiteral("/v1/limits")).status, 200);
        // Several flushes: each adds to rows the one before made.
        QTRY_COMPARE_WITH_TIMEOUT(m_fx.sql(QStringLiteral("SELECT coalesce(sum(quantity), 0) FROM usage_hourly WHERE tenant_id = '%1' AND metric = 'requests'").arg(t.id)),
                                  QStringLiteral("7"), 15000);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(c.get(QStringLiteral("/v1/documents")).status, 200);
        QCOMPARE(c.get(QStringLiteral("/v1/usage?metric=requests")).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(m_fx.sql(QStringLiteral("SELECT coalesce(sum(quantity), 0) FROM usage_hourly WHERE tenant_id = '%1' AND metric = 'requests'").arg(t.id)),
                                  QStringLiteral("12"), 15000);
        // Events add to the same rows through their own statement.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(c.post(QStringLiteral("/v1/usage/events"), {{QStringLiteral("events"), QJsonArray{QJsonObject{
                     {QStringLiteral("id"), QStringLiteral("r-1")}, {QStringLiteral("metric"), QStringLiteral("emails_sent")},
                     {QStringLiteral("quantity"), 40}, {QStringLiteral("time"), now.toString(Qt::ISODateWithMs)}}}}}).status, 200);
        // A gauge's hour is replaced, not added to, and may go down: its day is the highest hour.
        const QString hour = iso(QDateTime(now.date(), QTime(now.time().hour(), 0), QTimeZone::utc()));
        for (int v : {900, 300})
            QVERIFY(!m_fx.sql(QStringLiteral("INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) VALUES ('%1', 'members', '%2', '', %3) "
                                             "ON CONFLICT (tenant_id, metric, hour, route_class) DO UPDATE SET quantity = EXCLUDED.quantity").arg(t.id, hour).arg(v)).isNull());

        QCOMPARE(m_fx.sql(QStringLiteral("SELECT quantity FROM usage_daily WHERE tenant_id = '%1' AND metric = 'requests'").arg(t.id)), QStringLiteral("12"));
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT quantity FROM usage_daily WHERE tenant_id = '%1' AND metric = 'emails_sent'").arg(t.id)), QStringLiteral("40"));
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT quantity FROM usage_daily WHERE tenant_id = '%1' AND metric = 'members'").arg(t.id)), QStringLiteral("300"));
        QCOMPARE(dailyMismatches(t.id), QStringLiteral("0"));
        QCOMPARE(monthlyMismatches(t.id), QStringLiteral("0"));
        QCOMPARE(fleetMismatches(), QStringLiteral("0"));
    }

    void seriesFleetAndTopFromRollupsEqualTheHourlyRows()
    {
        const TestTenant a = makeTenant(QStringLiteral("Series A"));
        const TestTenant b = makeTenant(QStringLiteral("Series B"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // Some 50 days: the month before this one whole, and parts of the months around it.
        const QDateTime from = QDateTime(now.date().addDays(-50), QTime(0, 0), QTimeZone::utc());
        const QDateTime to = QDateTime(now.date().addDays(-2), QTime(0, 0), QTimeZone::utc());
        insertHours(a.id, from, to, 7);
        insertHours(b.id, from.addDays(3), to, 13);
        QCOMPARE(dailyMismatches(a.id), QStringLiteral("0"));
        QCOMPARE(monthlyMismatches(b.id), QStringLiteral("0"));
        QCOMPARE(fleetMismatches(), QStringLiteral("0"));
        // The fleet's points and by_plan over whole days, one day, one whole month and several
        // (the fleet rollups alone), and over ranges with partial days (hours too).
        const QDateTime day0 = to.addDays(-9);
        const QList<QPair<QDateTime, QDateTime>> fleetRanges = {
            {day0, to}, {day0, day0.addDays(1)}, {monthStart(now, -1), monthStart(now)}, {monthStart(from), monthStart(now)},
            {from.addSecs(5 * 3600), to.addSecs(-3 * 3600)}, {from.addSecs(-2 * 86400), to}};
        for (const QString &metric : {QStringLiteral("requests"), QStringLiteral("storage_bytes")}) {
            for (const auto &[rFrom, rTo] : fleetRanges) {
                for (const QString &step : {QStringLiteral("hour"), QStringLiteral("day"), QStringLiteral("month")}) {
                    const auto fleet = m_fx.op().get(QStringLiteral("/v1/usage/fleet?metric=%1&step=%2&from=%3&to=%4").arg(metric, step, iso(rFrom), iso(rTo))).json();
                    const QString expected = hourlySeries(metric, rFrom, rTo, step, QString());
                    QVERIFY2(!expected.isEmpty(), qPrintable(metric + step + iso(rFrom)));
                    QCOMPARE(pointsText(fleet), expected);
                    const QString plans = hourlyByPlan(metric, rFrom, rTo);
                    QVERIFY(plans.contains(QLatin1String("free:")));
                    QCOMPARE(byPlanText(fleet), plans);
                }
            }
        }
        // Ranges that start and end inside a day, so each answer joins hours, days and months.
        const QDateTime qFrom = from.addSecs(-3 * 86400 + 10 * 3600 + 1800), qTo = to.addSecs(-86400 * 2 + 7 * 3600);
        for (const QString &metric : {QStringLiteral("requests"), QStringLiteral("storage_bytes")}) {
            for (const QString &step : {QStringLiteral("hour"), QStringLiteral("day"), QStringLiteral("month")}) {
                const QString query = QStringLiteral("?metric=%1&step=%2&from=%3&to=%4").arg(metric, step, iso(qFrom), iso(qTo));
                const auto one = m_fx.op().get(QStringLiteral("/v1/tenants/%1/usage").arg(a.id) + query).json();
                const QString expected = hourlySeries(metric, qFrom, qTo, step, a.id);
                QVERIFY2(!expected.isEmpty(), qPrintable(metric + step));
                QCOMPARE(pointsText(one), expected);
                const auto fleet = m_fx.op().get(QStringLiteral("/v1/usage/fleet") + query).json();
                QCOMPARE(pointsText(fleet), hourlySeries(metric, qFrom, qTo, step, QString()));
            }
            // Fleet by plan and top: each tenant's value over the range, then per plan.
            const QString perTenant = QStringLiteral(
                "SELECT tenant_id, CASE WHEN (SELECT kind FROM usage_metrics WHERE name = '%1') = 'gauge' THEN max(q) ELSE sum(q) END AS v FROM ("
                " SELECT tenant_id, hour, sum(quantity) AS q FROM usage_hourly WHERE metric = '%1' AND hour >= '%2' AND hour < '%3' GROUP BY 1, 2) h GROUP BY 1")
                                          .arg(metric);
            const auto fleet = m_fx.op().get(QStringLiteral("/v1/usage/fleet?metric=%1&from=%2&to=%3").arg(metric, iso(qFrom), iso(qTo))).json();
            QCOMPARE(QString::number(fleet.value(QStringLiteral("by_plan")).toObject().value(QStringLiteral("free")).toObject().value(QStringLiteral("total")).toInteger()),
                     m_fx.sql(QStringLiteral("SELECT sum(x.v) FROM (%1) x JOIN tenants t ON t.id = x.tenant_id WHERE t.plan = 'free'").arg(perTenant.arg(iso(qFrom), iso(qTo)))));
            const auto top = m_fx.op().get(QStringLiteral("/v1/usage/top?metric=%1&limit=500&from=%2&to=%3").arg(metric, iso(qFrom), iso(qTo))).json();
            const QDateTime pFrom = qFrom.addSecs(-qFrom.secsTo(qTo));
            int checked = 0;
            for (const auto v : top.value(QStringLiteral("items")).toArray()) {
                const QJsonObject item = v.toObject();
                const QString id = item.value(QStringLiteral("tenant_id")).toString();
                if (id != a.id && id != b.id)
                    continue;
                ++checked;
                QCOMPARE(QString::number(item.value(QStringLiteral("value")).toInteger()),
                         m_fx.sql(QStringLiteral("SELECT v FROM (%1) x WHERE tenant_id = '%2'").arg(perTenant.arg(iso(qFrom), iso(qTo)), id)));
                QCOMPARE(QString::number(item.value(QStringLiteral("previous_value")).toInteger()),
                         m_fx.sql(QStringLiteral("SELECT coalesce((SELECT v FROM (%1) x WHERE tenant_id = '%2'), 0)").arg(perTenant.arg(iso(pFrom), iso(qFrom)), id)));
            }
            QCOMPARE(checked, 2);
        }
        // A range of whole months compares with the months just before it.
        const QDateTime m0 = monthStart(now, -1), m1 = monthStart(now);
        const auto months = m_fx.op().get(QStringLiteral("/v1/usage/top?metric=requests&limit=500&from=%1&to=%2").arg(iso(m0), iso(m1))).json();
        for (const auto v : months.value(QStringLiteral("items")).toArray()) {
            const QJsonObject item = v.toObject();
            if (item.value(QStringLiteral("tenant_id")).toString() != a.id)
                continue;
            QCOMPARE(QString::number(item.value(QStringLiteral("previous_value")).toInteger()),
                     m_fx.sql(QStringLiteral("SELECT coalesce(sum(quantity), 0) FROM usage_hourly WHERE tenant_id = '%1' AND metric = 'requests' AND hour >= '%2' AND hour < '%3'")
                                  .arg(a.id, iso(monthStart(now, -2)), iso(m0))));
        }
    }

    // A tenant counts under its current plan: a plan change moves its usage in the fleet rollups,
    // and a tenant's removal takes it out of by_plan (its usage stays in the fleet's points).
    void aPlanChangeMovesTheTenantsFleetRollups()
    {
        const TestTenant t = makeTenant(QStringLiteral("Replanned Co"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime from = QDateTime(now.date().addDays(-40), QTime(0, 0), QTimeZone::utc()), to = QDateTime(now.date(), QTime(0, 0), QTimeZone::utc());
        insertHours(t.id, from, to, 11);
        const QString query = QStringLiteral("?metric=requests&step=day&from=%1&to=%2").arg(iso(monthStart(now, -1)), iso(monthStart(now)));
        const QString freeBefore = byPlanText(m_fx.op().get(QStringLiteral("/v1/usage/fleet") + query).json());
        QVERIFY(freeBefore.contains(QLatin1String("free:")));
        QVERIFY(!m_fx.sql(QStringLiteral("UPDATE tenants SET plan = 'enterprise' WHERE id = '%1'").arg(t.id)).isNull());
        QCOMPARE(fleetMismatches(), QStringLiteral("0"));
        const auto after = m_fx.op().get(QStringLiteral("/v1/usage/fleet") + query).json();
        QVERIFY(byPlanText(after).contains(QLatin1String("enterprise:")));
        QVERIFY(byPlanText(after) != freeBefore);
        QCOMPARE(byPlanText(after), hourlyByPlan(QStringLiteral("requests"), monthStart(now, -1), monthStart(now)));
        QCOMPARE(pointsText(after), hourlySeries(QStringLiteral("requests"), monthStart(now, -1), monthStart(now), QStringLiteral("day"), QString()));
        // Usage of a tenant without a tenants row: in the points, in no plan.
        const QString ghost = QStringLiteral("0badc0de-0000-4000-8000-000000000001");
        insertHours(ghost, from, to, 5);
        QCOMPARE(fleetMismatches(), QStringLiteral("0"));
        const auto withGhost = m_fx.op().get(QStringLiteral("/v1/usage/fleet") + query).json();
        QCOMPARE(byPlanText(withGhost), byPlanText(after));
        QCOMPARE(pointsText(withGhost), hourlySeries(QStringLiteral("requests"), monthStart(now, -1), monthStart(now), QStringLiteral("day"), QString()));
        QVERIFY(pointsText(withGhost) != pointsText(after));
        // Removing hours takes them out of every rollup.
        QVERIFY(!m_fx.sql(QStringLiteral("DELETE FROM usage_hourly WHERE tenant_id = '%1'").arg(ghost)).isNull());
        QCOMPARE(fleetMismatches(), QStringLiteral("0"));
        QCOMPARE(pointsText(m_fx.op().get(QStringLiteral("/v1/usage/fleet") + query).json()), pointsText(after));
    }

    // The top of whole days and months is read by a threshold scan of the rollups' indexes, and
    // each shown plan's median is kept over whole buckets until one of their rollups changes; over
    // days up to today, each tenant's value of the days before today is kept (usage_closed_sets)
    // and today's read at each request: every answer is what the hourly rows give, for a closed
    // calendar month, for days up to today (the current, partial day included) and past it, after
    // an hour of today, of a closed day of the month and of a day of the week before today
    // change, after plan changes, after tenants without usage are added and after one of them has
    // its first hour today.
    void topAndPlanMediansEqualTheHourlyRows()
    {
        insertTenants(QStringLiteral("ranked"), 90);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime today(now.date(), QTime(0, 0), QTimeZone::utc());
        const QDateTime hourNow(now.date(), QTime(now.time().hour(), 0), QTimeZone::utc());
        // Hours of every ranked tenant from last month to now: values that differ by tenant and hour.
        QVERIFY(!m_fx.sql(QStringLiteral(
            "INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) "
            "SELECT t.id, m, h, '', ((hashtext(t.slug || m || h::text) & 2147483647) % 50) * (1 + (substr(t.slug, 8)::int % 7)) "
            "FROM tenants t, unnest(ARRAY['requests', 'storage_bytes']) m, generate_series('%1'::timestamptz, '%2'::timestamptz, interval '1 hour') h "
            "WHERE t.slug LIKE 'ranked-%' AND (substr(t.slug, 8)::int % 10 <> 0 OR h > '%3'::timestamptz)")
                              .arg(iso(monthStart(now, -2)), iso(hourNow), iso(today.addDays(-3)))).isNull());
        QCOMPARE(fleetMismatches(), QStringLiteral("0"));
        const QDateTime week = today.addDays(-6), tomorrow = today.addDays(1);
        const QList<QPair<QDateTime, QDateTime>> ranges = {
            {monthStart(now, -1), monthStart(now)}, {week, tomorrow}, {today.addDays(-2), today.addDays(-1)}, {today.addDays(-20), today.addDays(2)}};
        const auto check = [&](const char *when) {
            for (const QString &metric : {QStringLiteral("requests"), QStringLiteral("storage_bytes")})
                for (const auto &[from, to] : ranges)
                    for (const QString &plan : {QString(), QStringLiteral("pro"), QStringLiteral("free")})
                        for (int limit : {3, 20}) {
                            const QString url = QStringLiteral("/v1/usage/top?metric=%1&from=%2&to=%3&limit=%4%5")
                                                    .arg(metric, iso(from), iso(to)).arg(limit).arg(plan.isEmpty() ? QString() : QStringLiteral("&plan=") + plan);
                            const QString expected = hourlyTop(metric, from, to, limit, plan);
                            // Twice: the second answer reads what the first kept.
                            for (int i = 0; i < 2; ++i)
                                QVERIFY2(topText(m_fx.op().get(url).json()) == expected, qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(when), url)));
                        }
        };
        check("as seeded");
        // The medians of the ranges up to tomorrow and past it added kept values of their days
        // before today to today's: those kept are each tenant's, under its plan, as the hourly rows give.
        const auto closedSetsAreExact = [&](const char *when) {
            for (const QString &metric : {QStringLiteral("requests"), QStringLiteral("storage_bytes")})
                for (const QDateTime &from : {week, today.addDays(-20)})
                    QVERIFY2(closedSetMismatches(metric, from, today) == QLatin1String("0"), qPrintable(QStringLiteral("%1: %2 from %3").arg(QLatin1String(when), metric, iso(from))));
        };
        closedSetsAreExact("as seeded");
        const QString weekSet = closedSetId(QStringLiteral("requests"), week, today);
        // An hour of today (a flush would write it), and a correction of a closed day's hour.
        QVERIFY(!m_fx.sql(QStringLiteral("UPDATE usage_hourly SET quantity = quantity + 4000 WHERE hour = '%1' AND tenant_id = (SELECT id FROM tenants WHERE slug = 'ranked-005')")
                              .arg(iso(hourNow))).isNull());
        check("after an hour of today changed");
        QVERIFY(!m_fx.sql(QStringLiteral("UPDATE usage_hourly SET quantity = quantity + 9000 WHERE hour = '%1' AND tenant_id = (SELECT id FROM tenants WHERE slug = 'ranked-011')")
                              .arg(iso(monthStart(now, -1).addDays(3)))).isNull());
        check("after a closed day changed");
        // Today's hour changed nothing kept; a late hour of a day of the week before today makes
        // the week's set again (its fingerprint moved), and the old one goes.
        QCOMPARE(closedSetId(QStringLiteral("requests"), week, today), weekSet);
        QVERIFY(!m_fx.sql(QStringLiteral("UPDATE usage_hourly SET quantity = quantity + 7000 WHERE hour = '%1' AND tenant_id = (SELECT id FROM tenants WHERE slug = 'ranked-017')")
                              .arg(iso(today.addDays(-2).addSecs(5 * 3600)))).isNull());
        check("after a day of the week before today changed");
        QVERIFY(closedSetId(QStringLiteral("requests"), week, today) != weekSet);
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM usage_closed_sets WHERE metric = 'requests' AND from_day = '%1' AND to_day = '%2'")
                              .arg(week.date().toString(Qt::ISODate), today.date().toString(Qt::ISODate))),
                 QStringLiteral("1"));
        closedSetsAreExact("after a day of the week before today changed");
        QVERIFY(!m_fx.sql(QStringLiteral("UPDATE tenants SET plan = 'pro' WHERE slug IN ('ranked-003', 'ranked-010')")).isNull());
        check("after plan changes");
        closedSetsAreExact("after plan changes");
        QCOMPARE(fleetMismatches(), QStringLiteral("0"));
        // The best pro tenant of the week moves to free: in free's top with the week's whole value
        // (its rollups moved to free's lists, today's and the kept days' alike), out of pro's.
        const QString weekTop = QStringLiteral("/v1/usage/top?metric=requests&from=%1&to=%2&limit=20&plan=").arg(iso(week), iso(tomorrow));
        const QString bestPro = hourlyTop(QStringLiteral("requests"), week, tomorrow, 1, QStringLiteral("pro"));
        const QString moved = bestPro.section(QLatin1Char(':'), 0, 0), movedValue = bestPro.section(QLatin1Char(':'), 1, 1);
        QVERIFY(topText(m_fx.op().get(weekTop + QStringLiteral("pro")).json()).startsWith(moved + QLatin1Char(':') + movedValue + QLatin1Char(':')));
        QVERIFY(!topText(m_fx.op().get(weekTop + QStringLiteral("free")).json()).contains(moved));
        QVERIFY(!m_fx.sql(QStringLiteral("UPDATE tenants SET plan = 'free' WHERE id = '%1'").arg(moved)).isNull());
        QVERIFY(topText(m_fx.op().get(weekTop + QStringLiteral("free")).json()).contains(moved + QLatin1Char(':') + movedValue + QLatin1Char(':')));
        QVERIFY(!topText(m_fx.op().get(weekTop + QStringLiteral("pro")).json()).contains(moved));
        check("after a tenant moved from pro to free");
        QCOMPARE(fleetMismatches(), QStringLiteral("0"));
        insertTenants(QStringLiteral("idle"), 7);
        check("after tenants without usage were added");
        // A tenant whose first usage is today: in no kept set, in its plan's median.
        QVERIFY(!m_fx.sql(QStringLiteral("INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) SELECT id, m, '%1', '', 100000 FROM tenants, "
                                         "unnest(ARRAY['requests', 'storage_bytes']) m WHERE slug IN ('idle-001', 'idle-002', 'idle-003')").arg(iso(hourNow))).isNull());
        check("after tenants had their first hour today");
        QCOMPARE(fleetMismatches(), QStringLiteral("0"));
        // The hourly upkeep keeps the console's windows (7, 30 and 90 days up to tomorrow) ahead
        // of the first request, for each metric, as exact.
        QCOMPARE(m_fx.op().request("POST", QStringLiteral("/v1/usage/seal")).status, 200);
        for (int days : {7, 30, 90})
            QCOMPARE(closedSetMismatches(QStringLiteral("requests"), tomorrow.addDays(-days), today), QStringLiteral("0"));
        QCOMPARE(closedSetMismatches(QStringLiteral("storage_bytes"), tomorrow.addDays(-30), today), QStringLiteral("0"));
    }

    // by_plan over several days up to today counts tenants from their last day, over other
    // ranges it is kept until a rollup of its buckets changes; either is what the hourly rows
    // give, before and after today's hours, a closed day and a plan change.
    void byPlanOverSeveralBucketsEqualsTheHourlyRows()
    {
        const TestTenant t = makeTenant(QStringLiteral("Counted Co"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime today(now.date(), QTime(0, 0), QTimeZone::utc());
        const QDateTime hourNow(now.date(), QTime(now.time().hour(), 0), QTimeZone::utc());
        insertHours(t.id, today.addDays(-20), hourNow.addSecs(3600), 17);
        const QList<QPair<QDateTime, QDateTime>> ranges = {
            {today.addDays(-6), today.addDays(1)}, {today.addDays(-13), today.addDays(-1)}, {monthStart(now, -2), monthStart(now)}, {monthStart(now, -1), today.addDays(1)}};
        const auto check = [&](const char *when) {
            for (const QString &metric : {QStringLiteral("requests"), QStringLiteral("storage_bytes")})
                for (const auto &[from, to] : ranges)
                    for (int i = 0; i < 2; ++i) {
                        const QString url = QStringLiteral("/v1/usage/fleet?metric=%1&step=day&from=%2&to=%3").arg(metric, iso(from), iso(to));
                        QVERIFY2(byPlanText(m_fx.op().get(url).json()) == hourlyByPlan(metric, from, to), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(when), url)));
                    }
        };
        check("as written");
        const TestTenant late = makeTenant(QStringLiteral("Counted Late"));
        insertHours(late.id, hourNow, hourNow.addSecs(3600), 3); // its first usage: today
        check("after a tenant's first hour today");
        insertHours(late.id, today.addDays(-10), today.addDays(-9), 3); // and a closed day
        check("after a closed day was written");
        QVERIFY(!m_fx.sql(QStringLiteral("UPDATE tenants SET plan = 'enterprise' WHERE id = '%1'").arg(t.id)).isNull());
        check("after a plan change");
        QCOMPARE(m_fx.sql(QStringLiteral(
                     "SELECT count(*) FROM (SELECT d.tenant_id, d.metric, coalesce(min(t.plan), '') AS plan, max(d.day) AS day FROM usage_daily d LEFT JOIN tenants t ON t.id = d.tenant_id GROUP BY 1, 2) e "
                     "FULL JOIN usage_tenant_last l USING (tenant_id, metric) WHERE (e.plan, e.day) IS DISTINCT FROM (l.plan, l.day)")),
                 QStringLiteral("0"));
    }

    void aSealMakesTheRollupsOfItsDaysExact()
    {
        const TestTenant t = makeTenant(QStringLiteral("Sealed Rollups"));
        const QDateTime day = QDateTime(QDateTime::currentDateTimeUtc().date().addDays(-5), QTime(0, 0), QTimeZone::utc());
        insertHours(t.id, day, day.addDays(2), 3);
        QCOMPARE(dailyMismatches(t.id), QStringLiteral("0"));
        // Something writes around the triggers: the rollup of a day no longer matches its hours.
        QVERIFY(!m_fx.sql(QStringLiteral("UPDATE usage_daily SET quantity = quantity + 5 WHERE tenant_id = '%1' AND metric = 'requests' AND day = '%2'")
                              .arg(t.id, day.date().toString(Qt::ISODate))).isNull());
        QCOMPARE(dailyMismatches(t.id), QStringLiteral("1"));
        QCOMPARE(fleetMismatches(), QStringLiteral("0")); // the fleet's follow the tenant's rollups, even written around
        const auto sealed = m_fx.op().request("POST", QStringLiteral("/v1/usage/seal"));
        QCOMPARE(sealed.status, 200);
        QVERIFY(sealed.json().value(QStringLiteral("sealed_days")).toInt() >= 2);
        QCOMPARE(dailyMismatches(t.id), QStringLiteral("0"));
        QCOMPARE(monthlyMismatches(t.id), QStringLiteral("0"));
        // The seals are over the hourly rows, as before the rollups.
        const auto verdict = m_fx.op().get(QStringLiteral("/v1/tenants/%1/usage/verify").arg(t.id)).json();
        QVERIFY2(verdict.value(QStringLiteral("ok")).toBool(), QJsonDocument(verdict).toJson().constData());
        QVERIFY(verdict.value(QStringLiteral("days_checked")).toInt() >= 2);
    }

    void partitionsAreMadeAheadAndAnHourWithoutOneStillLands()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto exists = [&](const QDateTime &month) {
            return m_fx.sql(QStringLiteral("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                                           "WHERE i.inhparent = 'usage_hourly'::regclass AND c.relname = '%1'").arg(partitionOf(month)));
        };
        for (int ahead : {0, 1, 2})
            QCOMPARE(exists(monthStart(now, ahead)), QStringLiteral("1"));
        // The month after next has no partition yet (an empty one made ahead is dropped here);
        // an hour in it lands in the default partition.
        const QDateTime later = monthStart(now, 2);
        QVERIFY(!m_fx.sql(QStringLiteral("DROP TABLE %1").arg(partitionOf(later))).isNull());
        const TestTenant t = makeTenant(QStringLiteral("Ahead Co"));
        QVERIFY(!m_fx.sql(QStringLiteral("INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) VALUES ('%1', 'requests', '%2', 'x', 21)")
                              .arg(t.id, iso(later.addDays(3)))).isNull());
        const auto where = [&] {
            return m_fx.sql(QStringLiteral("SELECT tableoid::regclass FROM usage_hourly WHERE tenant_id = '%1'").arg(t.id));
        };
        QCOMPARE(where(), QStringLiteral("usage_hourly_default"));
        // The upkeep (hourly, or with a seal now) makes the partition and moves the row into it,
        // counted once.
        const auto r = m_fx.op().request("POST", QStringLiteral("/v1/usage/seal"));
        QCOMPARE(r.status, 200);
        // (Months other tests wrote hours of, still in the default partition, get theirs too.)
        QVERIFY(r.json().value(QStringLiteral("partitions_made")).toArray().contains(partitionOf(later)));
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM usage_hourly_default")), QStringLiteral("0"));
        QCOMPARE(where(), partitionOf(later));
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT quantity FROM usage_monthly WHERE tenant_id = '%1'").arg(t.id)), QStringLiteral("21"));
        QCOMPARE(dailyMismatches(t.id), QStringLiteral("0"));
        // The application role cannot make or drop tables itself, only through the upkeep.
        QVERIFY(m_fx.sql(QStringLiteral("SET ROLE portico_app; CREATE TABLE usage_hourly_p209901 PARTITION OF usage_hourly FOR VALUES FROM ('2099-01-01') TO ('2099-02-01')")).isNull());
    }

    void retentionDropsWholeMonthsAndKeepsTheRollups()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // The default keeps 13 months of hourly rows: this month and the 12 before it.
        const QDateTime expired = monthStart(now, -13), kept = monthStart(now, -12);
        const TestTenant t = makeTenant(QStringLiteral("Retained Co"));
        for (const QDateTime &m : {expired, kept})
            QVERIFY(!m_fx.sql(QStringLiteral("SELECT portico_usage_add_partition('%1')").arg(m.date().toString(Qt::ISODate))).isNull());
        insertHours(t.id, expired.addDays(27), kept.addDays(2), 5); // the end of one, the start of the other
        const QString hourlyOld = QStringLiteral("SELECT count(*) FROM usage_hourly WHERE tenant_id = '%1' AND hour < '%2'").arg(t.id, iso(kept));
        QVERIFY(m_fx.sql(hourlyOld).toInt() > 0);
        const QString rollups = QStringLiteral("SELECT string_agg(metric || '@' || day || '=' || quantity, ',' ORDER BY metric, day) FROM usage_daily WHERE tenant_id = '%1'").arg(t.id);
        const QString monthly = QStringLiteral("SELECT string_agg(metric || '@' || month || '=' || quantity, ',' ORDER BY metric, month) FROM usage_monthly WHERE tenant_id = '%1'").arg(t.id);
        const QString dailyBefore = m_fx.sql(rollups), monthlyBefore = m_fx.sql(monthly);
        QVERIFY(dailyBefore.contains(expired.addDays(27).date().toString(Qt::ISODate)));

        const auto r = m_fx.op().request("POST", QStringLiteral("/v1/usage/seal"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("partitions_dropped")).toArray(), QJsonArray{partitionOf(expired)});
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT to_regclass('%1') IS NULL, to_regclass('%2') IS NULL").arg(partitionOf(expired), partitionOf(kept))), QStringLiteral("t|f"));
        QCOMPARE(m_fx.sql(hourlyOld), QStringLiteral("0"));            // the expired month's hours are gone
        QVERIFY(m_fx.sql(QStringLiteral("SELECT count(*) FROM usage_hourly WHERE tenant_id = '%1'").arg(t.id)).toInt() > 0); // the kept month's are not
        QCOMPARE(m_fx.sql(rollups), dailyBefore);                      // every rollup is still there, unchanged
        QCOMPARE(m_fx.sql(monthly), monthlyBefore);
        // The seals start where the hourly rows are kept and check out.
        const auto verdict = m_fx.op().get(QStringLiteral("/v1/tenants/%1/usage/verify").arg(t.id)).json();
        QVERIFY2(verdict.value(QStringLiteral("ok")).toBool(), QJsonDocument(verdict).toJson().constData());
        // Nothing more to drop the second time.
        QCOMPARE(m_fx.op().request("POST", QStringLiteral("/v1/usage/seal")).json().value(QStringLiteral("partitions_dropped")).toArray(), QJsonArray{});
    }

    // Quotas load this month's totals at start, from the monthly rollups now: a restarted server
    // reports the same month to date as the hourly rows give.
    void monthToDateIsUnchangedAcrossARestart()
    {
        const TestTenant t = makeTenant(QStringLiteral("Month To Date Co"), true);
        HttpTestClient c(m_fx.baseUrl(), t.token);
        for (int i = 0; i < 9; ++i)
            QCOMPARE(c.get(QStringLiteral("/v1/documents")).status, 200);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(c.post(QStringLiteral("/v1/usage/events"), {{QStringLiteral("events"), QJsonArray{QJsonObject{
                     {QStringLiteral("id"), QStringLiteral("m-1")}, {QStringLiteral("metric"), QStringLiteral("emails_sent")},
                     {QStringLiteral("quantity"), 17}, {QStringLiteral("time"), now.toString(Qt::ISODateWithMs)}}}}}).status, 200);
        const QString hourly = QStringLiteral("SELECT coalesce(sum(quantity), 0) FROM usage_hourly WHERE tenant_id = '%1' AND metric = '%2' AND hour >= '%3'");
        // The event's POST is a request too.
        QTRY_COMPARE_WITH_TIMEOUT(m_fx.sql(hourly.arg(t.id, QStringLiteral("requests"), iso(monthStart(now)))), QStringLiteral("10"), 15000);
        const auto used = [&](HttpTestClient &op) {
            const QJsonObject u = op.get(QStringLiteral("/v1/tenants/%1/limits").arg(t.id)).json().value(QStringLiteral("used")).toObject();
            return QStringLiteral("%1,%2").arg(u.value(QStringLiteral("requests")).toInteger()).arg(u.value(QStringLiteral("emails_sent")).toInteger());
        };
        const QString before = used(m_fx.op());
        QCOMPARE(before, QStringLiteral("%1,%2").arg(m_fx.sql(hourly.arg(t.id, QStringLiteral("requests"), iso(monthStart(now)))),
                                                     m_fx.sql(hourly.arg(t.id, QStringLiteral("emails_sent"), iso(monthStart(now))))));
        m_fx.server().stop();
        QVERIFY2(m_fx.server().start(), qPrintable(m_fx.server().errorString()));
        HttpTestClient op(m_fx.baseUrl(), m_fx.server().operatorToken());
        QCOMPARE(used(op), before);
    }
};

QTEST_GUILESS_MAIN(TestServerUsageRollups)
#include "tst_server_usage_rollups.moc"
