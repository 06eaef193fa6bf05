// UsageSeriesModel without a server or a display: LTTB downsampling through core/, the CSV of
// exactly the shown points, value formatting, the automatic step; under QAbstractItemModelTester.
#include "core/timeutil.h"
#include "models/fleetusagemodel.h"
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
        QCOMPARE(lines.first(), QStringLiteral("time,value"));
        QCOMPARE(lines.size() - 1, model.shownPoints().size());
        for (int i = 0; i < model.shownPoints().size(); ++i) {
            const QPointF &p = model.shownPoints().at(i);
            const QStringList cells = lines.at(i + 1).split(QLatin1Char(','));
            QCOMPARE(cells.size(), 2);
            QCOMPARE(fromIsoUtc(cells.at(0)).toMSecsSinceEpoch(), qint64(p.x()));
            QVERIFY(cells.at(0).endsWith(QLatin1Char('Z')));
            QCOMPARE(cells.at(1).toDouble(), p.y());
            QCOMPARE(model.index(i, UsageSeriesModel::TimeColumn).data(UsageSeriesModel::TimeMsRole).toLongLong(), qint64(p.x()));
        }
        QCOMPARE(lines.at(1), QStringLiteral("2026-01-01T00:00:00.000Z,%1").arg(qint64(model.shownPoints().first().y())));
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
