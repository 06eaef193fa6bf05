#pragma once
// Encoded pages of GET /v1/tenants, kept under the tenant list's version (control migration 018).
// A page is served again only while the version still reads what it read before the page was
// built: any committed change to a tenant or placement moves the version in the same
// transaction, so a kept page is never older than the database, on this instance or any other.
// What it saves is the count and the page query (and their planning); the version is one read.

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <optional>

namespace portico::tenants {

class TenantListCache
{
public:
    TenantListCache() : TenantListCache(512) {} // not explicit: Services is aggregate-initialised
    explicit TenantListCache(int maxPages) : m_maxPages(maxPages) {}

    // The page kept for this query, when it was built under this version.
    std::optional<QByteArray> find(const QString &query, qint64 version) const;
    // Keeps page as built under version; pages of older versions are dropped first.
    void put(const QString &query, qint64 version, const QByteArray &page);

    struct Stats { qint64 hits = 0, misses = 0; int pages = 0; };
    [[nodiscard]] Stats stats() const;

private:
    struct Entry { qint64 version; QByteArray page; };
    const int m_maxPages;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_pages;
    qint64 m_newest = 0; // the highest version seen; pages under lower ones can never hit again
    mutable qint64 m_hits = 0, m_misses = 0;
};

} // namespace portico::tenants
