#pragma once
// What every server test binary starts with: one private cluster (and more as other regions),
// the real portico-server on it, an operator client, and tenants provisioned through the
// operator API with a tenant token each. One fixture per test binary, shared by its test cases.

#include "tests/support/httptestclient.h"
#include "tests/support/pgcluster.h"
#include "tests/support/serverprocess.h"
#include <QJsonObject>
#include <deque>
#include <memory>

namespace portico::test {

// What makeTenant() sends; empty members are left to the server's defaults.
struct TenantSpec
{
    QString name;
    QString isolation;   // shared, schema, database
    QString region;
    QString plan;
    QString state = QStringLiteral("active");
    QString adminEmail = QStringLiteral("admin@tenant.example");
    QByteArray limits;   // PUT /v1/tenants/{id}/limits before the token is issued
    bool liftLimits = false; // no rate or concurrency limit (tests that fire many requests)
};

struct TestTenant
{
    QString id;
    QString slug;
    QString name;
    QString token;            // a tenant token (ptt_...)
    QString tokenId;
    QJsonObject placement;    // model, region, cluster, database, schema
    QString error;            // why provisioning failed; empty when it worked
    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

class ServerFixture
{
public:
    ServerFixture() = default;
    ServerFixture(const ServerFixture &) = delete;
    ServerFixture &operator=(const ServerFixture &) = delete;

    // Another cluster for placements in another region; before start().
    PgCluster &addCluster(const QString &name, const QString &region);
    // Starts the clusters and the server (extraArgs go to portico-server); false with errorString().
    bool start(const QStringList &extraArgs = {});
    [[nodiscard]] QString errorString() const { return m_error; }

    [[nodiscard]] PgCluster &cluster() { return m_home; }   // the home cluster (control plane)
    [[nodiscard]] ServerProcess &server() { return *m_server; }
    [[nodiscard]] QUrl baseUrl() const { return m_server->baseUrl(); }
    [[nodiscard]] HttpTestClient &op() { return *m_op; }     // as the admin operator
    [[nodiscard]] std::unique_ptr<HttpTestClient> client(const QString &token = {}) const;
    // SQL as the superuser on the control-plane database.
    QString sql(const QString &statement) const { return m_home.psql(m_server->database(), statement); }

    // Provisions a tenant through POST /v1/tenants and issues it a token.
    TestTenant makeTenant(const TenantSpec &spec);

private:
    PgCluster m_home;
    std::deque<std::pair<std::unique_ptr<PgCluster>, std::pair<QString, QString>>> m_others; // cluster, (name, region)
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpTestClient> m_op;
    QString m_error;
};

} // namespace portico::test
