// Operator views of isolation: the verifier's report (run fresh on each call), alerts, and the
// state of the connection pools.
#include "core/cursor.h"
#include "core/timeutil.h"
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

    router.add("GET", QStringLiteral("/v1/alerts"), Access::operators(), [&s](http::RequestContext &ctx) {
        const QUrlQuery &q = ctx.request.query;
        http::rejectUnknownParameters(q, {QStringLiteral("limit"), QStringLiteral("cursor"), QStringLiteral("tenant")});
        const int limit = http::limitParameter(q, 50, 500);
        QUuid tenant;
        if (const QString t = q.queryItemValue(QStringLiteral("tenant")); !t.isEmpty()) {
            tenant = QUuid::fromString(t);
            if (tenant.isNull())
                failValidation(QStringLiteral("tenant"), QStringLiteral("tenant must be a tenant id."));
        }
        std::optional<std::pair<QString, QString>> before;
        if (const QString c = q.queryItemValue(QStringLiteral("cursor")); !c.isEmpty()) {
            const auto key = decodeCursor(c);
            if (!key || key->size() != 2)
                failValidation(QStringLiteral("cursor"), QStringLiteral("The cursor is not valid; start again without it."));
            before = std::pair(key->at(0).toString(), key->at(1).toString());
        }
        const QList<isolation::AlertRecord> alerts = isolation::listAlerts(*s.db.control(), tenant, before, limit);
        QJsonArray items;
        for (qsizetype i = 0; i < alerts.size() && i < limit; ++i) {
            const isolation::AlertRecord &a = alerts[i];
            items.append(QJsonObject{{QStringLiteral("id"), a.id},
                                     {QStringLiteral("at"), toIsoUtc(a.at)},
                                     {QStringLiteral("severity"), a.severity},
                                     {QStringLiteral("kind"), a.kind},
                                     {QStringLiteral("tenant_id"), a.tenantId ? QJsonValue(*a.tenantId) : QJsonValue()},
                                     {QStringLiteral("detail"), a.detail},
                                     {QStringLiteral("request_id"), a.requestId}});
        }
        QJsonValue next;
        if (alerts.size() > limit)
            next = encodeCursor({alerts[limit - 1].atMicros, alerts[limit - 1].id});
        return Response::json(QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("next_cursor"), next}});
    });
}

} // namespace portico
