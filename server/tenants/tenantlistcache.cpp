#include "server/tenants/tenantlistcache.h"

namespace portico::tenants {

std::optional<QByteArray> TenantListCache::find(const QString &query, qint64 version) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_pages.constFind(query);
    if (it == m_pages.cend() || it->version != version) {
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    return it->page;
}

void TenantListCache::put(const QString &query, qint64 version, const QByteArray &page)
{
    QMutexLocker lock(&m_mutex);
    if (version < m_newest)
        return; // built under a version already overtaken: it could not be served
    if (version > m_newest) {
        m_newest = version;
        m_pages.removeIf([version](const auto &it) { return it.value().version < version; });
    }
    if (m_pages.size() >= m_maxPages && !m_pages.contains(query))
        m_pages.clear(); // many distinct queries under one version: start again rather than track age
    m_pages.insert(query, {version, page});
}

TenantListCache::Stats TenantListCache::stats() const
{
    QMutexLocker lock(&m_mutex);
    return {m_hits, m_misses, int(m_pages.size())};
}

} // namespace portico::tenants
