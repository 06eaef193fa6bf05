// The Isolation health view, offscreen, against a real server: the banner's verdict follows the
// database's real state, sabotage shows up as a critical finding, a monitor block as an alert.
#include "tests/support/liveserver.h"
#include "models/alertsmodel.h"
#include "models/findingsfiltermodel.h"
#include "models/findingsmodel.h"
#include "views/confirmdialog.h"
#include "views/isolationview.h"
#include "tests/support/httptestclient.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QJsonArray>
#include <QTest>
#include <QUuid>
#include <algorithm>

using namespace portico;
using portico::test::HttpTestClient;
using portico::test::LiveServer;

namespace {
// Switches RLS back on however the test ends, so one failure cannot poison the next case.
struct RlsGuard
{
    const LiveServer &live;
    QString table;
    ~RlsGuard() { live.setRowLevelSecurity(table, true); }
};
} // namespace

class TestIsolationView : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    std::unique_ptr<FindingsModel> m_findings;
    std::unique_ptr<AlertsModel> m_alerts;
    std::unique_ptr<QAbstractItemModelTester> m_findingsTester, m_alertsTester;
    std::unique_ptr<IsolationView> m_view;

    // The row of the findings table (as shown) with this check, or -1.
    int shownRowOf(const QString &check) const
    {
        const QAbstractItemModel *shown = m_view->findingsView()->model();
        for (int r = 0; r < shown->rowCount(); ++r)
            if (shown->index(r, FindingsModel::CheckColumn).data().toString() == check)
                return r;
        return -1;
    }

    // The row (as shown) of the alert with this detail, or -1.
    int alertRowOf(const QString &detail) const
    {
        const QAbstractItemModel *shown = m_view->alertsView()->model();
        for (int r = 0; r < shown->rowCount(); ++r)
            if (shown->index(r, AlertsModel::DetailColumn).data().toString() == detail)
                return r;
        return -1;
    }

    // The alert as the server has it now.
    QJsonObject serverAlert(const QString &id) const
    {
        HttpTestClient op(m_live.server->baseUrl(), m_live.server->operatorToken());
        for (const auto v : op.get(QStringLiteral("/v1/alerts?limit=500")).json().value(QStringLiteral("items")).toArray())
            if (v.toObject().value(QStringLiteral("id")).toString() == id)
                return v.toObject();
        return {};
    }

