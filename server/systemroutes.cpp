// Health, the OpenAPI document and the no-work baseline route.
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/services.h"
#include "server/store/database.h"

namespace portico {

void registerSystemRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;

    router.add("GET", QStringLiteral("/v1/health"), Access::publicRoute(), [&s](http::RequestContext &) {
        const bool dbOk = s.db.controlReachable();
        const QJsonObject body{{QStringLiteral("status"), dbOk ? QStringLiteral("ok") : QStringLiteral("degraded")},
                               {QStringLiteral("database"), dbOk ? QStringLiteral("ok") : QStringLiteral("unreachable")},
                               {QStringLiteral("version"), QStringLiteral(PORTICO_VERSION)},
                               {QStringLiteral("uptime_seconds"), s.startedAt.secsTo(QDateTime::currentDateTimeUtc())}};
        return Response::json(dbOk ? 200 : 503, body);
    });

    router.add("GET", QStringLiteral("/v1/ping"), Access::publicRoute(), [](http::RequestContext &) {
        return Response::json(QJsonObject{});
    });

    router.add("GET", QStringLiteral("/v1/openapi.json"), Access::publicRoute(), [&s](http::RequestContext &) {
        Response r;
        r.body = s.openapiJson;
        return r;
    });
}

} // namespace portico
