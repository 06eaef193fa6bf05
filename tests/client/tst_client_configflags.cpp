// ApiClient's configuration and flag calls against a real seeded server, and the models that use
// them under QAbstractItemModelTester (fatal).
#include "tests/support/configflagstesting.h"
#include "models/confighistorymodel.h"
#include "models/configtreemodel.h"
#include "models/flagmodels.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace portico;
using namespace portico::test;

class TestConfigFlagsApi : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    std::unique_ptr<ApiClient> m_client;
    QString m_tenant;

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = m_live.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_client = std::make_unique<ApiClient>();
        m_client->setBaseUrl(m_live.server->baseUrl());
        m_client->setToken(m_live.server->operatorToken());
        m_tenant = tenantWithPlan(m_live, QStringLiteral("enterprise"), true);
        QVERIFY(!m_tenant.isEmpty());
    }

    void cleanup() { m_client->setReadOnly(false); }

    void schemaAndTenantConfig()
    {
        const auto schema = awaitResult<ConfigSchema>([&](QObject *c, auto done) { m_client->configSchema(c, done); });
        QVERIFY(schema && *schema);
        QVERIFY2((*schema)->keys.size() >= 20, qPrintable(QString::number((*schema)->keys.size())));
        const auto config = awaitResult<TenantConfig>([&](QObject *c, auto done) { m_client->tenantConfig(m_tenant, {}, c, done); });
        QVERIFY2(config && *config, config ? qPrintable(config->problem().toDisplayString()) : "timeout");
        QCOMPARE((*config)->tenantId, m_tenant);
        QCOMPARE((*config)->items.size(), (*schema)->keys.size());
        for (const ConfigItem &item : (*config)->items) {
            QVERIFY(!item.etag.isEmpty());
            QVERIFY(!item.source.isEmpty());
        }
    }

    void writeWithEtagHistoryAndRevert()
    {
        const QString key = QStringLiteral("security.password.min_length");
        QCOMPARE(putConfig(m_live, m_tenant, key, 12), 200);
        const auto read = awaitResult<TenantConfig>([&](QObject *c, auto done) { m_client->tenantConfig(m_tenant, {}, c, done); });
        QVERIFY(read && *read);
        QString etag;
        for (const auto &i : (*read)->items)
            if (i.key == key)
                etag = i.etag;
        QVERIFY(!etag.isEmpty());

        // A stale ETag: 412, nothing written.
        const auto stale = awaitResult<ConfigWrite>([&](QObject *c, auto done) {
            m_client->setTenantConfig(m_tenant, key, {}, QJsonValue(16), QStringLiteral("\"0000\""), {}, c, done);
        });
        QVERIFY(stale && !*stale);
        QCOMPARE(stale->problem().status, 412);

        const auto written = awaitResult<ConfigWrite>([&](QObject *c, auto done) {
            m_client->setTenantConfig(m_tenant, key, {}, QJsonValue(16), etag, QStringLiteral("api test"), c, done);
        });
        QVERIFY2(written && *written, written ? qPrintable(written->problem().toDisplayString()) : "timeout");
        QVERIFY((*written)->changed);
        QCOMPARE((*written)->item.value.toInt(), 16);
        QCOMPARE((*written)->item.source, QStringLiteral("tenant"));

        const auto history = awaitResult<ConfigHistory>([&](QObject *c, auto done) { m_client->configHistory(m_tenant, key, {}, 10, c, done); });
        QVERIFY(history && *history);
        QVERIFY(!(*history)->items.isEmpty());
        const ConfigHistoryEntry newest = (*history)->items.first();
        QCOMPARE(newest.after.toInt(), 16);
        QCOMPARE(newest.before.toInt(), 12);
        QCOMPARE(newest.reason, QStringLiteral("api test"));

        const auto reverted = awaitResult<QJsonObject>([&](QObject *c, auto done) { m_client->revertConfig(m_tenant, newest.id, QStringLiteral("undo"), c, done); });
        QVERIFY(reverted && *reverted);
        QCOMPARE((*reverted)->value(QStringLiteral("after")).toInt(), 12);
    }

    void readOnlyRefusesWritesButPreviews()
    {
        m_client->setReadOnly(true);
        const auto refused = awaitResult<ConfigWrite>([&](QObject *c, auto done) {
            m_client->setTenantConfig(m_tenant, QStringLiteral("security.password.min_length"), {}, QJsonValue(20), QStringLiteral("*"), {}, c, done);
        });
        QVERIFY(refused && !*refused);
        QCOMPARE(refused->problem().status, 403);
        const auto preview = awaitResult<OverrideChange>([&](QObject *c, auto done) {
            m_client->setFlagOverride(m_tenant, QStringLiteral("sso-saml"), {}, QJsonValue(true), true, {}, c, done);
        });
        QVERIFY2(preview && *preview, preview ? qPrintable(preview->problem().toDisplayString()) : "timeout");
        QVERIFY((*preview)->dryRun);
    }

    void flagsOverridesAndDryRuns()
    {
        const auto flags = awaitResult<FlagList>([&](QObject *c, auto done) { m_client->listFlags(c, done); });
        QVERIFY(flags && *flags);
        QCOMPARE((*flags)->items.size(), 13);
        const auto evals = awaitResult<TenantFlags>([&](QObject *c, auto done) { m_client->tenantFlags(m_tenant, {}, c, done); });
        QVERIFY(evals && *evals);
        QCOMPARE((*evals)->items.size(), 13);

        const auto dry = awaitResult<OverrideChange>([&](QObject *c, auto done) {
            m_client->setFlagOverride(m_tenant, QStringLiteral("sso-saml"), {}, QJsonValue(true), true, {}, c, done);
        });
        QVERIFY(dry && *dry);
        QVERIFY((*dry)->changesValue);
        QCOMPARE((*dry)->before.value, QJsonValue(false));
        QCOMPARE((*dry)->after.value, QJsonValue(true));
        QCOMPARE((*dry)->after.reason, QStringLiteral("TARGETING_MATCH"));

        const auto impact = awaitResult<FlagPatchResult>([&](QObject *c, auto done) {
            m_client->patchFlag(QStringLiteral("new-dashboard"), {{QStringLiteral("rollout"), QJsonObject{{QStringLiteral("percentage"), 80}, {QStringLiteral("by"), QStringLiteral("tenant")}}}},
                                QStringLiteral("\"v1\""), true, {}, c, done);
        });
        QVERIFY2(impact && *impact, impact ? qPrintable(impact->problem().toDisplayString()) : "timeout");
        QVERIFY((*impact)->dryRun);
        QVERIFY((*impact)->impact.changed > 0);

        BulkOverrideRequest bulk;
        bulk.plan = QStringLiteral("free");
        bulk.value = true;
        const auto preview = awaitResult<BulkOverrideResult>([&](QObject *c, auto done) {
            m_client->bulkFlagOverrides(QStringLiteral("dark-mode"), bulk, true, {}, c, done);
        });
        QVERIFY(preview && *preview);
        QVERIFY((*preview)->targets > 0);
        QVERIFY(!(*preview)->previewEtag.isEmpty());

        const auto overrides = awaitResult<FlagOverrideList>([&](QObject *c, auto done) { m_client->flagOverrides(QStringLiteral("new-dashboard"), c, done); });
        QVERIFY(overrides && *overrides);
        QCOMPARE((*overrides)->items.size(), 4); // the demo's design partners and those who asked to wait
    }

    void modelsUnderTester()
    {
        ConfigTreeModel tree(m_client.get());
        QAbstractItemModelTester t1(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
        tree.setTenant(m_tenant);
        QTRY_VERIFY_WITH_TIMEOUT(tree.hasLoaded(), 15000);
        const QModelIndex leaf = tree.indexOfKey(QStringLiteral("branding.logo_url"));
        QVERIFY(leaf.isValid());
        QCOMPARE(leaf.data().toString(), QStringLiteral("logo_url"));
        QCOMPARE(leaf.parent().data().toString(), QStringLiteral("branding"));
        QVERIFY(!leaf.parent().parent().isValid());
        const QModelIndex nested = tree.indexOfKey(QStringLiteral("security.session.idle_timeout"));
        QCOMPARE(nested.parent().data().toString(), QStringLiteral("session"));
        QCOMPARE(nested.parent().parent().data().toString(), QStringLiteral("security"));
        QCOMPARE(tree.indexOfKey(QStringLiteral("security.password.min_length"), ConfigTreeModel::DefaultColumn).data().toString(), QStringLiteral("10"));
        tree.setUser(QStringLiteral("someone"));
        QTRY_VERIFY_WITH_TIMEOUT(!tree.isLoading(), 15000);

        ConfigHistoryModel history(m_client.get());
        QAbstractItemModelTester t2(&history, QAbstractItemModelTester::FailureReportingMode::Fatal);
        history.load(m_tenant, QStringLiteral("security.password.min_length"), {});
        QTRY_VERIFY_WITH_TIMEOUT(history.hasLoaded(), 15000);
        QVERIFY(history.rowCount() >= 2);

        FlagsModel flags(m_client.get());
        QAbstractItemModelTester t3(&flags, QAbstractItemModelTester::FailureReportingMode::Fatal);
        flags.reload();
        QTRY_VERIFY_WITH_TIMEOUT(flags.hasLoaded(), 15000);
        QCOMPARE(flags.rowCount(), 13);
        QVERIFY(flags.flag(QStringLiteral("new-billing-page"))->stale);
        QCOMPARE(flags.index(flags.rowOf(QStringLiteral("new-dashboard")), FlagsModel::RolloutColumn).data().toString(), QStringLiteral("20 % of tenants"));

        FlagEvaluationsModel evals(m_client.get());
        QAbstractItemModelTester t4(&evals, QAbstractItemModelTester::FailureReportingMode::Fatal);
        evals.setTenant(m_tenant);
        QTRY_VERIFY_WITH_TIMEOUT(evals.hasLoaded(), 15000);
        QCOMPARE(evals.rowCount(), 13);
        QCOMPARE(evals.evaluation(QStringLiteral("bulk-import"))->reason, QStringLiteral("DISABLED"));

        FlagOverridesModel overrides(m_client.get());
        QAbstractItemModelTester t5(&overrides, QAbstractItemModelTester::FailureReportingMode::Fatal);
        overrides.load(QStringLiteral("new-dashboard"));
        QTRY_VERIFY_WITH_TIMEOUT(overrides.hasLoaded(), 15000);
        QCOMPARE(overrides.rowCount(), 4);
        overrides.load({});
        QCOMPARE(overrides.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConfigFlagsApi)
#include "tst_client_configflags.moc"
