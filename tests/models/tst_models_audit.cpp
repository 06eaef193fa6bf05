// AuditModel and AuditChainVerifier against a real server (no demo fleet: each test makes its own
// tenant, whose chain is tenant.created, token.issued, tenant.limits_changed), the model under
// QAbstractItemModelTester (fatal).
#include "models/auditchainverifier.h"
#include "models/auditmodel.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace portico;
using namespace portico::test;

class TestAuditModel : public QObject
{
    Q_OBJECT
    LiveServer m_live;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_live.start(LiveServer::Seed::None), qPrintable(m_live.errorString())); }

    void modelPagesNewestFirst()
    {
        const auto tenant = m_live.makeTenant(QStringLiteral("Audit Paging"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        AuditModel model(m_live.client());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        AuditQuery q;
        q.chain = tenant.id;
        q.limit = 1;
        model.setQuery(q);
        QTRY_VERIFY_WITH_TIMEOUT(model.hasLoaded() && !model.isLoading(), kAnswerTimeoutMs);
        QVERIFY(model.rowCount() >= 1); // the tester fetches more on its own too (it checks fetchMore)
        QVERIFY(loadAllPages(model));
        QCOMPARE(model.rowCount(), 3); // tenant.created, token.issued, tenant.limits_changed
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.index(r, AuditModel::SeqColumn).data(AuditModel::SeqRole).toLongLong(), qint64(3 - r));
        QCOMPARE(model.index(2, AuditModel::ActionColumn).data().toString(), QStringLiteral("tenant.created"));
        QVERIFY(model.index(2, AuditModel::DetailsColumn).data().toString().startsWith(QLatin1Char('{')));

        model.setBadSeq(2);
        QVERIFY(model.index(1, 0).data(AuditModel::BadRole).toBool());
        QVERIFY(!model.index(0, 0).data(AuditModel::BadRole).toBool());
        QVERIFY(model.index(1, 0).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());

        AuditQuery filtered = q;
        filtered.limit = 50;
        filtered.action = QStringLiteral("token.issued");
        model.setQuery(filtered);
        QTRY_VERIFY_WITH_TIMEOUT(model.hasLoaded() && !model.isLoading(), kAnswerTimeoutMs);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, AuditModel::SeqColumn).data(AuditModel::SeqRole).toLongLong(), 2);
    }

    void verifyWholeChainDetectsGap()
    {
        // Entries out of order are sorted; a missing seq is named.
        const auto tenant = m_live.makeTenant(QStringLiteral("Audit Gap"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        AuditModel model(m_live.client());
        AuditQuery q;
        q.chain = tenant.id;
        model.setQuery(q);
        QVERIFY(loadAllPages(model));
        QCOMPARE(model.rowCount(), 3);
        QList<AuditEntry> entries;
        for (int r = 0; r < model.rowCount(); ++r)
            entries << model.entryAt(r);
        const ChainVerdict whole = AuditChainVerifier::verifyWholeChain(entries);
        QVERIFY(whole.ok);
        QCOMPARE(whole.checked, 3);
        entries.removeAt(1); // seq 2 (newest first: 3, 2, 1)
        const ChainVerdict v = AuditChainVerifier::verifyWholeChain(entries);
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq.value_or(-1), 2);
    }
};

QTEST_MAIN(TestAuditModel) // the bad row's font and colours need a QGuiApplication
#include "tst_models_audit.moc"
