#include "server/services.h"

namespace portico {

void registerRoutes(http::Router &router, Services &services)
{
    registerSystemRoutes(router, services);
    registerAuthRoutes(router, services);
    registerTenantRoutes(router, services);
    registerDocumentRoutes(router, services);
    registerIsolationRoutes(router, services);
    registerAlertRoutes(router, services);
    registerCacheRoutes(router, services);
    registerUsageRoutes(router, services);
    registerAuditRoutes(router, services);
    registerConfigRoutes(router, services);
    registerFlagRoutes(router, services);
    registerOfrepRoutes(router, services);
    registerJobRoutes(router, services);
}

} // namespace portico
