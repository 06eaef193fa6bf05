// FindingsModel (with the isolation view's proxy) and AlertsModel, always under
// QAbstractItemModelTester (fatal): first with reports fed in, then against a real server.
#include "models/alertsmodel.h"
#include "models/findingsfiltermodel.h"
#include "models/findingsmodel.h"
#include "models/formatting.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QIcon>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace portico;
using namespace portico::test;

namespace {
Finding finding(Severity s, const QString &check, const QString &object)
{
    return {s, toString(s), check, object, QStringLiteral("%1 on %2: fix it.").arg(check, object)};
}

IsolationReport mixedReport()
{
    IsolationReport r;
    r.ok = false;
    // Deliberately out of order: the model sorts.
    r.findings = {finding(Severity::Info, QStringLiteral("z.info"), QStringLiteral("home/a")),
                  finding(Severity::High, QStringLiteral("grant.extra"), QStringLiteral("home/p.public.documents")),
                  finding(Severity::Warning, QStringLiteral("w.check"), QStringLiteral("home/b")),
                  finding(Severity::Critical, QStringLiteral("rls.forced"), QStringLiteral("home/p.public.members")),
                  finding(Severity::Critical, QStringLiteral("rls.enabled"), QStringLiteral("home/p.public.documents")),
                  {Severity::Unknown, QStringLiteral("emergency"), QStringLiteral("future.check"), QStringLiteral("x"), QStringLiteral("from a newer server")}};
    r.clustersChecked = 2;
    r.tablesChecked = 12;
    r.placementsChecked = 5;
    r.checkedAt = QDateTime::currentDateTimeUtc();
    r.durationMs = 42;
    return r;
}
} // namespace

class TestIsolationModels : public QObject
{
    Q_OBJECT
    LiveServer m_live;

private Q_SLOTS:
    // No demo fleet: each test provokes its own alerts; the verifier needs no fleet.
    void initTestCase() { QVERIFY2(m_live.start(LiveServer::Seed::None), qPrintable(m_live.errorString())); }

