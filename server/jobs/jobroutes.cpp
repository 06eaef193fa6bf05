// Jobs as operators see them: the list (by tenant, state and kind, newest first, by cursor), one
// job with its steps and their timings, and pausing, resuming and cancelling one, each with a
// reason, each on the job's audit chain (the tenant's, or the platform's).
#include "core/cursor.h"
#include "core/tenant.h"
#include "core/timeutil.h"
#include "server/auth/principal.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/http/routing.h"
#include "server/jobs/jobrunner.h"
#include "server/jobs/jobstore.h"
#include "server/services.h"
#include "server/store/database.h"
#include <QJsonArray>

namespace portico {
namespace {

template<typename T> QJsonValue orNullOf(const std::optional<T> &v) { return v ? QJsonValue(*v) : QJsonValue(); }
QJsonValue timeOrNull(const std::optional<QDateTime> &t) { return t ? QJsonValue(toIsoUtc(*t)) : QJsonValue(); }

QJsonObject jobJson(const jobs::JobRecord &j)
{
    const auto eta = j.etaSeconds();
    return QJsonObject{{QStringLiteral("id"), idToString(j.id)},
                       {QStringLiteral("kind"), j.kind},
                       {QStringLiteral("tenant_id"), j.tenant.isNull() ? QJsonValue() : QJsonValue(idToString(j.tenant))},
                       {QStringLiteral("state"), jobs::jobStateName(j.state)},
                       {QStringLiteral("requested"), j.requested.isEmpty() ? QJsonValue() : QJsonValue(j.requested)},
                       {QStringLiteral("params"), j.params},
                       {QStringLiteral("step"), j.step},
                       {QStringLiteral("step_name"), j.stepName},
                       {QStringLiteral("steps_total"), j.stepsTotal},
                       {QStringLiteral("progress"),
                        QJsonObject{{QStringLiteral("rows_done"), j.progress.rowsDone},
                                    {QStringLiteral("rows_total"), orNullOf(j.progress.rowsTotal)},
                                    {QStringLiteral("bytes_done"), j.progress.bytesDone},
                                    {QStringLiteral("bytes_total"), orNullOf(j.progress.bytesTotal)},
                                    {QStringLiteral("rows_per_second"), orNullOf(j.rowsPerSecond)},
                                    {QStringLiteral("eta_seconds"), eta ? QJsonValue(double(*eta)) : QJsonValue()}}},
                       {QStringLiteral("result"), j.result.isEmpty() ? QJsonValue() : QJsonValue(j.result)},
                       {QStringLiteral("error"), j.error.isEmpty() ? QJsonValue() : QJsonValue(j.error)},
                       {QStringLiteral("started_by"), j.startedBy},
                       {QStringLiteral("reason"), j.reason},
                       {QStringLiteral("created_at"), toIsoUtc(j.createdAt)},
                       {QStringLiteral("started_at"), timeOrNull(j.startedAt)},
                       {QStringLiteral("finished_at"), timeOrNull(j.finishedAt)},
                       {QStringLiteral("updated_at"), toIsoUtc(j.updatedAt)},
                       {QStringLiteral("heartbeat_at"), timeOrNull(j.heartbeatAt)},
                       {QStringLiteral("worker"), j.leaseOwner.isEmpty() ? QJsonValue() : QJsonValue(j.leaseOwner)},
                       {QStringLiteral("attempts"), j.attempts}};
}

QJsonObject stepJson(const jobs::JobStepRecord &s)
{
    const QJsonValue seconds = s.finishedAt ? QJsonValue(double(s.startedAt.msecsTo(*s.finishedAt)) / 1000.0) : QJsonValue();
    return QJsonObject{{QStringLiteral("step"), s.step},
                       {QStringLiteral("name"), s.name},
                       {QStringLiteral("started_at"), toIsoUtc(s.startedAt)},
                       {QStringLiteral("finished_at"), timeOrNull(s.finishedAt)},
                       {QStringLiteral("seconds"), seconds},
                       {QStringLiteral("runs"), s.runs},
                       {QStringLiteral("rows_done"), s.rowsDone},
                       {QStringLiteral("bytes_done"), s.bytesDone}};
}

QUuid jobId(const http::RequestContext &ctx)
{
    const QUuid id = parseId(ctx.request.param(0));
    if (id.isNull())
        failNotFound(QStringLiteral("There is no job %1.").arg(ctx.request.param(0)));
    return id;
}

http::Response listJobs(Services &s, http::RequestContext &ctx)
{
    const QUrlQuery &q = ctx.request.query;
    http::rejectUnknownParameters(q, {QStringLiteral("limit"), QStringLiteral("cursor"), QStringLiteral("tenant"), QStringLiteral("state"),
                                      QStringLiteral("kind")});
    jobs::JobQuery query;
    query.limit = http::limitParameter(q, 50, 500);
    if (const QString t = q.queryItemValue(QStringLiteral("tenant")); !t.isEmpty()) {
        query.tenant = parseId(t);
        if (query.tenant.isNull())
            failValidation(QStringLiteral("tenant"), QStringLiteral("tenant must be a tenant id."));
    }
    query.kind = q.queryItemValue(QStringLiteral("kind"), QUrl::FullyDecoded);
    if (query.kind.size() > 64)
        failValidation(QStringLiteral("kind"), QStringLiteral("kind may be at most 64 characters."));
    for (const QString &name : q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto state = jobs::parseJobState(name.trimmed());
        if (!state)
            failValidation(QStringLiteral("state"), QStringLiteral("state is a comma-separated list of: %1.").arg(jobs::allJobStates().join(QStringLiteral(", "))));
        if (!query.states.contains(*state))
            query.states << *state;
    }
    if (const QString c = q.queryItemValue(QStringLiteral("cursor")); !c.isEmpty()) {
        const auto key = CursorKey::decode(u"jobs", c, 2);
        const auto at = key ? key->utcTime(0) : std::nullopt;
        const auto id = key ? key->id(1) : std::nullopt;
        if (!at || !id)
            fail(invalidCursorProblem());
        query.before = std::pair(*at, *id);
    }
    const QList<jobs::JobRecord> found = jobs::listJobs(*s.db.control(), query);
    QJsonArray items;
    for (qsizetype i = 0; i < found.size() && i < query.limit; ++i)
        items.append(jobJson(found[i]));
    QJsonValue next;
    if (found.size() > query.limit)
        next = encodeCursor(u"jobs", {found[query.limit - 1].createdMicros, idToString(found[query.limit - 1].id)});
    return http::Response::json(QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("next_cursor"), next}});
}

