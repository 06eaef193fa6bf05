#include "server/store/database.h"
#include "server/store/schema.h"
#include <QThread>
#include <algorithm>

namespace portico::store {

Database::Database(QList<Cluster> clusters, QString controlDatabase, DatabaseOptions options)
    : m_clusters(std::move(clusters)), m_controlDatabase(std::move(controlDatabase)), m_options(options)
{
    Q_ASSERT(!m_clusters.isEmpty());
}

const Cluster *Database::cluster(const QString &name) const
{
    for (const Cluster &c : m_clusters)
        if (c.name == name)
            return &c;
    return nullptr;
}

const Cluster *Database::clusterForRegion(const QString &region) const
{
    for (const Cluster &c : m_clusters)
        if (c.region == region)
            return &c;
    return nullptr;
}

QStringList Database::regions() const
{
    QStringList out;
    for (const Cluster &c : m_clusters)
        if (!out.contains(c.region))
            out << c.region;
    return out;
}

QString Database::tenantDatabase(const QUuid &tenant) const
{
    return m_controlDatabase + QStringLiteral("_t_") + QString::fromLatin1(tenant.toRfc4122().toHex());
}

QString Database::tenantSchema(const QUuid &tenant)
{
    return QStringLiteral("t_") + QString::fromLatin1(tenant.toRfc4122().toHex());
}

Placement Database::placementFor(const QUuid &tenant, IsolationModel model, const QString &region) const
{
    const Cluster *c = clusterForRegion(region);
    Placement p;
    p.model = model;
    p.region = region;
    p.cluster = c ? c->name : QString();
    switch (model) {
    case IsolationModel::Shared:
        p.database = poolDatabase();
        p.schema = QStringLiteral("public");
        break;
    case IsolationModel::Schema:
        p.database = poolDatabase();
        p.schema = tenantSchema(tenant);
        break;
    case IsolationModel::Database:
        p.database = tenantDatabase(tenant);
        p.schema = QStringLiteral("public");
        break;
    }
    return p;
}

PgConfig Database::config(const Cluster &c, const QString &database, const QString &user) const
{
    PgConfig cfg;
    cfg.host = c.host;
    cfg.port = c.port;
    cfg.database = database;
    cfg.user = user;
    return cfg;
}

std::shared_ptr<ConnectionPool> Database::poolFor(const Cluster &c, const QString &database, bool tenantDatabase)
{
    const QString key = c.name + QLatin1Char('/') + database;
    QMutexLocker lock(&m_mutex);
    auto &pool = m_pools[key];
    if (!pool) {
        pool = std::make_shared<ConnectionPool>(c.name, config(c, database, QString::fromLatin1(kAppRole)),
                                                tenantDatabase ? m_options.tenantPoolMax : m_options.controlPoolMax);
        if (tenantDatabase)
            m_tenantPools.insert(key, pool);
    }
    return pool;
}

Lease Database::control() { return poolFor(home(), m_controlDatabase, false)->acquire(); }

bool Database::controlReachable()
{
    try {
        return control()->exec(QStringLiteral("SELECT 1")).rows() == 1;
    } catch (const std::exception &) {
        return false;
    }
}

QString Database::controlProblem(int timeoutMs) const
{
    return PgConnection::probe(config(home(), m_controlDatabase, QString::fromLatin1(kAppRole)), timeoutMs);
}

Lease Database::placement(const Placement &p)
{
    const Cluster *c = cluster(p.cluster);
    if (!c)
        throw PgError(QStringLiteral("placement names unknown cluster '%1'").arg(p.cluster), QStringLiteral("08001"));
    const bool tenantDb = p.model == IsolationModel::Database;
    auto pool = poolFor(*c, p.database, tenantDb);
    if (tenantDb && pool->stats().idle == 0)
        makeRoomForTenantConnection();
    return pool->acquire();
}

void Database::makeRoomForTenantConnection()
{
    // Under the global cap, close the longest-unused idle tenant connections first; if every
    // connection is busy, wait briefly for one to become idle rather than exceed the cap.
    for (int attempt = 0; attempt < 100; ++attempt) {
        QList<std::shared_ptr<ConnectionPool>> pools;
        {
            QMutexLocker lock(&m_mutex);
            pools = m_tenantPools.values();
        }
        int open = 0;
        for (const auto &p : pools)
            open += p->openCount();
        if (open < m_options.tenantPoolsGlobalMax)
            return;
        std::sort(pools.begin(), pools.end(), [](const auto &a, const auto &b) { return a->lastUsedMs() < b->lastUsedMs(); });
        for (const auto &p : pools)
            if (p->closeIdle(0) > 0)
                return;
        QThread::msleep(50);
    }
    throw PgError(QStringLiteral("all %1 tenant-database connections are busy").arg(m_options.tenantPoolsGlobalMax), QStringLiteral("53300"));
}

int Database::reapIdle()
{
    QList<QPair<QString, std::shared_ptr<ConnectionPool>>> pools;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_tenantPools.begin(); it != m_tenantPools.end(); ++it)
            pools.append({it.key(), it.value()});
    }
    int closed = 0;
    for (const auto &[key, pool] : pools)
        closed += pool->closeIdle(m_options.idleCloseMs);
    QMutexLocker lock(&m_mutex);
    for (const auto &[key, pool] : pools) {
        if (pool->openCount() == 0) {
            m_tenantPools.remove(key);
            m_pools.remove(key);
        }
    }
    return closed;
}

QList<PoolStats> Database::poolStats() const
{
    QMutexLocker lock(&m_mutex);
    QList<PoolStats> out;
    for (const auto &p : m_pools)
        out << p->stats();
    return out;
}

int Database::tenantConnectionsOpen() const
{
    QMutexLocker lock(&m_mutex);
    int open = 0;
    for (const auto &p : m_tenantPools)
        open += p->openCount();
    return open;
}

} // namespace portico::store
