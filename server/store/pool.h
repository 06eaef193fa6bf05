#pragma once
// Connection pools for the data role, one per (cluster, database), created lazily.
// Each pool is capped; pools of tenant databases share a global cap and close their idle
// connections, so a thousand database-per-tenant tenants never mean a thousand open connections.

#include "server/store/pg.h"
#include <QHash>
#include <QMutex>
#include <QWaitCondition>
#include <memory>
#include <vector>

namespace portico::store {

class ConnectionPool;

// A connection borrowed from a pool; returned (or discarded when broken) on destruction.
class Lease
{
public:
    Lease(std::shared_ptr<ConnectionPool> pool, std::unique_ptr<PgConnection> c) : m_pool(std::move(pool)), m_conn(std::move(c)) {}
    Lease(Lease &&) noexcept = default;
    Lease &operator=(Lease &&) noexcept = default;
    Lease(const Lease &) = delete;
    Lease &operator=(const Lease &) = delete;
    ~Lease();
    PgConnection *operator->() { return m_conn.get(); }
    PgConnection &operator*() { return *m_conn; }

private:
    std::shared_ptr<ConnectionPool> m_pool; // keeps a reaped pool alive until its last lease returns
    std::unique_ptr<PgConnection> m_conn;
};

struct PoolStats
{
    QString cluster;
    QString database;
    int open = 0;
    int idle = 0;
    int max = 0;
};

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool>
{
public:
    ConnectionPool(QString cluster, PgConfig config, int maxConnections);
    ~ConnectionPool();
    // Waits up to timeoutMs for a free connection; throws PgError (53300) when the pool stays full.
    Lease acquire(int timeoutMs = 10000);
    // Closes connections idle for longer than idleMs; returns how many were closed.
    int closeIdle(qint64 idleMs);
    [[nodiscard]] PoolStats stats() const;
    [[nodiscard]] int openCount() const;
    [[nodiscard]] qint64 lastUsedMs() const;

private:
    friend class Lease;
    void giveBack(std::unique_ptr<PgConnection> c);

    struct Idle { std::unique_ptr<PgConnection> conn; qint64 since; };
    const QString m_cluster;
    const PgConfig m_config;
    const int m_max;
    mutable QMutex m_mutex;
    QWaitCondition m_available;
    std::vector<Idle> m_idle;
    int m_open = 0;
    qint64 m_lastUsed = 0;
};

} // namespace portico::store
