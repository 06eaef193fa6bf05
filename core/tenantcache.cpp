#include "core/tenantcache.h"

namespace portico {
namespace {
qint64 sizeOf(const QString &key, const QByteArray &value) { return key.size() * 2 + value.size() + 64; }
}

TenantCache::TenantCache(qint64 budgetPerTenantBytes, qint64 totalBudgetBytes, qint64 ttlMs)
    : m_budget(budgetPerTenantBytes), m_totalBudget(totalBudgetBytes), m_ttlMs(ttlMs) {}

std::optional<QByteArray> TenantCache::get(const QUuid &tenant, const QString &key, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    Partition &p = m_partitions[tenant];
    p.lastUsedMs = nowMs;
    const auto it = p.index.find(key);
    if (it == p.index.end()) {
        ++p.stats.misses;
        return std::nullopt;
    }
    auto entry = it.value();
    if (nowMs - entry->storedAtMs > m_ttlMs) {
        const qint64 size = sizeOf(entry->key, entry->value);
        p.stats.bytes -= size;
        m_totalBytes -= size;
        --p.stats.entries;
        p.lru.erase(entry);
        p.index.erase(it);
        ++p.stats.misses;
        return std::nullopt;
    }
    p.lru.splice(p.lru.begin(), p.lru, entry);
    ++p.stats.hits;
    return entry->value;
}

void TenantCache::put(const QUuid &tenant, const QString &key, const QByteArray &value, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    putLocked(tenant, key, value, nowMs);
}

void TenantCache::putLocked(const QUuid &tenant, const QString &key, const QByteArray &value, qint64 nowMs)
{
    const qint64 size = sizeOf(key, value);
    Partition &p = m_partitions[tenant];
    p.lastUsedMs = nowMs;
    if (const auto it = p.index.find(key); it != p.index.end()) {
        const qint64 old = sizeOf(it.value()->key, it.value()->value);
        p.stats.bytes -= old;
        m_totalBytes -= old;
        --p.stats.entries;
        p.lru.erase(it.value());
        p.index.erase(it);
    }
    if (size > m_budget)
        return; // larger than the tenant's whole budget: never cached
    evictWithin(p, m_budget - size);
    p.lru.push_front({key, value, nowMs});
    p.index.insert(key, p.lru.begin());
    p.stats.bytes += size;
    ++p.stats.entries;
    m_totalBytes += size;
    enforceTotal(tenant);
}

void TenantCache::evictWithin(Partition &p, qint64 limit)
{
    while (p.stats.bytes > limit && !p.lru.empty()) {
        const Entry &last = p.lru.back();
        const qint64 size = sizeOf(last.key, last.value);
        p.index.remove(last.key);
        p.lru.pop_back();
        p.stats.bytes -= size;
        m_totalBytes -= size;
        --p.stats.entries;
        ++p.stats.evictions;
    }
}

void TenantCache::enforceTotal(const QUuid &keep)
{
    // Over the global cap, whole tenants go, least recently used first; never the one just written.
    while (m_totalBytes > m_totalBudget) {
        QUuid oldest;
        qint64 oldestUse = std::numeric_limits<qint64>::max();
        for (auto it = m_partitions.cbegin(); it != m_partitions.cend(); ++it)
            if (it.key() != keep && it.value().stats.bytes > 0 && it.value().lastUsedMs < oldestUse) {
                oldest = it.key();
                oldestUse = it.value().lastUsedMs;
            }
        if (oldest.isNull())
            return;
        evictWithin(m_partitions[oldest], 0);
    }
}

quint64 TenantCache::epoch(const QUuid &tenant) const
{
    QMutexLocker lock(&m_mutex);
    return m_epochs.value(tenant);
}

void TenantCache::putIfUnchanged(const QUuid &tenant, const QString &key, const QByteArray &value, qint64 nowMs, quint64 epochBeforeRead)
{
    QMutexLocker lock(&m_mutex);
    if (m_epochs.value(tenant) == epochBeforeRead)
        putLocked(tenant, key, value, nowMs);
}

void TenantCache::remove(const QUuid &tenant, const QString &key)
{
    QMutexLocker lock(&m_mutex);
    ++m_epochs[tenant];
    const auto p = m_partitions.find(tenant);
    if (p == m_partitions.end())
        return;
    if (const auto it = p->index.find(key); it != p->index.end()) {
        const qint64 size = sizeOf(it.value()->key, it.value()->value);
        p->stats.bytes -= size;
        m_totalBytes -= size;
        --p->stats.entries;
        p->lru.erase(it.value());
        p->index.erase(it);
    }
}

void TenantCache::removeTenant(const QUuid &tenant)
{
    QMutexLocker lock(&m_mutex);
    ++m_epochs[tenant];
    const auto p = m_partitions.find(tenant);
    if (p == m_partitions.end())
        return;
    m_totalBytes -= p->stats.bytes;
    m_partitions.erase(p);
}

QHash<QUuid, TenantCacheStats> TenantCache::stats() const
{
    QMutexLocker lock(&m_mutex);
    QHash<QUuid, TenantCacheStats> out;
    for (auto it = m_partitions.cbegin(); it != m_partitions.cend(); ++it)
        out.insert(it.key(), it.value().stats);
    return out;
}

qint64 TenantCache::totalBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_totalBytes;
}

} // namespace portico
