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

#include "core/timeutil.h"
#include "core/usage.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeAxis>
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
        // The CSV says whom and what it is about on every line.
        const QString slug = series.series()->tenantSlug;
        QVERIFY(!slug.isEmpty());
        const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QStringLiteral("tenant_id,tenant_slug,metric,metric_name,unit,bucket_start,value"));
        for (const QString &l : lines.mid(1)) {
            const QStringList cells = l.split(QLatin1Char(','));
            QCOMPARE(cells.size(), 7);
            QCOMPARE(cells.at(0), m_big.id);
            QCOMPARE(cells.at(1), slug);
            QCOMPARE(cells.at(2), QStringLiteral("emails_sent"));
            QCOMPARE(cells.at(3), QStringLiteral("Emails sent"));
            QCOMPARE(cells.at(4), QStringLiteral("emails"));
            QVERIFY(fromIsoUtc(cells.at(5)).isValid() && cells.at(5).endsWith(QLatin1Char('Z')));
        }
        // The PNG carries a title block above the chart, and the same in its text.
        QVERIFY(panel.exportPng(dir.filePath(QStringLiteral("u.png"))));
        const QImage png(dir.filePath(QStringLiteral("u.png")));
        QVERIFY(!png.isNull());
        const QImage plot = panel.chart()->grab().toImage();
        QVERIFY(png.height() > plot.height());
        QVERIFY2(png.text(QStringLiteral("Tenant")).contains(slug) && png.text(QStringLiteral("Tenant")).contains(QStringLiteral("Usage Big")),
                 qPrintable(png.text(QStringLiteral("Tenant"))));
        QVERIFY(png.text(QStringLiteral("Metric")).contains(QStringLiteral("Emails sent")));
        QVERIFY(png.text(QStringLiteral("Metric")).contains(QStringLiteral("emails")));
        QVERIFY(png.text(QStringLiteral("Range")).contains(toIsoUtc(series.series()->from).left(16)));
        QVERIFY(png.text(QStringLiteral("Title")).contains(QStringLiteral("UTC")));
        int dark = 0; // the block's text is drawn, not only stored
        for (int y = 0; y < png.height() - plot.height(); ++y)
            for (int x = 0; x < png.width(); ++x)
                dark += qGray(png.pixel(x, y)) < 128;
        QVERIFY(dark > 50);
    }

    // "This month": the emails added up against the pro plan's 20,000 a month, with the month's
    // end projected from the rate so far.
    void monthViewShowsQuotaAndProjection()
    {
        UsageMetricsModel metrics(m_live.client());
        UsageSeriesModel series(m_live.client());
        TenantUsagePanel panel(&metrics, &series);
        panel.resize(1000, 600);
        panel.setTenant(m_big.id, QStringLiteral("Usage Big"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_VERIFY_WITH_TIMEOUT(metrics.hasLoaded(), 20000);
        panel.setMetric(QStringLiteral("emails_sent"));
        panel.setRange(TenantUsagePanel::Range::ThisMonth);
        QTRY_VERIFY_WITH_TIMEOUT(panel.isSettled() && series.series() && series.series()->metric == QLatin1String("emails_sent")
                                     && series.series()->from == billingPeriod(series.now()).start,
                                 20000);
        QVERIFY(series.isMonthView());
        QVERIFY(panel.chart()->quotaShown());
        const QLineSeries *line = panel.chart()->valueSeries();
        const double divisor = UsageSeriesModel::axisScale(QStringLiteral("emails"), 20000).divisor;
        QCOMPARE(line->at(line->count() - 1).y() * divisor, double(series.series()->total)); // a running total
        QCOMPARE(panel.chart()->quotaSeries()->at(0).y() * divisor, 20000.0);
        if (series.now() >= billingPeriod(series.now()).start.addSecs(3600)) {
            QVERIFY(panel.chart()->projectionSeries()->isVisible());
            QCOMPARE(panel.chart()->projectionSeries()->at(1).x(), double(billingPeriod(series.now()).end.toMSecsSinceEpoch()));
            QVERIFY2(panel.captionText().contains(QStringLiteral("projected ")), qPrintable(panel.captionText()));
        }
        // Zoomed in or out at 1024 px, the time axis keeps whole labels: its ticks fit the plot.
        panel.resize(1024, 560);
        const auto labelsFit = [&panel](const char *what) {
            QDateTimeAxis *axis = panel.chart()->timeAxis();
            const QFontMetrics fm(axis->labelsFont());
            const int label = fm.horizontalAdvance(QLocale().toString(QDateTime(QDate(2026, 12, 30), QTime(23, 59)), axis->format()));
            const qreal plot = panel.chart()->chart()->plotArea().width();
            if (const QString dir = qEnvironmentVariable("PORTICO_USAGE_SHOTS"); !dir.isEmpty())
                panel.grab().save(QStringLiteral("%1/month-%2.png").arg(dir, QLatin1String(what)));
            return axis->tickCount() >= 2 && (axis->tickCount() - 1) * label <= plot;
        };
        QTRY_VERIFY(labelsFit("whole"));
        panel.chart()->setFocus();
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(panel.chart(), Qt::Key_Plus);
        QVERIFY(panel.chart()->isZoomed());
        QVERIFY(labelsFit("zoomed-in"));
        QTest::keyClick(panel.chart(), Qt::Key_Home);
        QVERIFY(labelsFit("reset"));

        // Back to a plain range: buckets again, no projection.
        panel.setRange(TenantUsagePanel::Range::Day);
        QTRY_VERIFY_WITH_TIMEOUT(panel.isSettled() && !series.isMonthView(), 20000);
        QVERIFY(!panel.chart()->projectionSeries()->isVisible());
        QCOMPARE(line->count(), 3);
        // The picker shows names, and is wide enough for the longest.
        QComboBox *picker = panel.metricPicker();
        QCOMPARE(picker->currentText(), QStringLiteral("Emails sent"));
        int widest = 0;
        for (int i = 0; i < picker->count(); ++i)
            widest = std::max(widest, picker->fontMetrics().horizontalAdvance(picker->itemText(i)));
        QVERIFY(picker->count() >= 11);
        QVERIFY2(picker->width() >= widest, qPrintable(QStringLiteral("%1 < %2").arg(picker->width()).arg(widest)));
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

        // The table's export: every row shown, the visible columns, each tenant's id.
        QVERIFY(!view.isEmptyStateShown());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fleet.csv"));
        QString error;
        QVERIFY2(view.exportTo(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        file.close();
        QCOMPARE(lines.size(), shown->rowCount() + 1);
        QVERIFY2(lines.first().startsWith(QStringLiteral("Tenant id,Slug,Tenant,Plan,Emails sent,")), qPrintable(lines.first()));
        QVERIFY(lines.first().contains(QStringLiteral("Quota used % (MTD)")));
        for (int r = 0; r < shown->rowCount(); ++r)
            QVERIFY(lines.at(r + 1).startsWith(shown->index(r, 0).data(FleetUsageModel::TenantIdRole).toString() + QLatin1Char(',')));
        QVERIFY(lines.at(shown->rowCount()).contains(QStringLiteral("Usage Big"))); // ascending: as shown, Big last
        // A hidden column is not exported.
        view.tableView()->setColumnHidden(FleetUsageModel::PreviousColumn, true);
        QVERIFY(view.exportTo(path, &error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!QString::fromUtf8(file.readLine()).contains(QStringLiteral("Previous")));
        file.close();

        // Nobody near the quota (4.2 % and 7.7 %): the near-quota view says so.
        auto *nearQuota = view.findChild<QCheckBox *>(QStringLiteral("nearQuotaOnly"));
        QVERIFY(nearQuota);
        nearQuota->setChecked(true);
        QCOMPARE(shown->rowCount(), 0);
        QVERIFY(view.isEmptyStateShown());
        QCOMPARE(view.emptyStateText(), QStringLiteral("No tenant is at 80 % or more of a monthly quota this month."));
        QVERIFY(!view.tableView()->isVisible());
        nearQuota->setChecked(false);
        QVERIFY(!view.isEmptyStateShown());
        QVERIFY(view.tableView()->isVisible());
    }
};

QTEST_MAIN(TestUsageViews)
#include "tst_views_usage.moc"
