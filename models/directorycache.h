#pragma once
// The last known tenant directory (name, slug, id, state, plan, region, isolation model), kept in
// the profile's LocalStore with the time it was fetched. Quick-open searches it first (instantly),
// and the Tenants page shows it, marked stale with its age, while the server is unreachable.

#include "core/tenant.h"
#include <QDateTime>
#include <QList>
#include <QObject>
#include <chrono>
#include <optional>

namespace portico {

class LocalStore;

class DirectoryCache : public QObject
{
    Q_OBJECT
public:
    // The store must outlive the cache; a store that is not open makes it an empty cache.
    explicit DirectoryCache(LocalStore *store, QObject *parent = nullptr);

    // Replaces the whole directory (the pages the client fetched, concatenated) in one transaction.
    bool replace(const QList<Tenant> &tenants, const QDateTime &fetchedAt);
    // One tenant seen since (after an edit): updated in place or added; the fetch time is kept.
    bool upsert(const Tenant &tenant);

    // Name, slug or id containing `text` (case-insensitive); names and slugs starting with it come
    // first, then by name. An empty text lists the directory by name.
    [[nodiscard]] QList<Tenant> search(const QString &text, int limit = 50) const;
    [[nodiscard]] std::optional<Tenant> tenant(const QString &id) const;
    [[nodiscard]] int count() const;

    // When the directory was last replaced; nullopt when it never was.
    [[nodiscard]] std::optional<QDateTime> fetchedAt() const;
    [[nodiscard]] std::optional<std::chrono::seconds> age(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // "3 min", "2 h 5 min", "4 days" (how stale the list is, for banners).
    static QString describeAge(std::chrono::seconds age);

Q_SIGNALS:
    void replaced(int count);

private:
    LocalStore *m_store;
};

} // namespace portico
