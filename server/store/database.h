#pragma once
// Where data lives and how to reach it: the registered clusters, the naming of placements, and
// the data role's connection pools. Pools are created lazily per (cluster, database); the pools of
// database-per-tenant placements share a global cap and are closed when idle.

#include "core/tenant.h"
#include "server/store/pool.h"
#include <QHash>
#include <QList>
#include <QMutex>

namespace portico::store {

struct Cluster
{
    QString name;    // "home", "eu-central"
    QString region;  // "us-east", "eu-central"
    QString host;    // host or unix socket directory
    int port = 5432;
};

struct DatabaseOptions
{
    int controlPoolMax = 16;     // control plane and shared pools: roughly one per worker
    int tenantPoolMax = 2;       // one database-per-tenant database
    int tenantPoolsGlobalMax = 32; // all database-per-tenant connections together
    qint64 idleCloseMs = 60000;
};

class Database
{
public:
    // controlDatabase lives on the first cluster, the home cluster.
    Database(QList<Cluster> clusters, QString controlDatabase, DatabaseOptions options = {});

    Lease control();                       // control-plane database on the home cluster
    [[nodiscard]] bool controlReachable(); // one trivial statement on the control plane; never throws
    // The health check: SELECT 1 on a fresh control-plane connection, outside the pools (a full or
    // stuck pool must not delay it), every wait bounded by timeoutMs. Empty when the database
    // answered, else what is wrong ("unreachable: ...", "timeout: ...", "error: ...").
    [[nodiscard]] QString controlProblem(int timeoutMs) const;

    [[nodiscard]] const QList<Cluster> &clusters() const { return m_clusters; }
    [[nodiscard]] const Cluster &home() const { return m_clusters.first(); }
    [[nodiscard]] const Cluster *cluster(const QString &name) const;
    [[nodiscard]] const Cluster *clusterForRegion(const QString &region) const;
    [[nodiscard]] QStringList regions() const;
    [[nodiscard]] const QString &controlDatabase() const { return m_controlDatabase; }

    // Naming, derived from the control database so that several deployments (and tests) share a cluster.
    [[nodiscard]] QString poolDatabase() const { return m_controlDatabase + QStringLiteral("_pool"); }
    [[nodiscard]] QString tenantDatabase(const QUuid &tenant) const;
    [[nodiscard]] static QString tenantSchema(const QUuid &tenant);
    [[nodiscard]] Placement placementFor(const QUuid &tenant, IsolationModel model, const QString &region) const;

    [[nodiscard]] PgConfig config(const Cluster &c, const QString &database, const QString &user) const;
    [[nodiscard]] PgConfig controlConfig(const QString &user) const { return config(home(), m_controlDatabase, user); }

    // Closes idle connections of tenant-database pools and forgets empty ones (called periodically).
    int reapIdle();
    [[nodiscard]] QList<PoolStats> poolStats() const;
    [[nodiscard]] int tenantConnectionsOpen() const;

private:
    // The database holding a placement's data. Only TenantSession may lease it: it sets the
    // tenant context and checks the placement before any statement, so no other code can reach
    // tenant data without them (the compiler refuses any other caller).
    friend class TenantSession;
    Lease placement(const Placement &p);

    std::shared_ptr<ConnectionPool> poolFor(const Cluster &c, const QString &database, bool tenantDatabase);
    void makeRoomForTenantConnection();

    QList<Cluster> m_clusters;
    QString m_controlDatabase;
    DatabaseOptions m_options;
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<ConnectionPool>> m_pools;       // "cluster/database"
    QHash<QString, std::shared_ptr<ConnectionPool>> m_tenantPools; // subset: database-per-tenant
};

} // namespace portico::store
