// The Audit page against a real server: AuditModel pages lazily under QAbstractItemModelTester;
// the console verifies a good chain itself (core/auditchain), and after a superuser edits entry 2
// behind the triggers' back, its own verification names seq 2 and the view highlights that row.
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
    std::unique_ptr<ApiClient> m_client;

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = m_live.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_client = std::make_unique<ApiClient>();
        m_client->setBaseUrl(m_live.server->baseUrl());
        m_client->setToken(m_live.server->operatorToken());
    }

    void modelPagesNewestFirst()
    {
        const auto tenant = m_live.makeTenant(QStringLiteral("Audit Paging"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        AuditModel model(m_client.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        AuditQuery q;
        q.chain = tenant.id;
        q.limit = 1;
        model.setQuery(q);
        QTRY_VERIFY_WITH_TIMEOUT(model.hasLoaded() && !model.isLoading(), 20000);
        // (The tester fetches more on its own too: it checks fetchMore.)
        QVERIFY(model.rowCount() >= 1);
        while (model.canFetchMore({})) {
            model.fetchMore({});
            QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 20000);
        }
        QCOMPARE(model.rowCount(), 3); // tenant.created, token.issued, tenant.limits_changed
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.index(r, AuditModel::SeqColumn).data(AuditModel::SeqRole).toLongLong(), qint64(3 - r));
        QCOMPARE(model.index(2, AuditModel::ActionColumn).data().toString(), QStringLiteral("tenant.created"));
        QVERIFY(model.index(2, AuditModel::DetailsColumn).data().toString().startsWith(QLatin1Char('{')));

        model.setBadSeq(2);
        QVERIFY(model.index(1, 0).data(AuditModel::BadRole).toBool());
        QVERIFY(!model.index(0, 0).data(AuditModel::BadRole).toBool());
        QVERIFY(model.index(1, 0).data(Qt::BackgroundRole).isValid());

        AuditQuery filtered = q;
        filtered.limit = 50;
        filtered.action = QStringLiteral("token.issued");
        model.setQuery(filtered);
        QTRY_VERIFY_WITH_TIMEOUT(model.hasLoaded() && !model.isLoading(), 20000);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, AuditModel::SeqColumn).data(AuditModel::SeqRole).toLongLong(), 2);
    }

    void consoleVerifiesChainAndFindsTampering()
    {
        const auto tenant = m_live.makeTenant(QStringLiteral("Audit Tamper"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        AuditModel model(m_client.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        AuditChainVerifier verifier(m_client.get());
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

        // The platform chain is another chain: it still holds.
        view.showChain(QStringLiteral("platform"));
        QTRY_VERIFY_WITH_TIMEOUT(view.isSettled(), 20000);
        QCOMPARE(view.verdict(), AuditView::Verdict::Holds);
        QVERIFY(!model.badSeq());
    }

    void verifyWholeChainDetectsGap()
    {
        // Pure: entries out of order are sorted; a missing seq is named.
        const auto tenant = m_live.makeTenant(QStringLiteral("Audit Gap"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        AuditModel model(m_client.get());
        AuditQuery q;
        q.chain = tenant.id;
        model.setQuery(q);
        QTRY_VERIFY_WITH_TIMEOUT(model.hasLoaded() && !model.isLoading(), 20000);
        QList<AuditEntry> entries;
        for (int r = 0; r < model.rowCount(); ++r)
            entries << model.entryAt(r);
        QVERIFY(AuditChainVerifier::verifyWholeChain(entries).ok);
        entries.removeAt(1); // seq 2 (newest first: 3, 2, 1)
        const ChainVerdict v = AuditChainVerifier::verifyWholeChain(entries);
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq.value_or(-1), 2);
    }
};

QTEST_MAIN(TestAuditView)
#include "tst_views_audit.moc"
