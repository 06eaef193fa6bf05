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
        std::vector<store::PgParam> params;
        QStringList where;
        if (const QString t = q.queryItemValue(QStringLiteral("tenant")); !t.isEmpty()) {
            if (QUuid::fromString(t).isNull())
                http::failValidation(QStringLiteral("tenant"), QStringLiteral("tenant must be a tenant id."));
            params.emplace_back(QUuid::fromString(t));
            where << QStringLiteral("tenant_id = $%1").arg(params.size());
        }
        if (const QString c = q.queryItemValue(QStringLiteral("cursor")); !c.isEmpty()) {
            const auto key = decodeCursor(c);
            if (!key || key->size() != 2)
                http::failValidation(QStringLiteral("cursor"), QStringLiteral("The cursor is not valid; start again without it."));
            params.emplace_back(key->at(0).toString());
            params.emplace_back(key->at(1).toString());
            where << QStringLiteral("(at, id) < ($%1::timestamptz, $%2::uuid)").arg(params.size() - 1).arg(params.size());
        }
        params.emplace_back(limit + 1);
        // The cursor carries `at` to the microsecond, as stored: cut to milliseconds it would
        // repeat rows on the next page (and loop on a burst of alerts within one millisecond).
        const auto r = s.db.control()->exec(QStringLiteral("SELECT id, at, severity, kind, tenant_id, detail, request_id, "
                                                           "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM alerts %1 "
                                                           "ORDER BY at DESC, id DESC LIMIT $%2")
                                                .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")))
                                                .arg(params.size()),
                                            params);
        QJsonArray items;
        for (int i = 0; i < r.rows() && i < limit; ++i)
            items.append(QJsonObject{{QStringLiteral("id"), r.text(i, 0)},
                                     {QStringLiteral("at"), toIsoUtc(r.timestamp(i, 1))},
                                     {QStringLiteral("severity"), r.text(i, 2)},
                                     {QStringLiteral("kind"), r.text(i, 3)},
                                     {QStringLiteral("tenant_id"), r.isNull(i, 4) ? QJsonValue() : QJsonValue(r.text(i, 4))},
                                     {QStringLiteral("detail"), r.text(i, 5)},
                                     {QStringLiteral("request_id"), r.text(i, 6)}});
        QJsonValue next;
        if (r.rows() > limit)
            next = encodeCursor({r.text(limit - 1, 7), r.text(limit - 1, 0)});
        return Response::json(QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("next_cursor"), next}});
    });
}

} // namespace portico
