// The Audit page against a real server (its model under QAbstractItemModelTester): the console
// verifies a good chain itself (core/auditchain), and after a superuser edits entry 2 behind the
// triggers' back, its own verification names seq 2 and the view highlights that row. The model's
// paging and the verifier alone: tests/models/tst_models_audit.
#include "tests/support/liveserver.h"
#include "models/auditchainverifier.h"
#include "models/auditmodel.h"
#include "views/auditview.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

using namespace portico;
using portico::test::LiveServer;

class TestAuditView : public QObject
{
    Q_OBJECT
    LiveServer m_live;

private Q_SLOTS:
    // No demo fleet: its own tenant's chain and the platform's.
    void initTestCase() { QVERIFY2(m_live.start(LiveServer::Seed::None), qPrintable(m_live.errorString())); }

    void consoleVerifiesChainAndFindsTampering()
    {
        const auto tenant = m_live.makeTenant(QStringLiteral("Audit Tamper"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        AuditModel model(m_live.client());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        AuditChainVerifier verifier(m_live.client());
        AuditView view(&model, &verifier);
        view.resize(1400, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        view.setSelectedTenant(tenant.id, QStringLiteral("Audit Tamper"));
        view.ensureLoaded(); // the selected tenant's chain by default
        QCOMPARE(view.chain(), tenant.id);
        QTRY_VERIFY_WITH_TIMEOUT(view.isSettled(), 20000);
        QCOMPARE(verifier.state(), AuditChainVerifier::State::Done);
        QVERIFY(verifier.verdict()->ok);
        QCOMPARE(verifier.verdict()->checked, 3);
        QCOMPARE(view.verdict(), AuditView::Verdict::Holds);
        QVERIFY2(view.verdictText().contains(QStringLiteral("Chain holds: 3 entries checked")), qPrintable(view.verdictText()));
        QVERIFY2(view.verdictText().contains(QStringLiteral("Server's verdict: holds")), qPrintable(view.verdictText()));
        QVERIFY(!model.badSeq());

        QVERIFY(m_live.tamperAudit(tenant.id, 2));
        view.verify();
        QTRY_VERIFY_WITH_TIMEOUT(view.isSettled(), 20000);
        QVERIFY(!verifier.verdict()->ok);
        QCOMPARE(verifier.verdict()->firstBadSeq.value_or(-1), 2);
        QCOMPARE(view.verdict(), AuditView::Verdict::Broken);
        QVERIFY2(view.verdictText().startsWith(QStringLiteral("✖ Chain broken at seq 2")), qPrintable(view.verdictText()));
        QVERIFY2(view.verdictText().contains(QStringLiteral("Server's verdict: broken at seq 2")), qPrintable(view.verdictText()));
        // The first bad row is highlighted and selected, its entry in the detail pane.
        QCOMPARE(model.badSeq().value_or(-1), 2);
        const QModelIndex current = view.tableView()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(current.data(AuditModel::SeqRole).toLongLong(), 2);
        QVERIFY(current.data(AuditModel::BadRole).toBool());
        QVERIFY(view.detailText().contains(QStringLiteral("does not hold")));

        // The platform chain is another chain: not broken. Nobody signed in on this server, so it
        // has no entries, and an empty chain says there is nothing to verify (not a green check).
        view.showChain(QStringLiteral("platform"));
        QTRY_VERIFY_WITH_TIMEOUT(view.isSettled(), 20000);
        QCOMPARE(view.verdict(), AuditView::Verdict::Empty);
        QVERIFY(!model.badSeq());
    }
};

QTEST_MAIN(TestAuditView)
#include "tst_views_audit.moc"
