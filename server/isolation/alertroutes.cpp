// Alerts as operators see them: the list (by tenant and state), and acknowledging and resolving
// one, each with a reason, each on the platform audit chain.
#include "core/alert.h"
#include "core/cursor.h"
#include "core/tenant.h"
#include "core/timeutil.h"
#include "server/auth/principal.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/http/routing.h"
#include "server/isolation/alerts.h"
#include "server/services.h"
#include "server/store/database.h"
#include <QJsonArray>

namespace portico {
namespace {

QJsonValue timeOrNull(const std::optional<isolation::AlertStep> &s) { return s ? QJsonValue(toIsoUtc(s->at)) : QJsonValue(); }
QJsonValue byOrNull(const std::optional<isolation::AlertStep> &s) { return s ? QJsonValue(s->by) : QJsonValue(); }
QJsonValue reasonOrNull(const std::optional<isolation::AlertStep> &s) { return s ? QJsonValue(s->reason) : QJsonValue(); }

QJsonObject alertJson(const isolation::AlertRecord &a)
{
    return QJsonObject{{QStringLiteral("id"), a.id},
                       {QStringLiteral("at"), toIsoUtc(a.at)},
                       {QStringLiteral("severity"), a.severity},
                       {QStringLiteral("kind"), a.kind},
                       {QStringLiteral("tenant_id"), a.tenantId ? QJsonValue(*a.tenantId) : QJsonValue()},
                       {QStringLiteral("detail"), a.detail},
                       {QStringLiteral("request_id"), a.requestId},
                       {QStringLiteral("state"), alertStateName(a.state)},
                       {QStringLiteral("acknowledged_at"), timeOrNull(a.acknowledged)},
                       {QStringLiteral("acknowledged_by"), byOrNull(a.acknowledged)},
                       {QStringLiteral("acknowledged_reason"), reasonOrNull(a.acknowledged)},
                       {QStringLiteral("resolved_at"), timeOrNull(a.resolved)},
                       {QStringLiteral("resolved_by"), byOrNull(a.resolved)},
                       {QStringLiteral("resolved_reason"), reasonOrNull(a.resolved)}};
}

http::Response listAlerts(Services &s, http::RequestContext &ctx)
{
    const QUrlQuery &q = ctx.request.query;
    http::rejectUnknownParameters(q, {QStringLiteral("limit"), QStringLiteral("cursor"), QStringLiteral("tenant"), QStringLiteral("state")});
    isolation::AlertQuery query;
    query.limit = http::limitParameter(q, 50, 500);
    if (const QString t = q.queryItemValue(QStringLiteral("tenant")); !t.isEmpty()) {
        query.tenant = parseId(t);
        if (query.tenant.isNull())
            failValidation(QStringLiteral("tenant"), QStringLiteral("tenant must be a tenant id."));
    }
    // state=open,acknowledged: any of the states listed; absent or empty: every state.
    for (const QString &name : q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto state = parseAlertState(name.trimmed());
        if (!state)
            failValidation(QStringLiteral("state"), QStringLiteral("state is a comma-separated list of: %1.").arg(allAlertStates().join(QStringLiteral(", "))));
        if (!query.states.contains(*state))
            query.states << *state;
    }
    if (const QString c = q.queryItemValue(QStringLiteral("cursor")); !c.isEmpty()) {
        const auto key = CursorKey::decode(u"alerts", c, 2);
        const auto at = key ? key->utcTime(0) : std::nullopt;
        const auto id = key ? key->id(1) : std::nullopt;
        if (!at || !id)
            fail(invalidCursorProblem());
        query.before = std::pair(*at, *id);
    }
    const QList<isolation::AlertRecord> alerts = isolation::listAlerts(*s.db.control(), query);
    QJsonArray items;
    for (qsizetype i = 0; i < alerts.size() && i < query.limit; ++i)
        items.append(alertJson(alerts[i]));
    QJsonValue next;
    if (alerts.size() > query.limit)
        next = encodeCursor(u"alerts", {alerts[query.limit - 1].atMicros, alerts[query.limit - 1].id});
    return http::Response::json(QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("next_cursor"), next}});
}

http::Response changeAlert(Services &s, http::RequestContext &ctx, AlertAction action)
{
    const QUuid id = parseId(ctx.request.param(0));
    if (id.isNull())
        failNotFound(QStringLiteral("There is no alert %1.").arg(ctx.request.param(0)));
    const QString reason = http::requestReason(ctx.request);
    if (reason.isEmpty())
        failValidation(QStringLiteral("X-Portico-Reason"),
                       QStringLiteral("Changing an alert's state needs a reason: send it in the X-Portico-Reason header."));
    auto control = s.db.control();
    const auto change = isolation::changeAlertState(*control, id, action, ctx.principal.actorLabel(), ctx.principal.email, reason);
    return http::Response::json(alertJson(change.alert));
}

} // namespace

void registerAlertRoutes(http::Router &router, Services &s)
{
    using http::Access;
    router.add("GET", QStringLiteral("/v1/alerts"), Access::operators(), [&s](http::RequestContext &ctx) { return listAlerts(s, ctx); });
    router.add("POST", QStringLiteral("/v1/alerts/{id}/acknowledge"), Access::writers(),
               [&s](http::RequestContext &ctx) { return changeAlert(s, ctx, AlertAction::Acknowledge); });
    router.add("POST", QStringLiteral("/v1/alerts/{id}/resolve"), Access::writers(),
               [&s](http::RequestContext &ctx) { return changeAlert(s, ctx, AlertAction::Resolve); });
}

} // namespace portico