http::Response getJob(Services &s, http::RequestContext &ctx)
{
    const QUuid id = jobId(ctx);
    auto control = s.db.control();
    const auto job = jobs::findJob(*control, id);
    if (!job)
        failNotFound(QStringLiteral("There is no job %1.").arg(ctx.request.param(0)));
    QJsonArray steps;
    for (const jobs::JobStepRecord &step : jobs::jobSteps(*control, id))
        steps.append(stepJson(step));
    QJsonObject body = jobJson(*job);
    body.insert(QStringLiteral("steps"), steps);
    return http::Response::json(body);
}

http::Response changeJob(Services &s, http::RequestContext &ctx, jobs::JobAction action)
{
    const QUuid id = jobId(ctx);
    const QJsonObject body = ctx.request.body.trimmed().isEmpty() ? QJsonObject() : http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("reason")});
    const QString reason = http::reasonOf(ctx.request, body).trimmed();
    if (reason.isEmpty())
        failValidation(QStringLiteral("reason"),
                       QStringLiteral("To %1 a job, give a reason (the body's \"reason\", or the X-Portico-Reason header): it goes in the audit log.")
                           .arg(jobs::jobActionName(action)));
    const auto after = jobs::changeJob(*s.db.control(), id, action, ctx.principal.actorLabel(), reason);
    if (s.jobs)
        s.jobs->wake(); // a resumed job is claimable now, a cancelled queued one needs its undo
    return http::Response::json(jobJson(after));
}

} // namespace

void registerJobRoutes(http::Router &router, Services &s)
{
    using http::Access;
    router.add("GET", QStringLiteral("/v1/jobs"), Access::operators(), [&s](http::RequestContext &ctx) { return listJobs(s, ctx); });
    router.add("GET", QStringLiteral("/v1/jobs/{id}"), Access::operators(), [&s](http::RequestContext &ctx) { return getJob(s, ctx); });
    router.add("POST", QStringLiteral("/v1/jobs/{id}/pause"), Access::writers(),
               [&s](http::RequestContext &ctx) { return changeJob(s, ctx, jobs::JobAction::Pause); });
    router.add("POST", QStringLiteral("/v1/jobs/{id}/resume"), Access::writers(),
               [&s](http::RequestContext &ctx) { return changeJob(s, ctx, jobs::JobAction::Resume); });
    router.add("POST", QStringLiteral("/v1/jobs/{id}/cancel"), Access::writers(),
               [&s](http::RequestContext &ctx) { return changeJob(s, ctx, jobs::JobAction::Cancel); });
}

} // namespace portico
