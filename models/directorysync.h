#pragma once
// Fetches the whole tenant directory in the background, page by page (500 per page, by name), and
// replaces the DirectoryCache with it in one transaction once the last page is in. One run at a
// time; a failed page leaves the cache as it was.

#include "client/apiclient.h"
#include "core/tenant.h"
#include <QObject>

namespace portico {

class DirectoryCache;

class DirectorySync : public QObject
{
    Q_OBJECT
public:
    DirectorySync(ApiClient *client, DirectoryCache *cache, QObject *parent = nullptr);

    void start(); // ignored while a run is in flight
    [[nodiscard]] bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(bool ok, int count);

private:
    void requestPage(const QString &cursor);

    ApiClient *m_client;
    DirectoryCache *m_cache;
    QList<Tenant> m_rows;
    QDateTime m_startedAt;
    bool m_running = false;
};

} // namespace portico
