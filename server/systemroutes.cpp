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
        // Bounded whatever the database does (dead, hung, pool exhausted): a probe must never hang.
        const QString problem = s.db.controlProblem(800);
        const bool dbOk = problem.isEmpty();
        QJsonObject body{{QStringLiteral("status"), dbOk ? QStringLiteral("ok") : QStringLiteral("degraded")},
                         {QStringLiteral("database"), dbOk ? QStringLiteral("ok") : problem.section(QLatin1Char(':'), 0, 0)},
                         {QStringLiteral("version"), QStringLiteral(PORTICO_VERSION)},
                         {QStringLiteral("uptime_seconds"), s.startedAt.secsTo(QDateTime::currentDateTimeUtc())}};
        if (!dbOk)
            body.insert(QStringLiteral("database_detail"), problem);
        Response r = Response::json(dbOk ? 200 : 503, body);
        return dbOk ? r : r.withHeader("Retry-After", "1");
    }, http::Lane::Probe);

    router.add("GET", QStringLiteral("/v1/ping"), Access::publicRoute(), [](http::RequestContext &) {
        return Response::json(QJsonObject{});
    }, http::Lane::Inline);

    router.add("GET", QStringLiteral("/v1/openapi.json"), Access::publicRoute(), [&s](http::RequestContext &) {
        Response r;
        r.body = s.openapiJson;
        return r;
    }, http::Lane::Inline);
}

} // namespace portico
