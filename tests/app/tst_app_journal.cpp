// The local store against a real server: a change made through the console's ApiClient lands in
// the activity journal with its request id and result; the directory sync fills the cache that
// quick-open answers from at once and the tenant list falls back to when the server is gone.
#include "app/localworkspace.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"
#include "models/activityjournal.h"
#include "models/directorycache.h"
#include "models/directorysync.h"
#include "models/localstore.h"
#include "models/quickopenmodel.h"
#include "models/tenantlistmodel.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;
using portico::test::await;
using portico::test::LiveServer;

class TestJournal : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    QTemporaryDir m_dir;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<LocalWorkspace> m_local;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_live.start(), qPrintable(m_live.errorString()));
        m_client = std::make_unique<ApiClient>();
        m_client->setBaseUrl(m_live.server->baseUrl());
        m_client->setToken(m_live.server->operatorToken());
        ConnectionProfile profile;
        profile.name = QStringLiteral("journal test");
        profile.url = m_live.server->baseUrl();
        m_local = std::make_unique<LocalWorkspace>(m_client.get(), profile, nullptr, m_dir.filePath(QStringLiteral("local.sqlite")));
        QVERIFY(m_local->store()->isOpen());
        QSignalSpy synced(m_local->sync(), &DirectorySync::finished);
        m_local->sync()->start();
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 30000);
        QVERIFY(synced.at(0).at(0).toBool());
        QVERIFY(m_local->directory()->count() > 0);
        QCOMPARE(synced.at(0).at(1).toInt(), m_local->directory()->count());
        QVERIFY(m_local->directory()->age()->count() < 60);
    }

    void tenantEditLandsInJournal()
    {
        const Tenant before = m_local->directory()->search(QString(), 1).value(0);
        QVERIFY(!before.id.isNull());
        TenantPatch patch;
        patch.name = before.name + QStringLiteral(" (renamed)");
        QString requestId;
        const auto result = await<Tenant>([&](QObject *c, auto done) { requestId = m_client->patchTenant(idToString(before.id), patch, c, done); });
        QVERIFY2(result && *result, result ? qPrintable(result->problem().toDisplayString()) : "timeout");

        const auto entries = m_local->journal()->query();
        QCOMPARE(entries.size(), 1);
        const JournalEntry &e = entries.at(0);
        QCOMPARE(e.requestId, requestId);
        QVERIFY(e.ok);
        QCOMPARE(e.httpStatus, 200);
        QCOMPARE(e.action, QStringLiteral("Edit tenant"));
        QCOMPARE(e.tenantId, idToString(before.id));
        QCOMPARE(e.tenantName, *patch.name);
        QCOMPARE(e.before, QStringLiteral("name=") + before.name);
        QCOMPARE(e.after, QStringLiteral("name=") + *patch.name);
        QCOMPARE(e.profile, QStringLiteral("journal test"));
        QCOMPARE(e.method, QStringLiteral("PATCH"));
        // The directory follows the edit.
        QCOMPARE(m_local->directory()->tenant(idToString(before.id))->name, *patch.name);
    }

    void failedChangeLandsInJournalWithReason()
    {
        const QString tenant = m_live.tenantWithPlan(QStringLiteral("pro"));
        QVERIFY(!tenant.isEmpty());
        const qint64 was = m_local->journal()->count();
        QString requestId;
        const auto stale = await<ConfigWrite>([&](QObject *c, auto done) {
            requestId = m_client->setTenantConfig(tenant, QStringLiteral("security.password.min_length"), {}, QJsonValue(16),
                                                  QStringLiteral("\"0000\""), QStringLiteral("ticket 4711"), c, done);
        });
        QVERIFY(stale && !*stale);
        QCOMPARE(m_local->journal()->count(), was + 1);
        const JournalEntry e = m_local->journal()->query().at(0);
        QCOMPARE(e.requestId, requestId);
        QVERIFY(!e.ok);
        QCOMPARE(e.httpStatus, 412);
        QCOMPARE(e.problemType, QLatin1String(problem::PreconditionFailed));
        QCOMPARE(e.reason, QStringLiteral("ticket 4711"));
        QCOMPARE(e.action, QStringLiteral("Set configuration"));
        QCOMPARE(e.target, QStringLiteral("security.password.min_length"));
        QCOMPARE(e.tenantName, m_local->directory()->tenant(tenant)->name);
        JournalQuery q;
        q.text = QStringLiteral("4711");
        QCOMPARE(m_local->journal()->query(q).size(), 1);
    }

    void readsAndDryRunsAreNotJournaled()
    {
        const qint64 was = m_local->journal()->count();
        const auto flags = await<FlagList>([&](QObject *c, auto done) { m_client->listFlags(c, done); });
        QVERIFY(flags && *flags && !(*flags)->items.isEmpty());
        const QString key = (*flags)->items.at(0).key;
        const auto dry = await<FlagPatchResult>([&](QObject *c, auto done) {
            m_client->patchFlag(key, QJsonObject{{QStringLiteral("description"), QStringLiteral("dry")}}, {}, true, QStringLiteral("x"), c, done);
        });
        QVERIFY(dry);
        QCOMPARE(m_local->journal()->count(), was);
    }

    void quickOpenAnswersFromCacheThenServer()
    {
        const Tenant target = m_local->directory()->search(QString(), 5).value(3);
        QuickOpenModel model(m_client.get(), m_local->directory());
        model.setSearch(target.slug);
        // At once, before any answer: the cached match.
        QCOMPARE(model.source(), QuickOpenModel::Source::Cache);
        QVERIFY(model.isWaitingForServer());
        QVERIFY(model.rowOf(target.id) >= 0);
        QVERIFY(model.statusText().startsWith(QStringLiteral("From the local directory")));
        QTRY_COMPARE_WITH_TIMEOUT(model.source(), QuickOpenModel::Source::Server, 15000);
        QVERIFY(model.rowOf(target.id) >= 0);
    }

    void unreachableServerShowsCachedList()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        QUrl dead(QStringLiteral("http://127.0.0.1/"));
        dead.setPort(closed.serverPort());
        closed.close(); // nothing listens there now
        ApiClient offline;
        offline.setBaseUrl(dead);
        offline.setTimeout(std::chrono::milliseconds(3000));
        TenantListModel list(&offline);
        list.setDirectoryCache(m_local->directory());
        QSignalSpy offlineChanged(&list, &TenantListModel::offlineChanged);
        list.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(list.isOffline(), 15000);
        QCOMPARE(list.rowCount(), m_local->directory()->count());
        QCOMPARE(offlineChanged.count(), 1);
        // The search applies to the cached list too.
        const Tenant one = m_local->directory()->search(QString(), 1).value(0);
        list.setSearch(one.slug);
        QTRY_COMPARE_WITH_TIMEOUT(offlineChanged.count(), 2, 15000);
        QVERIFY(list.rowOf(one.id) >= 0);
        QVERIFY(list.rowCount() < m_local->directory()->count());
        // Quick-open keeps its cached rows when the server does not answer.
        QuickOpenModel quick(&offline, m_local->directory());
        quick.setSearch(one.slug);
        QTRY_VERIFY_WITH_TIMEOUT(!quick.isWaitingForServer(), 15000);
        QCOMPARE(quick.source(), QuickOpenModel::Source::Cache);
        QVERIFY(quick.rowOf(one.id) >= 0);
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_app_journal.moc"
