// The configuration and flag models against a real seeded server (its demo flags and plans), each
// under QAbstractItemModelTester (fatal).
#include "models/confighistorymodel.h"
#include "models/configtreemodel.h"
#include "models/flagmodels.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace portico;
using namespace portico::test;

class TestConfigFlagModels : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    QString m_tenant; // not on the enterprise plan

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_live.start(), qPrintable(m_live.errorString()));
        m_tenant = m_live.tenantWithPlan(QStringLiteral("enterprise"), true);
        QVERIFY(!m_tenant.isEmpty());
    }

    void configTreeGroupsKeysByPrefix()
    {
        ConfigTreeModel tree(m_live.client());
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
        tree.setTenant(m_tenant);
        QTRY_VERIFY_WITH_TIMEOUT(tree.hasLoaded(), kAnswerTimeoutMs);
        const QModelIndex leaf = tree.indexOfKey(QStringLiteral("branding.logo_url"));
        QVERIFY(leaf.isValid());
        QCOMPARE(leaf.data().toString(), QStringLiteral("logo_url"));
        QCOMPARE(leaf.parent().data().toString(), QStringLiteral("branding"));
        QVERIFY(!leaf.parent().parent().isValid());
        const QModelIndex nested = tree.indexOfKey(QStringLiteral("security.session.idle_timeout"));
        QCOMPARE(nested.parent().data().toString(), QStringLiteral("session"));
        QCOMPARE(nested.parent().parent().data().toString(), QStringLiteral("security"));
        QCOMPARE(tree.indexOfKey(QStringLiteral("security.password.min_length"), ConfigTreeModel::DefaultColumn).data().toString(), QStringLiteral("10"));
        QCOMPARE(tree.editLayer(), QStringLiteral("tenant"));
    }

    void configTreeShowsTheUsersView()
    {
        const QString key = QStringLiteral("branding.theme");
        QCOMPARE(m_live.putConfig(m_tenant, key, QStringLiteral("dark"), QStringLiteral("someone")), 200);
        ConfigTreeModel tree(m_live.client());
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
        tree.setTenant(m_tenant);
        QTRY_VERIFY_WITH_TIMEOUT(tree.hasLoaded() && !tree.isLoading(), kAnswerTimeoutMs);
        QVERIFY(tree.indexOfKey(key, ConfigTreeModel::UserColumn).data().toString().isEmpty()); // no user: no user layer

        QSignalSpy loaded(&tree, &ConfigTreeModel::loaded);
        tree.setUser(QStringLiteral("someone"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kAnswerTimeoutMs);
        QCOMPARE(tree.editLayer(), QStringLiteral("user"));
        QCOMPARE(tree.indexOfKey(key, ConfigTreeModel::UserColumn).data().toString(), QStringLiteral("dark"));
        QCOMPARE(tree.indexOfKey(key, ConfigTreeModel::ValueColumn).data().toString(), QStringLiteral("dark"));
        QCOMPARE(tree.indexOfKey(key, ConfigTreeModel::SourceColumn).data().toString(), QStringLiteral("user"));
    }

    void configHistoryNewestFirst()
    {
        const QString key = QStringLiteral("security.password.min_length");
        QCOMPARE(m_live.putConfig(m_tenant, key, 12), 200);
        QCOMPARE(m_live.putConfig(m_tenant, key, 13), 200);
        ConfigHistoryModel history(m_live.client());
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::Fatal);
        history.load(m_tenant, key, {});
        QTRY_VERIFY_WITH_TIMEOUT(history.hasLoaded(), kAnswerTimeoutMs);
        QVERIFY(history.rowCount() >= 2);
        QCOMPARE(history.entry(0)->after.toInt(), 13);
        QCOMPARE(history.entry(0)->before.toInt(), 12);
        QCOMPARE(history.entry(1)->after.toInt(), 12);
    }

    void flagsModelShowsRolloutAndStaleness()
    {
        FlagsModel flags(m_live.client());
        QAbstractItemModelTester tester(&flags, QAbstractItemModelTester::FailureReportingMode::Fatal);
        flags.reload();
        QTRY_VERIFY_WITH_TIMEOUT(flags.hasLoaded(), kAnswerTimeoutMs);
        QCOMPARE(flags.rowCount(), 13);
        QVERIFY(flags.flag(QStringLiteral("new-billing-page"))->stale);
        QVERIFY(!flags.flag(QStringLiteral("new-dashboard"))->stale);
        QCOMPARE(flags.index(flags.rowOf(QStringLiteral("new-dashboard")), FlagsModel::RolloutColumn).data().toString(), QStringLiteral("20 % of tenants"));
    }

    void flagEvaluationsOfTheTenant()
    {
        FlagEvaluationsModel evals(m_live.client());
        QAbstractItemModelTester tester(&evals, QAbstractItemModelTester::FailureReportingMode::Fatal);
        evals.setTenant(m_tenant);
        QTRY_VERIFY_WITH_TIMEOUT(evals.hasLoaded(), kAnswerTimeoutMs);
        QCOMPARE(evals.rowCount(), 13);
        QCOMPARE(evals.evaluation(QStringLiteral("bulk-import"))->reason, QStringLiteral("DISABLED"));
        QCOMPARE(evals.evaluation(QStringLiteral("sso-saml"))->value, QJsonValue(false)); // enterprise only
    }

    void flagOverridesOfOneFlag()
    {
        FlagOverridesModel overrides(m_live.client());
        QAbstractItemModelTester tester(&overrides, QAbstractItemModelTester::FailureReportingMode::Fatal);
        overrides.load(QStringLiteral("new-dashboard"));
        QTRY_VERIFY_WITH_TIMEOUT(overrides.hasLoaded(), kAnswerTimeoutMs);
        QCOMPARE(overrides.rowCount(), 4); // the demo's design partners and those who asked to wait
        QCOMPARE(overrides.flagKey(), QStringLiteral("new-dashboard"));
        overrides.load({});
        QCOMPARE(overrides.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConfigFlagModels)
#include "tst_models_configflags.moc"
