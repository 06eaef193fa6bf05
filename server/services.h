#pragma once
// What route handlers share. Built once in ServerApp; handlers hold references only.

#include "server/isolation/alerts.h"
#include <QByteArray>
#include <QDateTime>

namespace portico::store { class Database; }
namespace portico::auth { class TokenStore; }
namespace portico::http { class Router; }

namespace portico {

struct Services
{
    store::Database &db;
    auth::TokenStore &tokens;
    QDateTime startedAt;
    QByteArray openapiJson;
    isolation::AlertCounters counters{};
};

void registerSystemRoutes(http::Router &router, Services &services);
void registerAuthRoutes(http::Router &router, Services &services);
void registerTenantRoutes(http::Router &router, Services &services);
void registerDocumentRoutes(http::Router &router, Services &services);
void registerIsolationRoutes(http::Router &router, Services &services);
void registerAuditRoutes(http::Router &router, Services &services);

} // namespace portico
