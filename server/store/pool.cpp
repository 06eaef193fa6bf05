#include "server/store/pool.h"
#include "core/nowait.h"
#include <QDateTime>
#include <QDeadlineTimer>

namespace portico::store {

Lease::~Lease()
{
    if (m_pool && m_conn)
        m_pool->giveBack(std::move(m_conn));
}

ConnectionPool::ConnectionPool(QString cluster, PgConfig config, int maxConnections)
    : m_cluster(std::move(cluster)), m_config(std::move(config)), m_max(maxConnections) {}

ConnectionPool::~ConnectionPool() = default;

Lease ConnectionPool::acquire(int timeoutMs)
{
    // Even an idle connection's check is a round trip, and a hung database would hold the thread.
    throwIfNoWait("a database connection");
    QDeadlineTimer deadline(timeoutMs);
    QMutexLocker lock(&m_mutex);
    m_lastUsed = QDateTime::currentMSecsSinceEpoch();
    for (;;) {
        if (!m_idle.empty()) {
            auto c = std::move(m_idle.back().conn);
            m_idle.pop_back();
            if (c->checkIdle())
                return Lease(shared_from_this(), std::move(c));
            --m_open; // lost while idle (a terminated backend, a restart): drop it, replace it lazily
            continue;
        }
        if (m_open < m_max) {
            ++m_open;
            lock.unlock();
            try {
                return Lease(shared_from_this(), std::make_unique<PgConnection>(m_config));
            } catch (...) {
                QMutexLocker relock(&m_mutex);
                --m_open;
                m_available.wakeOne();
                throw;
            }
        }
        if (!m_available.wait(&m_mutex, deadline))
            throw PgError(QStringLiteral("connection pool for %1/%2 is full (%3 connections)").arg(m_cluster, m_config.database).arg(m_max),
                          QStringLiteral("53300"));
    }
}

void ConnectionPool::giveBack(std::unique_ptr<PgConnection> c)
{
    // A connection left inside a transaction (an exception skipped its rollback) or broken is not reused.
    const bool reusable = c->isHealthy() && !c->inTransaction();
    QMutexLocker lock(&m_mutex);
    if (reusable)
        m_idle.push_back({std::move(c), QDateTime::currentMSecsSinceEpoch()});
    else
        --m_open;
    m_available.wakeOne();
}

int ConnectionPool::closeIdle(qint64 idleMs)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<std::unique_ptr<PgConnection>> closing;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_idle.begin(); it != m_idle.end();) {
            if (now - it->since >= idleMs) {
                closing.push_back(std::move(it->conn));
                it = m_idle.erase(it);
                --m_open;
            } else {
                ++it;
            }
        }
    }
    return int(closing.size()); // closed here, outside the lock
}

PoolStats ConnectionPool::stats() const
{
    QMutexLocker lock(&m_mutex);
    return {m_cluster, m_config.database, m_open, int(m_idle.size()), m_max};
}

int ConnectionPool::openCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_open;
}

qint64 ConnectionPool::lastUsedMs() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastUsed;
}

} // namespace portico::store
