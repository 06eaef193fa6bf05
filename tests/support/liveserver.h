#pragma once
// The console tests' fixture: one private PostgreSQL cluster, one portico-server (seeded with the
// demo fleet unless told otherwise) and an ApiClient signed in as its operator, per test binary;
// and what the tests do to the server behind the console's back (over HTTP or as superuser).

#include "client/apiclient.h"
#include "tests/support/httptestclient.h"
#include "tests/support/pgcluster.h"
#include "tests/support/serverprocess.h"
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QStandardPaths>
#include <QString>
#include <QUuid>
#include <memory>

namespace portico::test {

class LiveServer
{
public:
    PgCluster cluster;
    std::unique_ptr<ServerProcess> server;

    enum class Seed { Demo, None };

    // Starts the cluster and the server (with the demo fleet of about 320 tenants and its flags
    // unless Seed::None; extraArgs go to portico-server too), then signs client() in. False, with errorString(), when anything fails:
    // callers QVERIFY2 on it, no skipping.
    bool start(Seed seed = Seed::Demo, const QStringList &extraArgs = {})
    {
        // Keep QSettings and log files of the test away from the user's real ones.
        QStandardPaths::setTestModeEnabled(true);
        if (!cluster.start())
            return fail(QStringLiteral("PostgreSQL cluster: ") + cluster.errorString());
        server = std::make_unique<ServerProcess>(cluster);
        if (!server->start((seed == Seed::Demo ? QStringList{QStringLiteral("--seed-demo")} : QStringList{}) + extraArgs))
            return fail(QStringLiteral("portico-server: ") + server->errorString());
        if (server->operatorToken().isEmpty())
            return fail(QStringLiteral("portico-server wrote no operator token"));
        m_client = newClient(server->operatorToken());
        return true;
    }
    [[nodiscard]] QString errorString() const { return m_error; }

    // The admin operator's client, shared by the binary's tests (one that changes its state, e.g.
    // read-only, sets it back in cleanup(), or uses newClient()).
    [[nodiscard]] ApiClient *client() const { return m_client.get(); }
    // Another client of this server: with `token`, or none (anonymous).
    [[nodiscard]] std::unique_ptr<ApiClient> newClient(const QString &token = {}) const
    {
        auto c = std::make_unique<ApiClient>();
        c->setBaseUrl(server->baseUrl());
        c->setToken(token);
        return c;
    }

    // The shared pool's database, where the tenant tables live (sabotage it as superuser with psql).
    [[nodiscard]] QString poolDatabase() const { return server->database() + QStringLiteral("_pool"); }

    // Switches row-level security of `table` in the shared pool off (on = false) or on again.
    bool setRowLevelSecurity(const QString &table, bool on) const
    {
        return !cluster.psql(poolDatabase(), QStringLiteral("ALTER TABLE %1 %2 ROW LEVEL SECURITY").arg(table, on ? QStringLiteral("ENABLE") : QStringLiteral("DISABLE"))).isNull();
    }

    struct NewTenant
    {
        QString error; // empty on success
        QString id;
        QString token; // a tenant token (POST /v1/tenants/{id}/tokens)
    };

    // A tenant made through the API (audit entries seq 1 tenant.created, seq 2 token.issued),
    // with a tenant token, on `plan`.
    NewTenant makeTenant(const QString &name, const QString &plan = QStringLiteral("pro"))
    {
        HttpTestClient op(server->baseUrl(), server->operatorToken());
        const auto t = op.post(QStringLiteral("/v1/tenants"), {{QStringLiteral("name"), name}, {QStringLiteral("state"), QStringLiteral("active")},
                                                               {QStringLiteral("plan"), plan},
                                                               {QStringLiteral("admin_email"), QStringLiteral("admin@usage.example")}});
        if (t.status != 201)
            return {QStringLiteral("create: %1 %2").arg(t.status).arg(QString::fromUtf8(t.body)), {}, {}};
        const QString id = t.json().value(QStringLiteral("id")).toString();
        const auto issued = op.request("POST", QStringLiteral("/v1/tenants/%1/tokens").arg(id), "{}");
        if (issued.status != 201)
            return {QStringLiteral("token: %1 %2").arg(issued.status).arg(QString::fromUtf8(issued.body)), {}, {}};
        op.liftLimits(id);
        return {{}, id, issued.json().value(QStringLiteral("token")).toString()};
    }

    // Reports external usage events as the tenant (POST /v1/usage/events); returns the HTTP status.
    int postUsageEvents(const QString &tenantToken, const QString &metric, const QList<QPair<qint64, QDateTime>> &quantityAt)
    {
        HttpTestClient tenant(server->baseUrl(), tenantToken);
        QJsonArray events;
        for (const auto &[quantity, at] : quantityAt)
            events.append(QJsonObject{{QStringLiteral("id"), QUuid::createUuid().toString(QUuid::Id128)},
                                      {QStringLiteral("metric"), metric},
                                      {QStringLiteral("quantity"), quantity},
                                      {QStringLiteral("time"), at.toUTC().toString(Qt::ISODateWithMs)}});
        return tenant.post(QStringLiteral("/v1/usage/events"), {{QStringLiteral("events"), events}}).status;
    }

