// Operator views of isolation: the verifier's report (run fresh on each call) and the state of
// the connection pools. Alerts are alertroutes.cpp.
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/isolation/alerts.h"
#include "server/isolation/verifier.h"
#include "server/services.h"
#include "server/store/database.h"
#include <QJsonArray>

namespace portico {

void registerIsolationRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;

    router.add("GET", QStringLiteral("/v1/isolation/report"), Access::operators(), [&s](http::RequestContext &) {
        const isolation::Report report = isolation::Verifier(s.db).run();
        QJsonObject body = report.toJson();
        QJsonArray pools;
        for (const auto &p : s.db.poolStats())
            pools.append(QJsonObject{{QStringLiteral("cluster"), p.cluster}, {QStringLiteral("database"), p.database},
                                     {QStringLiteral("open"), p.open}, {QStringLiteral("idle"), p.idle}, {QStringLiteral("max"), p.max}});
        body.insert(QStringLiteral("pools"), pools);
        body.insert(QStringLiteral("monitor_blocks"), s.counters.monitorBlocks.load());
        return Response::json(body);
    });
}

} // namespace portico
