// The Usage tab and the Fleet usage page, offscreen against a real server: events a tenant
// reports show up as the chart's points and in the caption's total; the fleet table lists the
// top consumers in the order of their values.
#include "tests/support/liveserver.h"
#include "models/fleetusagemodel.h"
#include "models/usagemetricsmodel.h"
#include "models/usageseriesmodel.h"
#include "views/fleetusageview.h"
#include "views/tenantusagepanel.h"
#include "views/usagechart.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QLocale>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;
using portico::test::LiveServer;

class TestUsageViews : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    LiveServer::NewTenant m_small, m_big;

private Q_SLOTS:
    // No demo fleet: its own two tenants are the fleet.
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY2(m_live.start(LiveServer::Seed::None), qPrintable(m_live.errorString()));
        // Two tenants with emails in three different hours of the last day.
        m_small = m_live.makeTenant(QStringLiteral("Usage Small"), QStringLiteral("free"));
        QVERIFY2(m_small.error.isEmpty(), qPrintable(m_small.error));
        m_big = m_live.makeTenant(QStringLiteral("Usage Big"), QStringLiteral("pro"));
        QVERIFY2(m_big.error.isEmpty(), qPrintable(m_big.error));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(m_live.postUsageEvents(m_small.token, QStringLiteral("emails_sent"), {{40, now.addSecs(-5 * 3600)}, {2, now.addSecs(-2 * 3600)}}), 200);
        QCOMPARE(m_live.postUsageEvents(m_big.token, QStringLiteral("emails_sent"),
                                        {{1200, now.addSecs(-7 * 3600)}, {300, now.addSecs(-3 * 3600)}, {34, now.addSecs(-30)}}),
                 200);
    }

    void usageTabChartsTheEvents()
    {
        UsageMetricsModel metrics(m_live.client());
        UsageSeriesModel series(m_live.client());
        QAbstractItemModelTester tester(&series, QAbstractItemModelTester::FailureReportingMode::Fatal);
        TenantUsagePanel panel(&metrics, &series);
        panel.resize(900, 600);
        panel.setTenant(m_big.id, QStringLiteral("Usage Big"));
        panel.show(); // loads the metric list, then the series, only once visible
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_VERIFY_WITH_TIMEOUT(metrics.hasLoaded(), 20000);
        panel.setRange(TenantUsagePanel::Range::Day);
        panel.setMetric(QStringLiteral("emails_sent"));
        QTRY_VERIFY_WITH_TIMEOUT(panel.isSettled() && series.series() && series.series()->metric == QLatin1String("emails_sent"), 20000);
        QCOMPARE(panel.effectiveStep(), QStringLiteral("hour"));

        QLineSeries *line = panel.chart()->valueSeries();
        QCOMPARE(line->count(), 3);
        QCOMPARE(line->at(0).y(), 1200.0);
        QCOMPARE(line->at(1).y(), 300.0);
        QCOMPARE(line->at(2).y(), 34.0);
        QVERIFY2(panel.captionText().startsWith(QStringLiteral("Total 1,534 emails")), qPrintable(panel.captionText()));
        QVERIFY2(panel.captionText().contains(QStringLiteral("of 20,000 emails")), qPrintable(panel.captionText()));
        QVERIFY(!panel.chart()->quotaShown()); // hourly buckets against a monthly limit: the caption says it
        QVERIFY(panel.chart()->hoverTextAt(line->at(1).x()).contains(QStringLiteral("300 emails")));

        // Monthly buckets are comparable with the monthly limit: now the quota is a line.
        panel.setStep(QStringLiteral("month"));
        QTRY_VERIFY_WITH_TIMEOUT(panel.isSettled() && series.series()->step == QLatin1String("month"), 20000);
        QVERIFY(panel.chart()->quotaShown());
        QCOMPARE(panel.chart()->quotaSeries()->at(0).y(), 20000.0 / UsageSeriesModel::axisScale(QStringLiteral("emails"), 20000).divisor);

        // Exports: the CSV is the points shown; the PNG is an image.
        panel.setStep(QString());
        QTRY_VERIFY_WITH_TIMEOUT(panel.isSettled() && series.series()->step == QLatin1String("hour"), 20000);
        QTemporaryDir dir;
        QVERIFY(panel.exportCsv(dir.filePath(QStringLiteral("u.csv"))));
        QFile csv(dir.filePath(QStringLiteral("u.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(csv.readAll());
        QCOMPARE(text, series.csv());
        QCOMPARE(text.count(QLatin1Char('\n')), 4);
        QVERIFY(text.contains(QStringLiteral(",1200\n")));
        QVERIFY(panel.exportPng(dir.filePath(QStringLiteral("u.png"))));
        QVERIFY(!QImage(dir.filePath(QStringLiteral("u.png"))).isNull());
    }

    void fleetTopOrderMatchesValues()
    {
        UsageMetricsModel metrics(m_live.client());
        FleetUsageModel top(m_live.client());
        UsageSeriesModel fleet(m_live.client());
        QAbstractItemModelTester topTester(&top, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester fleetTester(&fleet, QAbstractItemModelTester::FailureReportingMode::Fatal);
        FleetUsageView view(&metrics, &top, &fleet);
        QAbstractItemModelTester proxyTester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        view.resize(1400, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.ensureLoaded();
        QTRY_VERIFY_WITH_TIMEOUT(metrics.hasLoaded(), 20000);
        view.setRangeDays(7);
        view.setMetric(QStringLiteral("emails_sent"));
        QTRY_VERIFY_WITH_TIMEOUT(view.isSettled() && fleet.series() && fleet.series()->metric == QLatin1String("emails_sent"), 20000);

        const QAbstractItemModel *shown = view.tableView()->model();
        QVERIFY(shown->rowCount() >= 2);
        QCOMPARE(shown->index(0, FleetUsageModel::TenantColumn).data().toString(), QStringLiteral("Usage Big"));
        QCOMPARE(shown->index(1, FleetUsageModel::TenantColumn).data().toString(), QStringLiteral("Usage Small"));
        QCOMPARE(shown->index(0, FleetUsageModel::ValueColumn).data().toString(), QStringLiteral("1,534"));
        for (int r = 1; r < shown->rowCount(); ++r)
            QVERIFY(shown->index(r - 1, FleetUsageModel::ValueColumn).data(FleetUsageModel::SortRole).toLongLong()
                    >= shown->index(r, FleetUsageModel::ValueColumn).data(FleetUsageModel::SortRole).toLongLong());
        // The free plan's 1,000 emails a month: 42 is 4.2 %.
        QCOMPARE(shown->index(1, FleetUsageModel::QuotaColumn).data().toString(), QStringLiteral("4.2 %"));

        // Sorting client-side: ascending by value puts the smallest first.
        view.tableView()->sortByColumn(FleetUsageModel::ValueColumn, Qt::AscendingOrder);
        QCOMPARE(shown->index(shown->rowCount() - 1, FleetUsageModel::TenantColumn).data().toString(), QStringLiteral("Usage Big"));

        // The fleet chart's points add up to both tenants' events; the plan totals name them.
        double sum = 0;
        for (const QPointF &p : fleet.shownPoints())
            sum += p.y();
        QCOMPARE(sum, 1576.0);
        QCOMPARE(view.chart()->valueSeries()->count(), fleet.shownPoints().size());
        QVERIFY2(view.planTotalsText().contains(QStringLiteral("1,534")), qPrintable(view.planTotalsText()));
    }
};

QTEST_MAIN(TestUsageViews)
#include "tst_views_usage.moc"
