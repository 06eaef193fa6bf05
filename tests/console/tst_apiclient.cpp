// ApiClient against a real, seeded portico-server.
#include "client/apiclient.h"
#include "liveserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <optional>

using namespace portico;
using portico::test::LiveServer;

namespace {
// Runs one call and waits for its callback (polling the event loop, never sleeping).
template<class T, class Call>
std::optional<ApiResult<T>> await(Call &&call, int timeoutMs = 20000)
{
    std::optional<ApiResult<T>> result;
    QObject context;
    call(&context, [&result](const ApiResult<T> &r) { result = r; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs); // the caller checks has_value()
    return result;
}
} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT
    LiveServer m_live;

    std::unique_ptr<ApiClient> operatorClient()
    {
        auto client = std::make_unique<ApiClient>();
        client->setBaseUrl(m_live.server->baseUrl());
        client->setToken(m_live.server->operatorToken());
        return client;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = m_live.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void health()
    {
        ApiClient client;
        client.setBaseUrl(m_live.server->baseUrl());
        QSignalSpy state(&client, &ApiClient::connectionStateChanged);
        auto r = await<HealthInfo>([&](QObject *ctx, auto cb) { client.health(ctx, cb); });
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->problem().toDisplayString()));
        QCOMPARE(r->value().status, QStringLiteral("ok"));
        QCOMPARE(client.connectionState(), ApiClient::ConnectionState::Connected);
        QCOMPARE(state.count(), 1);
    }

    void loginThenMe()
    {
        ApiClient client;
        client.setBaseUrl(m_live.server->baseUrl());
        auto login = await<LoginResult>([&](QObject *ctx, auto cb) {
            client.login(m_live.server->adminEmail(), m_live.server->adminPassword(), ctx, cb);
        });
        QVERIFY(login);
        QVERIFY2(login->ok(), qPrintable(login->problem().toDisplayString()));
        QVERIFY(login->value().token.startsWith(QStringLiteral("pto_")));
        QCOMPARE(login->value().operatorInfo.email, m_live.server->adminEmail());

        client.setToken(login->value().token);
        auto me = await<MeInfo>([&](QObject *ctx, auto cb) { client.me(ctx, cb); });
        QVERIFY(me);
        QVERIFY2(me->ok(), qPrintable(me->problem().toDisplayString()));
        QVERIFY(me->value().isOperator());
        QCOMPARE(me->value().operatorInfo->email, m_live.server->adminEmail());
        QCOMPARE(me->value().operatorInfo->role, QStringLiteral("admin"));
    }

    void loginWithWrongPasswordIsUnauthenticated()
    {
        ApiClient client;
        client.setBaseUrl(m_live.server->baseUrl());
        auto login = await<LoginResult>([&](QObject *ctx, auto cb) {
            client.login(m_live.server->adminEmail(), QStringLiteral("wrong password"), ctx, cb);
        });
        QVERIFY(login);
        QVERIFY(!login->ok());
        QCOMPARE(login->problem().status, 401);
        QCOMPARE(login->problem().type, QString::fromLatin1(problem::Unauthenticated));
    }

    void badTokenMakesStateUnauthorized()
    {
        ApiClient client;
        client.setBaseUrl(m_live.server->baseUrl());
        client.setToken(QStringLiteral("pto_not_a_real_token"));
        QSignalSpy state(&client, &ApiClient::connectionStateChanged);
        auto r = await<MeInfo>([&](QObject *ctx, auto cb) { client.me(ctx, cb); });
        QVERIFY(r);
        QVERIFY(!r->ok());
        QCOMPARE(r->problem().status, 401);
        QCOMPARE(client.connectionState(), ApiClient::ConnectionState::Unauthorized);
        QCOMPARE(state.count(), 1);
        QCOMPARE(state.at(0).at(0).value<ApiClient::ConnectionState>(), ApiClient::ConnectionState::Unauthorized);
    }

    void listTenantsFirstPage()
    {
        auto client = operatorClient();
        TenantListQuery q;
        q.limit = 10;
        auto r = await<TenantPage>([&](QObject *ctx, auto cb) { client->listTenants(q, ctx, cb); });
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->problem().toDisplayString()));
        QCOMPARE(r->value().items.size(), 10);
        QVERIFY2(r->value().total >= 300, qPrintable(QString::number(r->value().total)));
        QVERIFY(!r->value().nextCursor.isEmpty());
        QVERIFY(!r->value().items.first().stats); // stats only on single reads
    }

    void listTenantsValidationProblem()
    {
        auto client = operatorClient();
        TenantListQuery q;
        q.limit = 0;
        auto r = await<TenantPage>([&](QObject *ctx, auto cb) { client->listTenants(q, ctx, cb); });
        QVERIFY(r);
        QVERIFY(!r->ok());
        const Problem &p = r->problem();
        QCOMPARE(p.status, 422);
        QCOMPARE(p.type, QString::fromLatin1(problem::Validation));
        QCOMPARE(p.field, QStringLiteral("limit"));
        QVERIFY(!p.detail.isEmpty());
        QVERIFY(!p.requestId.isEmpty());
        QVERIFY(p.toDisplayString().contains(QStringLiteral("limit")));
    }

    void getTenantBySlugAndId()
    {
        auto client = operatorClient();
        TenantListQuery q;
        q.limit = 1;
        auto page = await<TenantPage>([&](QObject *ctx, auto cb) { client->listTenants(q, ctx, cb); });
        QVERIFY(page && page->ok() && !page->value().items.isEmpty());
        const Tenant first = page->value().items.first();

        auto bySlug = await<Tenant>([&](QObject *ctx, auto cb) { client->getTenant(first.slug, ctx, cb); });
        QVERIFY(bySlug);
        QVERIFY2(bySlug->ok(), qPrintable(bySlug->problem().toDisplayString()));
        QCOMPARE(bySlug->value().id, first.id);
        QVERIFY(bySlug->value().stats.has_value());

        auto byId = await<Tenant>([&](QObject *ctx, auto cb) { client->getTenant(idToString(first.id), ctx, cb); });
        QVERIFY(byId && byId->ok());
        QCOMPARE(byId->value().slug, first.slug);
    }

    void getUnknownTenantIsNotFound()
    {
        auto client = operatorClient();
        auto r = await<Tenant>([&](QObject *ctx, auto cb) { client->getTenant(QStringLiteral("no-such-tenant-zz9"), ctx, cb); });
        QVERIFY(r);
        QVERIFY(!r->ok());
        QCOMPARE(r->problem().status, 404);
        QCOMPARE(r->problem().type, QString::fromLatin1(problem::NotFound));
    }

    void patchAndCreate()
    {
        auto client = operatorClient();
        NewTenant n;
        n.name = QStringLiteral("Console Test Tenant");
        n.slug = QStringLiteral("console-test-tenant");
        n.adminEmail = QStringLiteral("owner@console-test.example");
        auto created = await<Tenant>([&](QObject *ctx, auto cb) { client->createTenant(n, ctx, cb); });
        QVERIFY(created);
        QVERIFY2(created->ok(), qPrintable(created->problem().toDisplayString()));
        QCOMPARE(created->value().slug, n.slug);

        // Same slug, new idempotency key: the slug is taken.
        auto again = await<Tenant>([&](QObject *ctx, auto cb) { client->createTenant(n, ctx, cb); });
        QVERIFY(again && !again->ok());
        QCOMPARE(again->problem().status, 409);
        QCOMPARE(again->problem().field, QStringLiteral("slug"));

        TenantPatch patch;
        patch.name = QStringLiteral("Console Test Tenant (renamed)");
        patch.plan = Plan::Pro;
        auto patched = await<Tenant>([&](QObject *ctx, auto cb) { client->patchTenant(n.slug, patch, ctx, cb); });
        QVERIFY(patched);
        QVERIFY2(patched->ok(), qPrintable(patched->problem().toDisplayString()));
        QCOMPARE(patched->value().name, *patch.name);
        QCOMPARE(toString(patched->value().plan), QStringLiteral("pro"));
    }

    void readOnlyRefusesPatchCentrally()
    {
        auto client = operatorClient();
        TenantListQuery q;
        q.limit = 1;
        auto page = await<TenantPage>([&](QObject *ctx, auto cb) { client->listTenants(q, ctx, cb); });
        QVERIFY(page && page->ok());
        const Tenant t = page->value().items.first();

        client->setReadOnly(true);
        TenantPatch patch;
        patch.name = QStringLiteral("must not happen");
        QSignalSpy pending(client.get(), &ApiClient::pendingRequestsChanged);
        auto r = await<Tenant>([&](QObject *ctx, auto cb) { client->patchTenant(idToString(t.id), patch, ctx, cb); });
        QVERIFY(r);
        QVERIFY(!r->ok());
        QCOMPARE(r->problem().status, 403);
        QCOMPARE(r->problem().type, QString::fromLatin1(problem::Forbidden));
        QVERIFY(r->problem().detail.contains(QStringLiteral("read-only")));
        QCOMPARE(pending.count(), 0); // nothing went on the wire

        // Reads still work, and the name is unchanged on the server.
        auto check = await<Tenant>([&](QObject *ctx, auto cb) { client->getTenant(idToString(t.id), ctx, cb); });
        QVERIFY(check && check->ok());
        QCOMPARE(check->value().name, t.name);
    }

    void unreachableServerIsNetworkProblem()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        ApiClient client;
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        auto r = await<HealthInfo>([&](QObject *ctx, auto cb) { client.health(ctx, cb); });
        QVERIFY(r);
        QVERIFY(!r->ok());
        QCOMPARE(r->problem().type, QString::fromLatin1(problem::Network));
        QCOMPARE(r->problem().status, 0);
        QVERIFY(!r->problem().toDisplayString().isEmpty());
        QCOMPARE(client.connectionState(), ApiClient::ConnectionState::Unreachable);
    }

    void timeoutIsNetworkProblem()
    {
        QTcpServer silent; // accepts and never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        ApiClient client;
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
        client.setTimeout(std::chrono::milliseconds(300));
        auto r = await<HealthInfo>([&](QObject *ctx, auto cb) { client.health(ctx, cb); }, 10000);
        QVERIFY(r);
        QVERIFY(!r->ok());
        QCOMPARE(r->problem().type, QString::fromLatin1(problem::Network));
        QVERIFY2(r->problem().detail.contains(QStringLiteral("did not answer")), qPrintable(r->problem().detail));
    }

    void destroyedContextGetsNoCallback()
    {
        auto client = operatorClient();
        bool called = false;
        auto *context = new QObject;
        client->listTenants(TenantListQuery{}, context, [&called](const ApiResult<TenantPage> &) { called = true; });
        QCOMPARE(client->pendingRequests(), 1);
        delete context;
        QTRY_COMPARE(client->pendingRequests(), 0);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
