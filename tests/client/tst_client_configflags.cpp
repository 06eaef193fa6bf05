// ApiClient's configuration and flag calls against a real seeded server: the schema and a
// tenant's values, writes with ETags, history and revert, read-only, flags, overrides, dry runs.
#include "client/apiclient.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"

#include <QTest>

using namespace portico;
using namespace portico::test;

class TestConfigFlagsApi : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    ApiClient *m_client = nullptr;
    QString m_tenant;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_live.start(), qPrintable(m_live.errorString()));
        m_client = m_live.client();
        m_tenant = m_live.tenantWithPlan(QStringLiteral("enterprise"), true);
        QVERIFY(!m_tenant.isEmpty());
    }

    void cleanup() { m_client->setReadOnly(false); }

    void schemaAndTenantConfig()
    {
        const auto schema = await<ConfigSchema>([&](QObject *c, auto done) { m_client->configSchema(c, done); });
        QVERIFY(schema && *schema);
        QVERIFY2((*schema)->keys.size() >= 20, qPrintable(QString::number((*schema)->keys.size())));
        const auto config = await<TenantConfig>([&](QObject *c, auto done) { m_client->tenantConfig(m_tenant, {}, c, done); });
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
        QCOMPARE(m_live.putConfig(m_tenant, key, 12), 200);
        const auto read = await<TenantConfig>([&](QObject *c, auto done) { m_client->tenantConfig(m_tenant, {}, c, done); });
        QVERIFY(read && *read);
        QString etag;
        for (const auto &i : (*read)->items)
            if (i.key == key)
                etag = i.etag;
        QVERIFY(!etag.isEmpty());

        // A stale ETag: 412, nothing written.
        const auto stale = await<ConfigWrite>([&](QObject *c, auto done) {
            m_client->setTenantConfig(m_tenant, key, {}, QJsonValue(16), QStringLiteral("\"0000\""), {}, c, done);
        });
        QVERIFY(stale && !*stale);
        QCOMPARE(stale->problem().status, 412);

        const auto written = await<ConfigWrite>([&](QObject *c, auto done) {
            m_client->setTenantConfig(m_tenant, key, {}, QJsonValue(16), etag, QStringLiteral("api test"), c, done);
        });
        QVERIFY2(written && *written, written ? qPrintable(written->problem().toDisplayString()) : "timeout");
        QVERIFY((*written)->changed);
        QCOMPARE((*written)->item.value.toInt(), 16);
        QCOMPARE((*written)->item.source, QStringLiteral("tenant"));

        const auto history = await<ConfigHistory>([&](QObject *c, auto done) { m_client->configHistory(m_tenant, key, {}, 10, c, done); });
        QVERIFY(history && *history);
        QVERIFY(!(*history)->items.isEmpty());
        const ConfigHistoryEntry newest = (*history)->items.first();
        QCOMPARE(newest.after.toInt(), 16);
        QCOMPARE(newest.before.toInt(), 12);
        QCOMPARE(newest.reason, QStringLiteral("api test"));

        const auto reverted = await<QJsonObject>([&](QObject *c, auto done) { m_client->revertConfig(m_tenant, newest.id, QStringLiteral("undo"), c, done); });
        QVERIFY(reverted && *reverted);
        QCOMPARE((*reverted)->value(QStringLiteral("after")).toInt(), 12);
    }

    void readOnlyRefusesWritesButPreviews()
    {
        m_client->setReadOnly(true);
        const auto refused = await<ConfigWrite>([&](QObject *c, auto done) {
            m_client->setTenantConfig(m_tenant, QStringLiteral("security.password.min_length"), {}, QJsonValue(20), QStringLiteral("*"), {}, c, done);
        });
        QVERIFY(refused && !*refused);
        QCOMPARE(refused->problem().status, 403);
        QVERIFY2(refused->problem().detail.contains(QStringLiteral("was not sent")), qPrintable(refused->problem().detail)); // refused by the client
        const auto preview = await<OverrideChange>([&](QObject *c, auto done) {
            m_client->setFlagOverride(m_tenant, QStringLiteral("sso-saml"), {}, QJsonValue(true), true, {}, c, done);
        });
        QVERIFY2(preview && *preview, preview ? qPrintable(preview->problem().toDisplayString()) : "timeout");
        QVERIFY((*preview)->dryRun);
    }

    void flagsOverridesAndDryRuns()
    {
        const auto flags = await<FlagList>([&](QObject *c, auto done) { m_client->listFlags(c, done); });
        QVERIFY(flags && *flags);
        QCOMPARE((*flags)->items.size(), 13);
        const auto evals = await<TenantFlags>([&](QObject *c, auto done) { m_client->tenantFlags(m_tenant, {}, c, done); });
        QVERIFY(evals && *evals);
        QCOMPARE((*evals)->items.size(), 13);

        const auto dry = await<OverrideChange>([&](QObject *c, auto done) {
            m_client->setFlagOverride(m_tenant, QStringLiteral("sso-saml"), {}, QJsonValue(true), true, {}, c, done);
        });
        QVERIFY(dry && *dry);
        QVERIFY((*dry)->changesValue);
        QCOMPARE((*dry)->before.value, QJsonValue(false));
        QCOMPARE((*dry)->after.value, QJsonValue(true));
        QCOMPARE((*dry)->after.reason, QStringLiteral("TARGETING_MATCH"));

        const auto impact = await<FlagPatchResult>([&](QObject *c, auto done) {
            m_client->patchFlag(QStringLiteral("new-dashboard"), {{QStringLiteral("rollout"), QJsonObject{{QStringLiteral("percentage"), 80}, {QStringLiteral("by"), QStringLiteral("tenant")}}}},
                                QStringLiteral("\"v1\""), true, {}, c, done);
        });
        QVERIFY2(impact && *impact, impact ? qPrintable(impact->problem().toDisplayString()) : "timeout");
        QVERIFY((*impact)->dryRun);
        QVERIFY((*impact)->impact.changed > 0);

        BulkOverrideRequest bulk;
        bulk.plan = QStringLiteral("free");
        bulk.value = true;
        const auto preview = await<BulkOverrideResult>([&](QObject *c, auto done) {
            m_client->bulkFlagOverrides(QStringLiteral("dark-mode"), bulk, true, {}, c, done);
        });
        QVERIFY(preview && *preview);
        QVERIFY((*preview)->targets > 0);
        QVERIFY(!(*preview)->previewEtag.isEmpty());

        const auto overrides = await<FlagOverrideList>([&](QObject *c, auto done) { m_client->flagOverrides(QStringLiteral("new-dashboard"), c, done); });
        QVERIFY(overrides && *overrides);
        QCOMPARE((*overrides)->items.size(), 4); // the demo's design partners and those who asked to wait
    }
};

QTEST_GUILESS_MAIN(TestConfigFlagsApi)
#include "tst_client_configflags.moc"