    // Edits an audit entry as superuser behind the triggers' back (what the chain must catch).
    bool tamperAudit(const QString &chain, qint64 seq) const
    {
        return !cluster.psql(server->database(), QStringLiteral("SET session_replication_role = replica; "
                                                                "UPDATE audit_log SET reason = 'x' WHERE chain = '%1' AND seq = %2;")
                                                     .arg(chain).arg(seq)).isNull();
    }

    struct MonitorBlock
    {
        QString error;        // empty when the block happened as expected
        QString intruderId;   // the tenant whose session the monitor stopped
        QString intruderName;
        QString requestId;    // of the blocked request
    };

    // Makes the isolation monitor block one request: with RLS off on documents, tenant B reads
    // tenant A's document by id. The server answers 500 isolation-blocked and stores an alert.
    MonitorBlock provokeMonitorBlock()
    {
        HttpTestClient op(server->baseUrl(), server->operatorToken());
        const auto makeTenant = [&op](const QString &name, QString *id, QString *token) {
            const auto t = op.post(QStringLiteral("/v1/tenants"), {{QStringLiteral("name"), name}, {QStringLiteral("state"), QStringLiteral("active")},
                                                                   {QStringLiteral("admin_email"), QStringLiteral("admin@monitor.example")}});
            if (t.status != 201)
                return false;
            *id = t.json().value(QStringLiteral("id")).toString();
            const auto issued = op.request("POST", QStringLiteral("/v1/tenants/%1/tokens").arg(*id), "{}");
            *token = issued.json().value(QStringLiteral("token")).toString();
            return issued.status == 201;
        };
        const QString suffix = QUuid::createUuid().toString(QUuid::Id128).left(8);
        QString victimId, victimToken, intruderId, intruderToken;
        if (!makeTenant(QStringLiteral("Monitor Victim ") + suffix, &victimId, &victimToken)
            || !makeTenant(QStringLiteral("Monitor Intruder ") + suffix, &intruderId, &intruderToken))
            return {QStringLiteral("cannot create the two tenants"), {}, {}, {}};
        HttpTestClient victim(server->baseUrl(), victimToken), intruder(server->baseUrl(), intruderToken);
        const auto doc = victim.post(QStringLiteral("/v1/documents"), {{QStringLiteral("collection"), QStringLiteral("c")}, {QStringLiteral("key"), QStringLiteral("k")},
                                                                       {QStringLiteral("body"), QStringLiteral("victim's secret")}});
        if (doc.status != 201)
            return {QStringLiteral("cannot create the victim's document: %1").arg(QString::fromUtf8(doc.body)), {}, {}, {}};
        const QString docId = doc.json().value(QStringLiteral("id")).toString();
        if (!setRowLevelSecurity(QStringLiteral("documents"), false))
            return {QStringLiteral("cannot switch RLS off"), {}, {}, {}};
        const auto stolen = intruder.get(QStringLiteral("/v1/documents/") + docId);
        const bool repaired = setRowLevelSecurity(QStringLiteral("documents"), true);
        if (!repaired)
            return {QStringLiteral("cannot switch RLS back on"), {}, {}, {}};
        if (stolen.status != 500 || stolen.json().value(QStringLiteral("type")).toString() != QLatin1String("urn:portico:problem:isolation-blocked"))
            return {QStringLiteral("expected a 500 isolation-blocked, got %1: %2").arg(stolen.status).arg(QString::fromUtf8(stolen.body)), {}, {}, {}};
        return {{}, intruderId, QStringLiteral("Monitor Intruder ") + suffix, QString::fromLatin1(stolen.header("X-Request-Id"))};
    }

    // The id of the first listed tenant whose plan is (or, with negate, is not) `plan`.
    [[nodiscard]] QString tenantWithPlan(const QString &plan, bool negate = false) const
    {
        HttpTestClient op(server->baseUrl(), server->operatorToken());
        const auto page = op.get(QStringLiteral("/v1/tenants?limit=100"));
        for (const auto &v : page.json().value(QStringLiteral("items")).toArray()) {
            const QJsonObject t = v.toObject();
            if ((t.value(QStringLiteral("plan")).toString() == plan) != negate)
                return t.value(QStringLiteral("id")).toString();
        }
        return {};
    }

    // Writes a tenant (or user) layer value behind the console's back, as another operator would;
    // returns the HTTP status.
    int putConfig(const QString &tenant, const QString &key, const QJsonValue &value, const QString &user = {}) const
    {
        HttpTestClient op(server->baseUrl(), server->operatorToken());
        const QString path = QStringLiteral("/v1/tenants/%1/config/%2%3").arg(tenant, key, user.isEmpty() ? QString() : QStringLiteral("?user=") + user);
        return op.request("PUT", path, QJsonDocument(QJsonObject{{QStringLiteral("value"), value}}).toJson(), {{"If-Match", "*"}}).status;
    }

private:
    bool fail(const QString &error)
    {
        m_error = error;
        return false;
    }

    QString m_error;
    std::unique_ptr<ApiClient> m_client;
};

} // namespace portico::test