    void findingsSortedMostSevereFirst()
    {
        FindingsModel model(m_live.client());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy changed(&model, &FindingsModel::reportChanged);
        model.setReport(mixedReport());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.columnCount(), int(FindingsModel::ColumnCount));
        const QStringList expected{QStringLiteral("rls.enabled"), QStringLiteral("rls.forced"), QStringLiteral("grant.extra"),
                                   QStringLiteral("w.check"), QStringLiteral("z.info"), QStringLiteral("future.check")};
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.index(r, FindingsModel::CheckColumn).data().toString(), expected.at(r));

        const QModelIndex severity = model.index(0, FindingsModel::SeverityColumn);
        QCOMPARE(severity.data().toString(), QStringLiteral("Critical"));
        QCOMPARE(severity.data(FindingsModel::SeverityRole).toInt(), int(Severity::Critical));
        QCOMPARE(severity.data(FindingsModel::SeverityColorRole).value<QColor>(), format::severityColor(Severity::Critical));
        QVERIFY(!severity.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(format::severityColor(Severity::Critical) != format::severityColor(Severity::Info));
        // An unknown level is shown as the server named it, after every known one.
        QCOMPARE(model.index(5, FindingsModel::SeverityColumn).data().toString(), QStringLiteral("emergency"));
        // The detail column elides; its tooltip carries the whole text.
        const QModelIndex detail = model.index(0, FindingsModel::DetailColumn);
        QCOMPARE(detail.data(Qt::ToolTipRole).toString(), detail.data().toString());
        QCOMPARE(model.headerData(FindingsModel::ObjectColumn, Qt::Horizontal).toString(), QStringLiteral("Object"));

        // A new report replaces every row.
        IsolationReport clean;
        clean.ok = true;
        model.setReport(clean);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.report()->ok);
    }

    void proxyFiltersBySeverityAndSortsByRank()
    {
        FindingsModel model(m_live.client());
        FindingsFilterModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setReport(mixedReport());
        QCOMPARE(proxy.rowCount(), 6);

        proxy.setMinimumSeverity(Severity::High);
        QCOMPARE(proxy.rowCount(), 3);
        for (int r = 0; r < proxy.rowCount(); ++r)
            QVERIFY(isSerious(Severity(proxy.index(r, 0).data(FindingsModel::SeverityRole).toInt())));
        proxy.setMinimumSeverity(Severity::Critical);
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setMinimumSeverity(Severity::Unknown);
        QCOMPARE(proxy.rowCount(), 6);

        // By rank, not by the words: descending puts the least severe first.
        proxy.sort(FindingsModel::SeverityColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, FindingsModel::CheckColumn).data().toString(), QStringLiteral("future.check"));
        QCOMPARE(proxy.index(5, FindingsModel::SeverityColumn).data(FindingsModel::SeverityRole).toInt(), int(Severity::Critical));
        proxy.sort(FindingsModel::SeverityColumn, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, FindingsModel::CheckColumn).data().toString(), QStringLiteral("rls.enabled"));
        QCOMPARE(proxy.index(1, FindingsModel::CheckColumn).data().toString(), QStringLiteral("rls.forced"));
    }

    void rerunAgainstServer()
    {
        FindingsModel model(m_live.client());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy running(&model, &FindingsModel::runningChanged);
        model.rerun();
        QVERIFY(model.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!model.isRunning(), 20000);
        QVERIFY2(model.lastProblem().isNull(), qPrintable(model.lastProblem().toDisplayString()));
        QVERIFY(model.report().has_value());
        QVERIFY(model.report()->ok);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(running.count(), 2);

        QVERIFY(m_live.setRowLevelSecurity(QStringLiteral("members"), false));
        model.rerun();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isRunning(), 20000);
        QVERIFY(m_live.setRowLevelSecurity(QStringLiteral("members"), true));
        QVERIFY(model.report().has_value());
        QVERIFY(!model.report()->ok);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, FindingsModel::CheckColumn).data().toString(), QStringLiteral("rls.enabled"));
        QVERIFY(model.index(0, FindingsModel::ObjectColumn).data().toString().endsWith(QStringLiteral("public.members")));

        // A run started while another is in flight supersedes it: one report, the newest.
        QSignalSpy reports(&model, &FindingsModel::reportChanged);
        model.rerun();
        model.rerun();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isRunning(), 20000);
        QCOMPARE(reports.count(), 1);
        QCOMPARE(model.rowCount(), 0);
    }

    void rerunFailureKeepsLastReport()
    {
        const auto badToken = m_live.newClient(QStringLiteral("pto_not-a-real-token"));
        FindingsModel model(badToken.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setReport(mixedReport());
        QSignalSpy problems(&model, &FindingsModel::problemOccurred);
        model.rerun();
        QTRY_COMPARE_WITH_TIMEOUT(problems.count(), 1, 20000);
        QVERIFY(!model.isRunning());
        QCOMPARE(model.lastProblem().status, 401);
        QCOMPARE(model.rowCount(), 6); // what was known is still shown
    }

    void alertsPageLazily()
    {
        QStringList intruders, names;
        for (int i = 0; i < 5; ++i) {
            const auto block = m_live.provokeMonitorBlock();
            QVERIFY2(block.error.isEmpty(), qPrintable(block.error));
            intruders.prepend(block.intruderId); // newest first, as the model shows them
            names.prepend(block.intruderName);
        }

        AlertsModel model(m_live.client());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy pages(&model, &AlertsModel::pageLoaded);
        model.setPageSize(2); // starts the first load
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({})); // one request at a time
        model.fetchMore({});              // ignored while a page is in flight
        QTRY_VERIFY_WITH_TIMEOUT(pages.count() >= 1, 20000);
        QCOMPARE(pages.at(0).at(0).toInt(), 0);
        QCOMPARE(pages.at(0).at(1).toInt(), 2);
        // The tester calls fetchMore too (as a view would); either way every page arrives once.
        QVERIFY(loadAllPages(model));
        QCOMPARE(model.rowCount(), 5);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(pages.count(), 3);
        QCOMPARE(pages.at(1).at(0).toInt(), 2);
        QCOMPARE(pages.at(2).at(0).toInt(), 4);
        QCOMPARE(pages.at(2).at(1).toInt(), 1);

        QSet<QString> ids;
        for (int r = 0; r < model.rowCount(); ++r) {
            ids.insert(model.index(r, 0).data(AlertsModel::IdRole).toString());
            QCOMPARE(model.index(r, AlertsModel::TenantColumn).data(AlertsModel::TenantIdRole).toString(), intruders.at(r));
            // The id at first, the tenant's name once looked up; the id stays in the tooltip.
            QTRY_COMPARE_WITH_TIMEOUT(model.index(r, AlertsModel::TenantColumn).data().toString(), names.at(r), 20000);
            QVERIFY(model.index(r, AlertsModel::TenantColumn).data(Qt::ToolTipRole).toString().contains(intruders.at(r)));
            QCOMPARE(model.tenantName(intruders.at(r)), names.at(r));
            QCOMPARE(model.index(r, AlertsModel::KindColumn).data().toString(), QStringLiteral("isolation.monitor"));
            QCOMPARE(model.index(r, AlertsModel::SeverityColumn).data().toString(), QStringLiteral("Critical"));
            QVERIFY(!model.index(r, AlertsModel::RequestIdColumn).data().toString().isEmpty());
            // Local time on screen, UTC in the tooltip.
            const QDateTime utc = model.index(r, AlertsModel::TimeColumn).data(AlertsModel::UtcRole).toDateTime();
            QCOMPARE(model.index(r, AlertsModel::TimeColumn).data().toString(), utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
            QVERIFY(model.index(r, AlertsModel::TimeColumn).data(Qt::ToolTipRole).toString().endsWith(QStringLiteral(" UTC")));
            if (r > 0)
                QVERIFY(model.index(r - 1, 0).data(AlertsModel::UtcRole).toDateTime() >= utc);
        }
        QCOMPARE(ids.size(), 5); // no row twice across page boundaries

        // Filter by tenant: a reset and exactly that tenant's alert.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setTenantFilter(intruders.at(3));
        QCOMPARE(resets.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(model.hasLoaded() && !model.isLoading(), 20000);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.alertAt(0).tenantId, intruders.at(3));
    }

    void alertsRefreshDropsStaleReplies()
    {
        AlertsModel model(m_live.client());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy pages(&model, &AlertsModel::pageLoaded);
        model.refresh();
        model.refresh(); // the first reply belongs to the past
        QTRY_VERIFY_WITH_TIMEOUT(model.hasLoaded() && !model.isLoading(), 20000);
        QCOMPARE(pages.count(), 1);
        QVERIFY(model.rowCount() >= 5);
    }

    void alertsFailureStopsPaging()
    {
        AlertsModel model(m_live.client());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy problems(&model, &AlertsModel::problemOccurred);
        model.setTenantFilter(QStringLiteral("not-a-uuid"));
        QTRY_COMPARE_WITH_TIMEOUT(problems.count(), 1, 20000);
        QCOMPARE(model.lastProblem().status, 422);
        QVERIFY(!model.hasLoaded());
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestIsolationModels)
#include "tst_models_isolation.moc"
