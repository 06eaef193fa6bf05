#pragma once
// A cache whose every entry belongs to one tenant: the tenant is part of the key by construction,
// and each tenant has its own byte budget and its own LRU order, so one tenant's traffic can only
// evict that tenant's entries. A global cap bounds memory across tenants by dropping whole,
// least recently used tenants. Thread-safe; entries expire after a TTL so that several server
// instances never serve a stale value for long.

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QUuid>
#include <list>
#include <limits>
#include <optional>

namespace portico {

struct TenantCacheStats
{
    qint64 hits = 0;
    qint64 misses = 0;
    qint64 evictions = 0;
    qint64 bytes = 0;
    qint64 entries = 0;
};

class TenantCache
{
public:
    TenantCache(qint64 budgetPerTenantBytes, qint64 totalBudgetBytes, qint64 ttlMs);

    std::optional<QByteArray> get(const QUuid &tenant, const QString &key, qint64 nowMs);
    void put(const QUuid &tenant, const QString &key, const QByteArray &value, qint64 nowMs);
    // A reader takes the tenant's epoch before it reads the source, and stores with putIfUnchanged:
    // if a write removed anything of the tenant meanwhile, the (maybe stale) value is not stored.
    [[nodiscard]] quint64 epoch(const QUuid &tenant) const;
    void putIfUnchanged(const QUuid &tenant, const QString &key, const QByteArray &value, qint64 nowMs, quint64 epochBeforeRead);
    void remove(const QUuid &tenant, const QString &key);
    void removeTenant(const QUuid &tenant);

    [[nodiscard]] QHash<QUuid, TenantCacheStats> stats() const;
    [[nodiscard]] qint64 totalBytes() const;
    [[nodiscard]] qint64 budgetPerTenant() const { return m_budget; }

private:
    struct Entry { QString key; QByteArray value; qint64 storedAtMs; };
    struct Partition
    {
        std::list<Entry> lru; // front = most recent
        QHash<QString, std::list<Entry>::iterator> index;
        TenantCacheStats stats;
        qint64 lastUsedMs = 0;
        quint64 epoch = 0; // bumped by every remove
    };
    void putLocked(const QUuid &tenant, const QString &key, const QByteArray &value, qint64 nowMs);
    void evictWithin(Partition &p, qint64 limit);
    void enforceTotal(const QUuid &keep);

    const qint64 m_budget;
    const qint64 m_totalBudget;
    const qint64 m_ttlMs;
    mutable QMutex m_mutex;
    QHash<QUuid, Partition> m_partitions;
    QHash<QUuid, quint64> m_epochs; // survive removeTenant, so a reader in flight still sees the bump
    qint64 m_totalBytes = 0;
};

} // namespace portico
