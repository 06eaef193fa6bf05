#pragma once
// What route handlers share. The services are created once, in main(), before any route is
// registered, and handed to the routes here; handlers hold references only and never create one.

#include "core/tenantcache.h"
#include "server/auth/loginthrottle.h"
#include "server/auth/passwordgate.h"
#include "server/isolation/alerts.h"
#include "server/tenants/tenantlistcache.h"
#include <QByteArray>
#include <QDateTime>

namespace portico::store { class Database; }
namespace portico::auth { class TokenStore; }
namespace portico::http { class Router; }
namespace portico::usage { class UsageService; }
namespace portico::flags { class FlagService; }
namespace portico::jobs { class JobRunner; }

namespace portico {

struct Services
{
    store::Database &db;
    auth::TokenStore &tokens;
    QDateTime startedAt;
    QByteArray openapiJson;
    isolation::AlertCounters counters{};
    // Document reads: 1 MiB per tenant, 256 MiB in all, 30 s at most (other instances may write).
    TenantCache cache{1 << 20, 256 << 20, 30000};
    usage::UsageService *usage = nullptr; // limits and metering (also the pipeline's TrafficPolicy)
    jobs::JobRunner *jobs = nullptr;      // runs durable jobs; woken when an operator resumes or cancels one
    flags::FlagService *flags = nullptr;  // the flag snapshot evaluations read, kept fresh by its listener thread
    auth::LoginThrottle loginThrottle;    // per email and address waits after failed logins
    auth::PasswordGate passwordGate;      // argon2 on its own pool, with bounded waiting
    qint64 tenantTotalExactUpTo = 1000;   // GET /v1/tenants counts exactly up to this, estimates above
    tenants::TenantListCache tenantPages; // GET /v1/tenants pages, kept while the list's version holds
};

// Every route of the API, each capability's registerXRoutes below in turn.
void registerRoutes(http::Router &router, Services &services);

void registerSystemRoutes(http::Router &router, Services &services);
void registerAuthRoutes(http::Router &router, Services &services);
void registerTenantRoutes(http::Router &router, Services &services);
void registerDocumentRoutes(http::Router &router, Services &services);
void registerIsolationRoutes(http::Router &router, Services &services);
void registerAlertRoutes(http::Router &router, Services &services);
void registerCacheRoutes(http::Router &router, Services &services);
void registerUsageRoutes(http::Router &router, Services &services);
void registerAuditRoutes(http::Router &router, Services &services);
void registerConfigRoutes(http::Router &router, Services &services);
void registerFlagRoutes(http::Router &router, Services &services);
void registerOfrepRoutes(http::Router &router, Services &services);
void registerJobRoutes(http::Router &router, Services &services);

} // namespace portico
