#include "models/directorysync.h"
#include "models/directorycache.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcLocal)

namespace portico {

DirectorySync::DirectorySync(ApiClient *client, DirectoryCache *cache, QObject *parent)
    : QObject(parent), m_client(client), m_cache(cache)
{
}

void DirectorySync::start()
{
    if (m_running)
        return;
    m_running = true;
    m_rows.clear();
    m_startedAt = QDateTime::currentDateTimeUtc(); // the list is as of the first page's request
    requestPage(QString());
}

void DirectorySync::requestPage(const QString &cursor)
{
    TenantListQuery q;
    q.limit = TenantListQuery::kMaxLimit;
    q.sortKey = TenantSortKey::Name;
    q.cursor = cursor;
    m_client->listTenants(q, this, [this](const ApiResult<TenantPage> &result) {
        if (!result) {
            m_running = false;
            m_rows.clear();
            qCInfo(lcLocal, "directory sync failed: %s", qUtf8Printable(result.problem().toDisplayString()));
            Q_EMIT finished(false, 0);
            return;
        }
        m_rows.append(result->items);
        if (!result->nextCursor.isEmpty()) {
            requestPage(result->nextCursor);
            return;
        }
        m_running = false;
        const bool ok = m_cache->replace(m_rows, m_startedAt);
        const int count = int(m_rows.size());
        m_rows.clear();
        Q_EMIT finished(ok, count);
    });
}

} // namespace portico
