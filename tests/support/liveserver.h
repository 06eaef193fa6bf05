#pragma once
// One private PostgreSQL cluster and one seeded portico-server per test binary.

#include "tests/support/httptestclient.h"
#include "tests/support/pgcluster.h"
#include "tests/support/serverprocess.h"
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QStandardPaths>
#include <QString>
#include <QUuid>
#include <memory>

namespace portico::test {

struct LiveServer
{
    PgCluster cluster;
    std::unique_ptr<ServerProcess> server;

    // Empty on success, otherwise what went wrong. Callers QVERIFY2 on it: no skipping.
    QString start()
    {
        // Keep QSettings and log files of the test away from the user's real ones.
        QStandardPaths::setTestModeEnabled(true);
        if (!cluster.start())
            return QStringLiteral("PostgreSQL cluster: ") + cluster.errorString();
        server = std::make_unique<ServerProcess>(cluster);
        if (!server->start({QStringLiteral("--seed-demo")}))
            return QStringLiteral("portico-server: ") + server->errorString();
        if (server->operatorToken().isEmpty())
            return QStringLiteral("portico-server wrote no operator token");
        return {};
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
};

} // namespace portico::test
