// UsageSeriesModel without a server or a display: LTTB downsampling through core/, the CSV of
// exactly the shown points, value formatting, the automatic step; under QAbstractItemModelTester.
#include "core/timeutil.h"
#include "models/fleetusagemodel.h"
#include "models/usagemetricsmodel.h"
#include "models/usageseriesmodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>
#include <QTimeZone>
#include <cmath>

using namespace portico;

namespace {
UsageSeries hourly(int count, const QString &unit = QStringLiteral("requests"))
{
    UsageSeries s;
    s.metric = QStringLiteral("requests");
    s.metricLabel = QStringLiteral("API requests");
    s.tenantId = QStringLiteral("5b0e2f0c-0000-4000-8000-000000000001");
    s.tenantSlug = QStringLiteral("acme");
    s.tenantName = QStringLiteral("Acme Ltd");
    s.unit = unit;
    s.kind = QStringLiteral("counter");
    s.step = QStringLiteral("hour");
    s.from = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
    s.to = s.from.addSecs(qint64(count) * 3600);
    for (int i = 0; i < count; ++i) {
        const double v = std::round(1000 + 800 * std::sin(i / 24.0 * 6.283) + (i % 7) * 13);
        s.points.append(QPointF(double(s.from.addSecs(qint64(i) * 3600).toMSecsSinceEpoch()), v));
        s.total += qint64(v);
    }
    return s;
}
} // namespace

class TestUsageModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void shortSeriesIsShownAsIs()
    {
        UsageSeriesModel model(nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const UsageSeries s = hourly(48);
        model.setSeries(s);
        QCOMPARE(model.rowCount(), 48);
        QVERIFY(!model.isDownsampled());
        QCOMPARE(model.shownPoints(), s.points);
    }

    void yearOfHoursIsDownsampled_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("threshold");
        QTest::newRow("a year, default") << 365 * 24 << int(UsageSeriesModel::kDefaultThreshold);
        QTest::newRow("90 days to 500") << 90 * 24 << 500;
        QTest::newRow("just over") << 1501 << 1500;
    }
    void yearOfHoursIsDownsampled()
    {
        QFETCH(int, count);
        QFETCH(int, threshold);
        UsageSeriesModel model(nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setThreshold(threshold);
        const UsageSeries s = hourly(count);
        model.setSeries(s);
        QVERIFY(model.isDownsampled());
        QVERIFY(model.rowCount() <= threshold);
        QVERIFY(model.rowCount() >= threshold - 1);
        QCOMPARE(model.shownPoints().first(), s.points.first());
        QCOMPARE(model.shownPoints().last(), s.points.last());
        QCOMPARE(model.rawPointCount(), count);
        // Every shown point is one of the series' own points, in order.
        qsizetype j = 0;
        for (const QPointF &p : model.shownPoints()) {
            while (j < s.points.size() && s.points.at(j) != p)
                ++j;
            QVERIFY2(j < s.points.size(), "a shown point is not from the series");
        }
    }

    void csvIsExactlyTheShownPoints()
    {
        UsageSeriesModel model(nullptr);
        model.setThreshold(100);
        model.setSeries(hourly(1000));
        QVERIFY(model.isDownsampled());
        QVERIFY(model.shownPoints().size() >= 99); // so the line-by-line check below has lines to check
        QCOMPARE(model.rowCount(), model.shownPoints().size());
        const QStringList lines = model.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QStringLiteral("tenant_id,tenant_slug,metric,metric_name,unit,bucket_start,value"));
        QCOMPARE(lines.size() - 1, model.shownPoints().size());
        for (int i = 0; i < model.shownPoints().size(); ++i) {
            const QPointF &p = model.shownPoints().at(i);
            const QStringList cells = lines.at(i + 1).split(QLatin1Char(','));
            QCOMPARE(cells.size(), 7);
            QCOMPARE(cells.at(0), QStringLiteral("5b0e2f0c-0000-4000-8000-000000000001"));
            QCOMPARE(cells.at(1), QStringLiteral("acme"));
            QCOMPARE(cells.at(2), QStringLiteral("requests"));
            QCOMPARE(cells.at(3), QStringLiteral("API requests"));
            QCOMPARE(cells.at(4), QStringLiteral("requests"));
            QCOMPARE(fromIsoUtc(cells.at(5)).toMSecsSinceEpoch(), qint64(p.x()));
            QVERIFY(cells.at(5).endsWith(QLatin1Char('Z')));
            QCOMPARE(cells.at(6).toDouble(), p.y());
            QCOMPARE(model.index(i, UsageSeriesModel::TimeColumn).data(UsageSeriesModel::TimeMsRole).toLongLong(), qint64(p.x()));
        }
        QVERIFY(lines.at(1).endsWith(QStringLiteral(",2026-01-01T00:00:00.000Z,%1").arg(qint64(model.shownPoints().first().y()))));
    }

    void formatting_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bytes") << "bytes" << 1536.0 << "1.5 KiB";
        QTest::newRow("bytes large") << "bytes" << 5.0 * 1024 * 1024 * 1024 << "5.0 GiB";
        QTest::newRow("bytes small") << "bytes" << 12.0 << "12 bytes";
        QTest::newRow("ms") << "milliseconds" << 950.0 << "950 ms";
        QTest::newRow("seconds") << "milliseconds" << 12500.0 << "12.5 s";
        QTest::newRow("minutes") << "milliseconds" << 90000.0 << "1.5 min";
        QTest::newRow("hours") << "milliseconds" << 5400000.0 << "1.5 h";
        QTest::newRow("count") << "requests" << 1234567.0 << "1,234,567 requests";
        QTest::newRow("count no unit") << "" << 42.0 << "42";
    }
    void formatting()
    {
        QFETCH(QString, unit);
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(UsageSeriesModel::formatValue(unit, value), expected);
    }

    void stepAndQuota()
    {
        const QDateTime to = QDateTime::currentDateTimeUtc();
        QCOMPARE(UsageSeriesModel::autoStep(to.addDays(-1), to), QStringLiteral("hour"));
        QCOMPARE(UsageSeriesModel::autoStep(to.addDays(-7), to), QStringLiteral("hour"));
        QCOMPARE(UsageSeriesModel::autoStep(to.addDays(-30), to), QStringLiteral("day"));

        UsageSeriesModel model(nullptr);
        UsageSeries s = hourly(24);
        s.quota = UsageQuota{20000, 15000, QStringLiteral("overage"), s.from, s.to, std::nullopt};
        model.setSeries(s);
        QVERIFY(!model.quotaAsLine()); // an hourly counter is not comparable with a monthly limit
        QVERIFY2(model.captionText().contains(QStringLiteral("75.0 %")), qPrintable(model.captionText()));
        QVERIFY(model.captionText().contains(QStringLiteral("overage")));
        QVERIFY(model.captionText().startsWith(QStringLiteral("Total ") + QLocale().toString(s.total)));
        s.kind = QStringLiteral("gauge");
        model.setSeries(s);
        QVERIFY(model.quotaAsLine());
    }

    // The month view: a fixed "now" (10 Dec 2026, 12:00 UTC) and 1,000 requests a day from the
    // 1st; at that rate December ends at 31,000, past a quota of 20,000.
    void monthToDateProjectsTheMonthEnd()
    {
        const QDateTime now(QDate(2026, 12, 10), QTime(12, 0), QTimeZone::utc());
        UsageSeries s;
        s.tenantId = QStringLiteral("t1");
        s.metric = QStringLiteral("requests");
        s.metricLabel = QStringLiteral("API requests");
        s.unit = QStringLiteral("requests");
        s.kind = QStringLiteral("counter");
        s.step = QStringLiteral("day");
        s.from = QDateTime(QDate(2026, 12, 1), QTime(0, 0), QTimeZone::utc());
        s.to = now;
        // Nine whole days and half of the tenth: 9,500 by now.
        for (int d = 0; d < 10; ++d)
            s.points.append(QPointF(double(s.from.addDays(d).toMSecsSinceEpoch()), d < 9 ? 1000.0 : 500.0));
        s.quota = UsageQuota{20000, 9500, QStringLiteral("overage"), s.from, QDateTime(QDate(2027, 1, 1), QTime(0, 0), QTimeZone::utc()), std::nullopt};

        const MonthToDate mtd = monthToDate(s.points, s.step, now);
        QCOMPARE(mtd.period.start, s.from);
        QCOMPARE(mtd.used, 9500.0);
        QVERIFY(mtd.projected);
        // 9,500 in 9.5 days of 31: 31,000.
        QCOMPARE(std::round(*mtd.projected), 31000.0);
        QCOMPARE(mtd.cumulative.size(), 11);
        QCOMPARE(mtd.cumulative.first(), QPointF(double(s.from.toMSecsSinceEpoch()), 0.0));
        QCOMPARE(mtd.cumulative.at(1).x(), double(s.from.addDays(1).toMSecsSinceEpoch())); // a bucket counts at its end
        QCOMPARE(mtd.cumulative.last().x(), double(now.toMSecsSinceEpoch()));             // never past now
        QCOMPARE(mtd.cumulative.last().y(), 9500.0);
        for (int i = 1; i < mtd.cumulative.size(); ++i)
            QVERIFY(mtd.cumulative.at(i).y() >= mtd.cumulative.at(i - 1).y());
        // Last month's buckets and the first hour of a month: no projection from those.
        QList<QPointF> withNovember = s.points;
        withNovember.prepend(QPointF(double(s.from.addDays(-1).toMSecsSinceEpoch()), 99999.0));
        QCOMPARE(monthToDate(withNovember, s.step, now).used, 9500.0);
        QVERIFY(!monthToDate(s.points, s.step, s.from.addSecs(1800)).projected);

        UsageSeriesModel model(nullptr);
        model.setClock([now] { return now; });
        model.setSeries(s);
        QVERIFY(!model.isMonthView()); // until the panel asks for it
        QVERIFY(!model.monthToDate());
        model.setMonthView(true);
        QVERIFY(model.isMonthView());
        QVERIFY(model.quotaAsLine());
        QCOMPARE(model.projectionText(), QStringLiteral("projected 31 k of 20 k requests by 31 Dec"));
        QVERIFY2(model.captionText().contains(QStringLiteral("Month to date 9,500 requests of 20,000 requests (47.5 %")),
                 qPrintable(model.captionText()));
        QVERIFY(model.captionText().contains(model.projectionText()));
        // A gauge is comparable with its quota as it is: no running total.
        s.kind = QStringLiteral("gauge");
        model.setSeries(s);
        QVERIFY(!model.isMonthView());
        QVERIFY(model.projectionText().isEmpty());
    }

    void compactNumbers_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("small") << 950.0 << QStringLiteral("950 requests");
        QTest::newRow("thousands") << 12500.0 << QStringLiteral("12.5 k requests");
        QTest::newRow("a million") << 1000000.0 << QStringLiteral("1 M requests");
        QTest::newRow("millions") << 1230000.0 << QStringLiteral("1.2 M requests");
        QTest::newRow("billions") << 3.4e9 << QStringLiteral("3.4 G requests");
    }
    void compactNumbers()
    {
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(UsageSeriesModel::formatCompact(QStringLiteral("requests"), value), expected);
    }

    // Names, not keys: the label, with the unit where the label does not say it; the key when
    // an older server sent no label.
    void metricNames()
    {
        QCOMPARE(metricDisplayName(QStringLiteral("emails_sent"), QStringLiteral("Emails sent"), QStringLiteral("emails")), QStringLiteral("Emails sent"));
        QCOMPARE(metricDisplayName(QStringLiteral("storage_bytes"), QStringLiteral("Storage"), QStringLiteral("bytes")), QStringLiteral("Storage (bytes)"));
        QCOMPARE(metricDisplayName(QStringLiteral("compute_ms"), QStringLiteral("Server time"), QStringLiteral("milliseconds")),
                 QStringLiteral("Server time (milliseconds)"));
        QCOMPARE(metricDisplayName(QStringLiteral("members"), QString(), QStringLiteral("members")), QStringLiteral("members"));

        UsageMetricsModel metrics(nullptr);
        QAbstractItemModelTester tester(&metrics, QAbstractItemModelTester::FailureReportingMode::Fatal);
        UsageMetric m;
        m.name = QStringLiteral("sms_sent");
        m.label = QStringLiteral("Text messages sent");
        m.unit = QStringLiteral("messages");
        m.kind = QStringLiteral("counter");
        metrics.setMetrics({m});
        QCOMPARE(metrics.index(0).data().toString(), QStringLiteral("Text messages sent"));
        QCOMPARE(metrics.index(0).data(UsageMetricsModel::NameRole).toString(), QStringLiteral("sms_sent"));

        UsageSeriesModel series(nullptr);
        series.setSeries(hourly(3));
        QCOMPARE(series.metricName(), QStringLiteral("API requests"));
        const QStringList title = series.exportTitle();
        QCOMPARE(title.size(), 3);
        QCOMPARE(title.at(0), QStringLiteral("Acme Ltd (acme)"));
        QVERIFY(title.at(1).contains(QStringLiteral("API requests")) && title.at(1).contains(QStringLiteral("requests")));
        QCOMPARE(title.at(2), QStringLiteral("2026-01-01 00:00 to 2026-01-01 03:00 UTC · one point per hour"));

        FleetUsageModel top(nullptr);
        QAbstractItemModelTester topTester(&top, QAbstractItemModelTester::FailureReportingMode::Fatal);
        UsageTop t;
        t.metric = QStringLiteral("compute_ms");
        t.metricLabel = QStringLiteral("Server time");
        t.unit = QStringLiteral("milliseconds");
        top.setTop(t);
        QCOMPARE(top.headerData(FleetUsageModel::ValueColumn, Qt::Horizontal).toString(), QStringLiteral("Server time (milliseconds)"));
        QCOMPARE(top.headerData(FleetUsageModel::QuotaColumn, Qt::Horizontal).toString(), QStringLiteral("Quota used % (MTD)"));
        QVERIFY(top.headerData(FleetUsageModel::QuotaColumn, Qt::Horizontal, Qt::ToolTipRole).toString().contains(QStringLiteral("month")));
    }

    void fleetProxySortsNumerically()
    {
        FleetUsageModel model(nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        UsageTop top;
        top.unit = QStringLiteral("requests");
        const auto item = [](const char *name, qint64 value, std::optional<double> growth, double quotaPct) {
            UsageTopItem t;
            t.tenantId = QString::fromLatin1(name);
            t.name = QString::fromLatin1(name);
            t.plan = QStringLiteral("pro");
            t.value = value;
            t.growthPct = growth;
            t.quota = UsageQuota{1000, qint64(quotaPct * 10), QStringLiteral("block"), {}, {}, quotaPct};
            return t;
        };
        top.items = {item("a", 900, 5.0, 90), item("b", 10000, std::nullopt, 20), item("c", 95, -3.0, 120)};
        model.setTop(top);
        FleetUsageFilterModel proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.setSourceModel(&model);
        proxy.sort(FleetUsageModel::ValueColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("b")); // 10000 > 900 > 95, not "95" > "900"
        QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("c"));
        proxy.sort(FleetUsageModel::GrowthColumn, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("c"));
        QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("b")); // no growth: last
        proxy.setNearQuotaOnly(true);
        QCOMPARE(proxy.rowCount(), 2);
        // Near quota amber, over red.
        const QColor over = model.index(2, 0).data(Qt::BackgroundRole).value<QBrush>().color();
        const QColor near = model.index(0, 0).data(Qt::BackgroundRole).value<QBrush>().color();
        QVERIFY(over.isValid() && near.isValid() && over != near);
        QVERIFY(!model.index(1, 0).data(Qt::BackgroundRole).isValid());
    }
};

QTEST_GUILESS_MAIN(TestUsageModels)
#include "tst_models_usage.moc"
