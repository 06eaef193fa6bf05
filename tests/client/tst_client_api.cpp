// ApiClient against a real, seeded portico-server.
#include "client/apiclient.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <algorithm>

using namespace portico;
using namespace portico::test;

class TestApiClient : public QObject
{
    Q_OBJECT
    LiveServer m_live;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_live.start(), qPrintable(m_live.errorString())); }

    void health()
    {
        auto client = m_live.newClient();
        QSignalSpy state(client.get(), &ApiClient::connectionStateChanged);
        auto r = await<HealthInfo>([&](QObject *ctx, auto cb) { client->health(ctx, cb); });
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->problem().toDisplayString()));
        QCOMPARE(r->value().status, QStringLiteral("ok"));
        QCOMPARE(client->connectionState(), ApiClient::ConnectionState::Connected);
        QCOMPARE(state.count(), 1);
    }

    void loginThenMe()
    {
        auto client = m_live.newClient();
        auto login = await<LoginResult>([&](QObject *ctx, auto cb) {
            client->login(m_live.server->adminEmail(), m_live.server->adminPassword(), ctx, cb);
        });
        QVERIFY(login);
        QVERIFY2(login->ok(), qPrintable(login->problem().toDisplayString()));
        QVERIFY(login->value().token.startsWith(QStringLiteral("pto_")));
        QCOMPARE(login->value().operatorInfo.email, m_live.server->adminEmail());

        client->setToken(login->value().token);
        auto me = await<MeInfo>([&](QObject *ctx, auto cb) { client->me(ctx, cb); });
        QVERIFY(me);
        QVERIFY2(me->ok(), qPrintable(me->problem().toDisplayString()));
        QVERIFY(me->value().isOperator());
        QCOMPARE(me->value().operatorInfo->email, m_live.server->adminEmail());
        QCOMPARE(me->value().operatorInfo->role, QStringLiteral("admin"));
    }

    void loginWithWrongPasswordIsUnauthenticated()
    {
        auto client = m_live.newClient();
        auto login = await<LoginResult>([&](QObject *ctx, auto cb) {
            client->login(m_live.server->adminEmail(), QStringLiteral("wrong password"), ctx, cb);
        });
        QVERIFY(login);
        QVERIFY(!login->ok());
        QCOMPARE(login->problem().status, 401);
        QCOMPARE(login->problem().type, QString::fromLatin1(problem::Unauthenticated));
    }

    void badTokenMakesStateUnauthorized()
    {
        auto client = m_live.newClient(QStringLiteral("pto_not_a_real_token"));
        QSignalSpy state(client.get(), &ApiClient::connectionStateChanged);
        auto r = await<MeInfo>([&](QObject *ctx, auto cb) { client->me(ctx, cb); });
        QVERIFY(r);
        QVERIFY(!r->ok());
        QCOMPARE(r->problem().status, 401);
        QCOMPARE(client->connectionState(), ApiClient::ConnectionState::Unauthorized);
        QCOMPARE(state.count(), 1);
        QCOMPARE(state.at(0).at(0).value<ApiClient::ConnectionState>(), ApiClient::ConnectionState::Unauthorized);
    }

    void listTenantsFirstPage()
    {
        ApiClient *client = m_live.client();
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
        ApiClient *client = m_live.client();
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
        ApiClient *client = m_live.client();
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
        ApiClient *client = m_live.client();
        auto r = await<Tenant>([&](QObject *ctx, auto cb) { client->getTenant(QStringLiteral("no-such-tenant-zz9"), ctx, cb); });
        QVERIFY(r);
        QVERIFY(!r->ok());
        QCOMPARE(r->problem().status, 404);
        QCOMPARE(r->problem().type, QString::fromLatin1(problem::NotFound));
    }

    void patchAndCreate()
    {
        ApiClient *client = m_live.client();
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
        auto client = m_live.newClient(m_live.server->operatorToken()); // made read-only below
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

    void isolationReportOnCleanServer()
    {
        ApiClient *client = m_live.client();
        const QDateTime sentAt = QDateTime::currentDateTimeUtc();
        QElapsedTimer roundTrip;
        roundTrip.start();
        auto r = await<IsolationReport>([&](QObject *ctx, auto cb) { client->isolationReport(ctx, cb); });
        const qint64 roundTripMs = roundTrip.elapsed();
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->problem().toDisplayString()));
        const IsolationReport &report = r->value();
        QVERIFY(report.ok);
        QVERIFY2(report.findings.isEmpty(), qPrintable(report.findings.value(0).object + QLatin1Char(' ') + report.findings.value(0).detail));
        QCOMPARE(report.clustersChecked, 1);
        QVERIFY(report.tablesChecked >= 3); // members, documents, tenant_settings in the shared pool at least
        QVERIFY(report.placementsChecked >= 300); // the seeded demo fleet
        QVERIFY(report.checkedAt.isValid());
        QCOMPARE(report.checkedAt.timeSpec(), Qt::UTC);
        // Run for this request, not an older result (same host: one clock; a second of slack).
        QVERIFY2(report.checkedAt >= sentAt.addSecs(-1) && report.checkedAt <= sentAt.addMSecs(roundTripMs + 1000),
                 qPrintable(report.checkedAt.toString(Qt::ISODateWithMs) + QStringLiteral(" vs ") + sentAt.toString(Qt::ISODateWithMs)));
        // The server's own measurement of its run: never 0 (the field's default; the run queries the
        // catalogue of every placement) and within the round trip the client saw (so in ms).
        QVERIFY2(report.durationMs > 0 && report.durationMs <= roundTripMs,
                 qPrintable(QStringLiteral("%1 ms of a %2 ms round trip").arg(report.durationMs).arg(roundTripMs)));
        QVERIFY(!report.pools.isEmpty()); // the control plane's pool served this very request
        for (const PoolStats &p : report.pools) {
            QVERIFY(!p.cluster.isEmpty());
            QVERIFY(p.max > 0);
            QVERIFY(p.open <= p.max);
            QVERIFY(p.idle <= p.open);
        }
    }

    void isolationReportFindsSabotage()
    {
        ApiClient *client = m_live.client();
        QVERIFY(m_live.setRowLevelSecurity(QStringLiteral("documents"), false));
        auto r = await<IsolationReport>([&](QObject *ctx, auto cb) { client->isolationReport(ctx, cb); });
        QVERIFY(m_live.setRowLevelSecurity(QStringLiteral("documents"), true));
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->problem().toDisplayString()));
        QVERIFY(!r->value().ok);
        QCOMPARE(r->value().count(Severity::Critical), 1);
        const Finding &f = r->value().findings.at(0);
        QCOMPARE(int(f.severity), int(Severity::Critical));
        QCOMPARE(f.severityName, QStringLiteral("critical"));
        QCOMPARE(f.check, QStringLiteral("rls.enabled"));
        QVERIFY2(f.object.endsWith(QStringLiteral("public.documents")), qPrintable(f.object));
        QVERIFY(f.detail.contains(QStringLiteral("ENABLE ROW LEVEL SECURITY")));
    }

    void isolationReportNeedsOperator()
    {
        auto client = m_live.newClient();
        auto r = await<IsolationReport>([&](QObject *ctx, auto cb) { client->isolationReport(ctx, cb); });
        QVERIFY(r);
        QVERIFY(!r->ok());
        QCOMPARE(r->problem().status, 401);
    }

    void listAlertsPagesNewestFirst()
    {
        ApiClient *client = m_live.client();
        // Three monitor blocks, each an alert naming the tenant whose session was stopped.
        QStringList intruders;
        for (int i = 0; i < 3; ++i) {
            const auto block = m_live.provokeMonitorBlock();
            QVERIFY2(block.error.isEmpty(), qPrintable(block.error));
            intruders << block.intruderId;
        }

        AlertQuery query;
        query.limit = 2;
        auto first = await<AlertPage>([&](QObject *ctx, auto cb) { client->listAlerts(query, ctx, cb); });
        QVERIFY(first);
        QVERIFY2(first->ok(), qPrintable(first->problem().toDisplayString()));
        QCOMPARE(first->value().items.size(), 2);
        QVERIFY(!first->value().nextCursor.isEmpty());
        query.cursor = first->value().nextCursor;
        auto second = await<AlertPage>([&](QObject *ctx, auto cb) { client->listAlerts(query, ctx, cb); });
        QVERIFY(second);
        QVERIFY2(second->ok(), qPrintable(second->problem().toDisplayString()));
        QCOMPARE(second->value().items.size(), 1);
        QVERIFY(second->value().nextCursor.isEmpty());

        const QList<Alert> all = first->value().items + second->value().items;
        for (int i = 0; i < all.size(); ++i) {
            const Alert &a = all.at(i);
            QCOMPARE(a.kind, QStringLiteral("isolation.monitor"));
            QCOMPARE(int(a.severity), int(Severity::Critical));
            QCOMPARE(a.tenantId, intruders.at(intruders.size() - 1 - i)); // newest first
            QVERIFY(!a.requestId.isEmpty());
            QVERIFY(!a.detail.isEmpty());
            QCOMPARE(a.at.timeSpec(), Qt::UTC);
            if (i > 0)
                QVERIFY(all.at(i - 1).at >= a.at);
        }

        AlertQuery one;
        one.tenantId = intruders.at(0);
        auto filtered = await<AlertPage>([&](QObject *ctx, auto cb) { client->listAlerts(one, ctx, cb); });
        QVERIFY(filtered);
        QVERIFY2(filtered->ok(), qPrintable(filtered->problem().toDisplayString()));
        QCOMPARE(filtered->value().items.size(), 1);
        QCOMPARE(filtered->value().items.at(0).tenantId, intruders.at(0));

        auto report = await<IsolationReport>([&](QObject *ctx, auto cb) { client->isolationReport(ctx, cb); });
        QVERIFY(report && report->ok());
        QVERIFY(report->value().monitorBlocks >= 3);
        QVERIFY(report->value().ok); // RLS is back on: the blocks are history, not a standing finding
    }

    void listAlertsValidationProblem()
    {
        ApiClient *client = m_live.client();
        AlertQuery query;
        query.tenantId = QStringLiteral("not-a-tenant-id");
        auto r = await<AlertPage>([&](QObject *ctx, auto cb) { client->listAlerts(query, ctx, cb); });
        QVERIFY(r);
        QVERIFY(!r->ok());
        QCOMPARE(r->problem().status, 422);
        QCOMPARE(r->problem().field, QStringLiteral("tenant"));
    }

    void auditListAndVerify()
    {
        ApiClient *client = m_live.client();
        const auto tenant = m_live.makeTenant(QStringLiteral("Audit Client Test"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        AuditQuery q;
        q.chain = tenant.id;
        q.limit = 1;
        auto first = await<AuditPage>([&](QObject *ctx, auto cb) { client->listAudit(q, ctx, cb); });
        QVERIFY(first);
        QVERIFY2(first->ok(), qPrintable(first->problem().toDisplayString()));
        QCOMPARE(first->value().items.size(), 1);
        QVERIFY(!first->value().nextCursor.isEmpty());
        const AuditEntry newest = first->value().items.first();
        QCOMPARE(newest.chain, tenant.id);
        QCOMPARE(newest.hash.size(), 32);
        q.cursor = first->value().nextCursor;
        auto second = await<AuditPage>([&](QObject *ctx, auto cb) { client->listAudit(q, ctx, cb); });
        QVERIFY(second && second->ok());
        QCOMPARE(second->value().items.size(), 1);
        QCOMPARE(second->value().items.first().seq, newest.seq - 1); // newest first
        QCOMPARE(newest.prevHash, second->value().items.first().hash);

        AuditQuery byAction;
        byAction.chain = tenant.id;
        byAction.action = QStringLiteral("tenant.created");
        auto filtered = await<AuditPage>([&](QObject *ctx, auto cb) { client->listAudit(byAction, ctx, cb); });
        QVERIFY(filtered && filtered->ok());
        QCOMPARE(filtered->value().items.size(), 1);
        QCOMPARE(filtered->value().items.first().seq, 1);

        auto verdict = await<AuditVerdict>([&](QObject *ctx, auto cb) { client->verifyAudit(tenant.id, ctx, cb); });
        QVERIFY(verdict);
        QVERIFY2(verdict->ok(), qPrintable(verdict->problem().toDisplayString()));
        QVERIFY(verdict->value().ok);
        QCOMPARE(verdict->value().chain, tenant.id);
        QVERIFY(verdict->value().checked >= 2);
        QVERIFY(!verdict->value().firstBadSeq);

        AuditQuery bad;
        bad.limit = 0;
        auto refused = await<AuditPage>([&](QObject *ctx, auto cb) { client->listAudit(bad, ctx, cb); });
        QVERIFY(refused && !refused->ok());
        QCOMPARE(refused->problem().status, 422);
    }

    void usageMetricsSeriesTopAndFleet()
    {
        ApiClient *client = m_live.client();
        auto metrics = await<UsageMetricList>([&](QObject *ctx, auto cb) { client->usageMetrics(ctx, cb); });
        QVERIFY(metrics);
        QVERIFY2(metrics->ok(), qPrintable(metrics->problem().toDisplayString()));
        const auto emails = std::find_if(metrics->value().items.begin(), metrics->value().items.end(),
                                         [](const UsageMetric &m) { return m.name == QLatin1String("emails_sent"); });
        QVERIFY(emails != metrics->value().items.end());
        QVERIFY(emails->external);
        QCOMPARE(emails->unit, QStringLiteral("emails"));

        const auto tenant = m_live.makeTenant(QStringLiteral("Usage Client Test"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(m_live.postUsageEvents(tenant.token, QStringLiteral("emails_sent"), {{7, now.addSecs(-3 * 3600)}, {5, now.addSecs(-60)}}), 200);

        const QDateTime from = now.addDays(-1), to = now.addSecs(3600);
        auto series = await<UsageSeries>([&](QObject *ctx, auto cb) {
            client->tenantUsage(tenant.id, QStringLiteral("emails_sent"), from, to, QStringLiteral("hour"), ctx, cb);
        });
        QVERIFY(series);
        QVERIFY2(series->ok(), qPrintable(series->problem().toDisplayString()));
        QCOMPARE(series->value().total, 12);
        QCOMPARE(series->value().points.size(), 2);
        QCOMPARE(series->value().points.at(0).y(), 7.0);
        QCOMPARE(series->value().step, QStringLiteral("hour"));
        QVERIFY(series->value().quota);
        QCOMPARE(series->value().quota->limit, 20000); // the pro plan's
        QCOMPARE(series->value().quota->used, 12);

        auto top = await<UsageTop>([&](QObject *ctx, auto cb) {
            client->usageTop(QStringLiteral("emails_sent"), from, to, 5, QStringLiteral("pro"), ctx, cb);
        });
        QVERIFY(top);
        QVERIFY2(top->ok(), qPrintable(top->problem().toDisplayString()));
        QVERIFY(!top->value().items.isEmpty());
        QCOMPARE(top->value().items.first().tenantId, tenant.id); // the only pro tenant with emails
        QCOMPARE(top->value().items.first().value, 12);
        QVERIFY(top->value().items.first().quota);

        auto fleet = await<UsageSeries>([&](QObject *ctx, auto cb) {
            client->usageFleet(QStringLiteral("emails_sent"), from, to, QStringLiteral("day"), ctx, cb);
        });
        QVERIFY(fleet);
        QVERIFY2(fleet->ok(), qPrintable(fleet->problem().toDisplayString()));
        double sum = 0;
        for (const QPointF &p : fleet->value().points)
            sum += p.y();
        QCOMPARE(sum, 12.0);
        QCOMPARE(fleet->value().byPlan.value(QStringLiteral("pro")).first, 12);

        auto unknown = await<UsageSeries>([&](QObject *ctx, auto cb) {
            client->tenantUsage(tenant.id, QStringLiteral("no_such_metric"), from, to, {}, ctx, cb);
        });
        QVERIFY(unknown && !unknown->ok());
        QCOMPARE(unknown->problem().status, 422);
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
        ApiClient *client = m_live.client();
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
#include "tst_client_api.moc"