private Q_SLOTS:
    // No demo fleet: the verdicts and alerts are provoked here; no fleet needed.
    void initTestCase() { QVERIFY2(m_live.start(LiveServer::Seed::None), qPrintable(m_live.errorString())); }

    void init()
    {
        m_findings = std::make_unique<FindingsModel>(m_live.client());
        m_alerts = std::make_unique<AlertsModel>(m_live.client());
        m_findingsTester = std::make_unique<QAbstractItemModelTester>(m_findings.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_alertsTester = std::make_unique<QAbstractItemModelTester>(m_alerts.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_view = std::make_unique<IsolationView>(m_findings.get(), m_alerts.get());
        m_view->resize(1400, 800);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_view.reset();
        m_findingsTester.reset();
        m_alertsTester.reset();
        m_alerts.reset();
        m_findings.reset();
    }

    void cleanServerShowsGreenBanner()
    {
        QCOMPARE(m_view->verdict(), IsolationView::Verdict::Pending);
        QSignalSpy settled(m_view.get(), &IsolationView::settled);
        m_view->ensureLoaded();
        QVERIFY(m_view->isBusyShown());
        QVERIFY(!m_view->rerunButton()->isEnabled()); // one run at a time
        QVERIFY(!m_view->rerunAction()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(settled.count(), 1, 20000);
        QVERIFY(m_view->isSettled());
        QVERIFY(!m_view->isBusyShown());
        QVERIFY(m_view->rerunButton()->isEnabled());

        QCOMPARE(m_view->verdict(), IsolationView::Verdict::Holds);
        const QString text = m_view->summaryText();
        QVERIFY2(text.contains(QStringLiteral("Isolation holds: 1 cluster, ")), qPrintable(text));
        const IsolationReport &report = *m_findings->report();
        QVERIFY2(text.contains(QStringLiteral("%1 tables, %2 placements checked at %3 in %4 ms")
                                   .arg(report.tablesChecked).arg(report.placementsChecked)
                                   .arg(report.checkedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))).arg(report.durationMs)),
                 qPrintable(text));
        QCOMPARE(m_findings->rowCount(), 0);
        QCOMPARE(m_view->findingsView()->model()->rowCount(), 0);
        QVERIFY(!m_view->findingsView()->isVisible()); // a plain "no findings" message instead of an empty grid
        QVERIFY(m_view->poolSummaryText().contains(QStringLiteral("connections open")));

        // ensureLoaded() does not run the verifier twice.
        QSignalSpy running(m_findings.get(), &FindingsModel::runningChanged);
        m_view->ensureLoaded();
        QCOMPARE(running.count(), 0);
    }

    void sabotageTurnsBannerRed()
    {
        m_view->ensureLoaded();
        QTRY_VERIFY_WITH_TIMEOUT(m_view->isSettled(), 20000);
        QCOMPARE(m_view->verdict(), IsolationView::Verdict::Holds);

        QVERIFY(m_live.setRowLevelSecurity(QStringLiteral("documents"), false));
        RlsGuard guard{m_live, QStringLiteral("documents")};
        QTest::mouseClick(m_view->rerunButton(), Qt::LeftButton);
        QVERIFY(m_findings->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!m_findings->isRunning(), 20000);

        QCOMPARE(m_view->verdict(), IsolationView::Verdict::AtRisk);
        QVERIFY2(m_view->summaryText().startsWith(QStringLiteral("✖ Isolation at risk: 1 critical / 0 high findings")), qPrintable(m_view->summaryText()));
        QVERIFY(m_view->findingsView()->isVisible());
        const int row = shownRowOf(QStringLiteral("rls.enabled"));
        QVERIFY(row >= 0);
        const QAbstractItemModel *shown = m_view->findingsView()->model();
        QCOMPARE(shown->index(row, FindingsModel::SeverityColumn).data().toString(), QStringLiteral("Critical"));
        QVERIFY2(shown->index(row, FindingsModel::ObjectColumn).data().toString().contains(QStringLiteral("public.documents")),
                 qPrintable(shown->index(row, FindingsModel::ObjectColumn).data().toString()));
        // The most severe finding is selected and readable in full below the table.
        QCOMPARE(m_view->findingsView()->currentIndex().row(), 0);
        QVERIFY2(m_view->detailText().contains(QStringLiteral("ALTER TABLE documents ENABLE ROW LEVEL SECURITY")), qPrintable(m_view->detailText()));

        // Ctrl+C copies the selected rows as shown.
        QApplication::clipboard()->clear();
        m_view->findingsView()->setFocus();
        QTRY_VERIFY(m_view->findingsView()->hasFocus());
        QTest::keyClick(m_view->findingsView(), Qt::Key_C, Qt::ControlModifier);
        const QStringList lines = QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0), QStringLiteral("Severity\tCheck\tObject\tDetail"));
        QVERIFY(lines.at(1).startsWith(QStringLiteral("Critical\trls.enabled\t")));

        // Repaired: F5 (the view has focus) runs it again and the banner is green.
        QVERIFY(m_live.setRowLevelSecurity(QStringLiteral("documents"), true));
        QTest::keyClick(m_view->findingsView(), Qt::Key_F5);
        QVERIFY(m_findings->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!m_findings->isRunning(), 20000);
        QCOMPARE(m_view->verdict(), IsolationView::Verdict::Holds);
        QCOMPARE(m_findings->rowCount(), 0);
    }

    void severityFilterHidesLesserFindings()
    {
        IsolationReport report;
        report.ok = false;
        report.checkedAt = QDateTime::currentDateTimeUtc();
        report.findings = {{Severity::Warning, QStringLiteral("warning"), QStringLiteral("w.check"), QStringLiteral("home/x"), QStringLiteral("a warning")},
                           {Severity::High, QStringLiteral("high"), QStringLiteral("grant.extra"), QStringLiteral("home/y"), QStringLiteral("a grant")}};
        m_findings->setReport(report);
        QCOMPARE(m_view->verdict(), IsolationView::Verdict::AtRisk);
        QVERIFY2(m_view->summaryText().startsWith(QStringLiteral("✖ Isolation at risk: 0 critical / 1 high findings")), qPrintable(m_view->summaryText()));
        QCOMPARE(m_view->findingsView()->model()->rowCount(), 2);
        m_view->severityFilter()->setCurrentIndex(m_view->severityFilter()->findData(int(Severity::High)));
        QCOMPARE(m_view->findingsView()->model()->rowCount(), 1);
        QCOMPARE(shownRowOf(QStringLiteral("w.check")), -1);
        m_view->severityFilter()->setCurrentIndex(m_view->severityFilter()->findData(int(Severity::Critical)));
        QCOMPARE(m_view->findingsView()->model()->rowCount(), 0);
        QVERIFY(!m_view->findingsView()->isVisible());

        // Lesser findings alone keep the banner green, and say so.
        report.ok = true;
        report.findings.removeLast();
        m_findings->setReport(report);
        QCOMPARE(m_view->verdict(), IsolationView::Verdict::Holds);
        QVERIFY(m_view->summaryText().contains(QStringLiteral("1 lesser finding")));
    }

    void failedRunSaysSo()
    {
        const auto unauthorized = m_live.newClient(QStringLiteral("pto_revoked-or-never-issued"));
        FindingsModel findings(unauthorized.get());
        AlertsModel alerts(unauthorized.get());
        IsolationView view(&findings, &alerts);
        view.show();
        QSignalSpy settled(&view, &IsolationView::settled);
        view.ensureLoaded();
        QTRY_COMPARE_WITH_TIMEOUT(settled.count(), 1, 20000);
        QCOMPARE(view.verdict(), IsolationView::Verdict::Failed);
        QVERIFY2(view.summaryText().contains(QStringLiteral("could not run")), qPrintable(view.summaryText()));
        QVERIFY(!view.alertsView()->isVisible());
        const auto labels = view.findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](const QLabel *l) {
            return l->isVisible() && l->text().startsWith(QStringLiteral("The alerts could not be loaded: "));
        }));

        // A known-good report followed by a failed re-run is not shown as current.
        IsolationReport good;
        good.ok = true;
        good.checkedAt = QDateTime::currentDateTimeUtc();
        findings.setReport(good);
        view.rerun();
        QTRY_VERIFY_WITH_TIMEOUT(view.isSettled(), 20000);
        QCOMPARE(view.verdict(), IsolationView::Verdict::Failed);
        QVERIFY2(view.summaryText().contains(QStringLiteral("Showing the result from")), qPrintable(view.summaryText()));
    }

    void monitorBlockAppearsAsAlert()
    {
        m_view->ensureLoaded();
        QTRY_VERIFY_WITH_TIMEOUT(m_view->isSettled(), 20000);
        const int before = m_alerts->rowCount();

        const auto block = m_live.provokeMonitorBlock();
        QVERIFY2(block.error.isEmpty(), qPrintable(block.error));

        QTest::mouseClick(m_view->rerunButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_view->isSettled() && m_alerts->hasLoaded(), 20000);
        QCOMPARE(m_view->verdict(), IsolationView::Verdict::Holds); // RLS is back on
        QCOMPARE(m_alerts->rowCount(), before + 1);
        QVERIFY(m_view->alertsView()->isVisible());
        const QAbstractItemModel *shown = m_view->alertsView()->model();
        // Newest first: the block just provoked, naming the tenant whose session it was.
        QCOMPARE(shown->index(0, AlertsModel::TenantColumn).data(AlertsModel::TenantIdRole).toString(), block.intruderId);
        QTRY_COMPARE_WITH_TIMEOUT(shown->index(0, AlertsModel::TenantColumn).data().toString(), block.intruderName, 20000);
        QVERIFY(shown->index(0, AlertsModel::TenantColumn).data(Qt::ToolTipRole).toString().contains(block.intruderId));
        QCOMPARE(shown->index(0, AlertsModel::KindColumn).data().toString(), QStringLiteral("isolation.monitor"));
        QCOMPARE(shown->index(0, AlertsModel::SeverityColumn).data().toString(), QStringLiteral("Critical"));
        QCOMPARE(shown->index(0, AlertsModel::RequestIdColumn).data().toString(), block.requestId);
        QVERIFY(m_findings->report()->monitorBlocks >= 1);

        // Activating the alert asks to open its tenant.
        QSignalSpy open(m_view.get(), &IsolationView::tenantActivated);
        Q_EMIT m_view->alertsView()->activated(shown->index(0, AlertsModel::DetailColumn));
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), block.intruderId);
    }

    // From the console: acknowledge (keyboard) then resolve (button), each through the one
    // confirmation with a reason; the server records who and when, the audit log the reasons.
    void acknowledgeThenResolveFromTheConsole()
    {
        const QString detail = QStringLiteral("console test ") + QUuid::createUuid().toString(QUuid::Id128);
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QVERIFY(!m_live.cluster.psql(m_live.server->database(),
                                     QStringLiteral("INSERT INTO alerts (id, severity, kind, detail, request_id) VALUES ('%1', 'high', 'test.console', '%2', '')")
                                         .arg(id, detail)).isNull());
        m_view->ensureLoaded();
        QTRY_VERIFY_WITH_TIMEOUT(m_view->isSettled(), 20000);
        QTableView *table = m_view->alertsView();
        // Both actions are in the table's context menu, and nothing is enabled without a current alert.
        QVERIFY(table->actions().contains(m_view->acknowledgeAction()));
        QVERIFY(table->actions().contains(m_view->resolveAction()));
        QCOMPARE(m_view->alertStateFilter()->currentText(), QStringLiteral("Open and acknowledged"));

        int row = alertRowOf(detail);
        QVERIFY(row >= 0);
        QCOMPARE(table->model()->index(row, AlertsModel::StateColumn).data().toString(), QStringLiteral("Open"));
        table->setCurrentIndex(table->model()->index(row, AlertsModel::DetailColumn));
        QVERIFY(m_view->acknowledgeButton()->isEnabled());
        QVERIFY(m_view->resolveButton()->isEnabled());

        // Cancelled: nothing is sent.
        ConfirmDialog::setNextAnswer(QString());
        m_view->acknowledgeAction()->trigger();
        QCOMPARE(serverAlert(id).value(QStringLiteral("state")).toString(), QStringLiteral("open"));

        // Acknowledged with Ctrl+K on the table.
        QSignalSpy changed(m_alerts.get(), &AlertsModel::stateChanged);
        ConfirmDialog::setNextAnswer(QStringLiteral("INC-7 looking into it"));
        table->setFocus();
        QTest::keyClick(table, Qt::Key_K, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 10000);
        QVERIFY2(ConfirmDialog::lastText().contains(QStringLiteral("Acknowledged")), qPrintable(ConfirmDialog::lastText()));
        QTRY_VERIFY_WITH_TIMEOUT(m_alerts->hasLoaded() && !m_alerts->isLoading(), 10000);
        row = alertRowOf(detail);
        QVERIFY(row >= 0); // still listed: acknowledged is in the default filter
        QCOMPARE(table->model()->index(row, AlertsModel::StateColumn).data().toString(), QStringLiteral("Acknowledged"));
        QCOMPARE(table->model()->index(row, AlertsModel::HandledByColumn).data().toString(), m_live.server->adminEmail());
        QVERIFY(!table->model()->index(row, AlertsModel::HandledAtColumn).data().toString().isEmpty());
        QVERIFY(table->model()->index(row, AlertsModel::StateColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("INC-7 looking into it")));
        QJsonObject a = serverAlert(id);
        QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("acknowledged"));
        QCOMPARE(a.value(QStringLiteral("acknowledged_by")).toString(), m_live.server->adminEmail());
        QVERIFY(!a.value(QStringLiteral("acknowledged_at")).toString().isEmpty());

        // Resolved with the button; an acknowledged alert cannot be acknowledged again.
        table->setCurrentIndex(table->model()->index(row, AlertsModel::DetailColumn));
        QVERIFY(!m_view->acknowledgeButton()->isEnabled());
        QVERIFY(m_view->resolveButton()->isEnabled());
        ConfirmDialog::setNextAnswer(QStringLiteral("INC-7 fixed: policy restored"));
        QTest::mouseClick(m_view->resolveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_alerts->hasLoaded() && !m_alerts->isLoading(), 10000);
        QCOMPARE(alertRowOf(detail), -1); // resolved: out of the default filter
        a = serverAlert(id);
        QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("resolved"));
        QCOMPARE(a.value(QStringLiteral("resolved_by")).toString(), m_live.server->adminEmail());
        QVERIFY(!a.value(QStringLiteral("resolved_at")).toString().isEmpty());

        // The Resolved filter shows it, with no action left.
        m_view->alertStateFilter()->setCurrentIndex(m_view->alertStateFilter()->findText(QStringLiteral("Resolved")));
        QTRY_VERIFY_WITH_TIMEOUT(m_alerts->hasLoaded() && !m_alerts->isLoading() && alertRowOf(detail) >= 0, 10000);
        row = alertRowOf(detail);
        QCOMPARE(table->model()->index(row, AlertsModel::StateColumn).data().toString(), QStringLiteral("Resolved"));
        table->setCurrentIndex(table->model()->index(row, AlertsModel::DetailColumn));
        QVERIFY(!m_view->acknowledgeButton()->isEnabled());
        QVERIFY(!m_view->resolveButton()->isEnabled());

        // The audit log has both transitions with their reasons.
        HttpTestClient op(m_live.server->baseUrl(), m_live.server->operatorToken());
        QStringList reasons;
        for (const auto v : op.get(QStringLiteral("/v1/audit?limit=200")).json().value(QStringLiteral("items")).toArray())
            if (v.toObject().value(QStringLiteral("target")).toString() == QStringLiteral("alert/") + id)
                reasons.prepend(v.toObject().value(QStringLiteral("action")).toString() + QLatin1Char(' ') + v.toObject().value(QStringLiteral("reason")).toString());
        QCOMPARE(reasons, (QStringList{QStringLiteral("alert.acknowledged INC-7 looking into it"), QStringLiteral("alert.resolved INC-7 fixed: policy restored")}));
    }

    void layoutRoundTrips()
    {
        const QByteArray state = m_view->saveLayout();
        QVERIFY(!state.isEmpty());
        QVERIFY(m_view->restoreLayout(state));
        QVERIFY(!m_view->restoreLayout(QByteArray("garbage")));
        QVERIFY(!m_view->restoreLayout({}));
    }
};

QTEST_MAIN(TestIsolationView)
#include "tst_views_isolation.moc"
