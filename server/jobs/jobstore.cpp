#include "server/jobs/jobstore.h"
#include "core/tenant.h"
#include "server/audit/auditlog.h"
#include "server/jsontext.h"
#include "server/problems.h"
#include "server/store/pg.h"
#include <cmath>

namespace portico::jobs {
namespace {

const QString kColumns = QStringLiteral(
    "id, kind, tenant_id, state, coalesce(requested, '') AS requested, params, step, steps_total, step_name, checkpoint, "
    "rows_done, rows_total, bytes_done, bytes_total, rows_per_second, result, coalesce(error, '') AS error, started_by, reason, "
    "created_at, updated_at, started_at, finished_at, heartbeat_at, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS created_micros, coalesce(lease_owner, '') AS lease_owner, attempts");

std::optional<QDateTime> optionalTime(const store::PgResult &r, int i, const char *name)
{
    const int c = r.column(name);
    return r.isNull(i, c) ? std::nullopt : std::optional(r.timestamp(i, c));
}
std::optional<qint64> optionalInteger(const store::PgResult &r, int i, const char *name)
{
    const int c = r.column(name);
    return r.isNull(i, c) ? std::nullopt : std::optional(r.integer(i, c));
}

JobRecord fromRow(const store::PgResult &r, int i)
{
    JobRecord j;
    j.id = r.uuid(i, "id");
    j.kind = r.text(i, "kind");
    if (!r.isNull(i, "tenant_id"))
        j.tenant = r.uuid(i, "tenant_id");
    j.state = parseJobState(r.text(i, "state")).value_or(JobState::Failed);
    j.requested = r.text(i, "requested");
    j.params = r.json(i, r.column("params")).toObject();
    j.step = int(r.integer(i, "step"));
    j.stepsTotal = int(r.integer(i, "steps_total"));
    j.stepName = r.text(i, "step_name");
    j.checkpoint = r.json(i, r.column("checkpoint")).toObject();
    j.progress.rowsDone = r.integer(i, "rows_done");
    j.progress.rowsTotal = optionalInteger(r, i, "rows_total");
    j.progress.bytesDone = r.integer(i, "bytes_done");
    j.progress.bytesTotal = optionalInteger(r, i, "bytes_total");
    if (const int c = r.column("rows_per_second"); !r.isNull(i, c))
        j.rowsPerSecond = r.text(i, c).toDouble();
    j.result = r.json(i, r.column("result")).toObject();
    j.error = r.text(i, "error");
    j.startedBy = r.text(i, "started_by");
    j.reason = r.text(i, "reason");
    j.createdAt = r.timestamp(i, "created_at");
    j.updatedAt = r.timestamp(i, "updated_at");
    j.startedAt = optionalTime(r, i, "started_at");
    j.finishedAt = optionalTime(r, i, "finished_at");
    j.heartbeatAt = optionalTime(r, i, "heartbeat_at");
    j.createdMicros = r.text(i, "created_micros");
    j.leaseOwner = r.text(i, "lease_owner");
    j.attempts = int(r.integer(i, "attempts"));
    return j;
}

QString target(const QUuid &id) { return QStringLiteral("job/") + idToString(id); }

// The job's own facts every audit entry of it carries.
QJsonObject auditDetails(const JobRecord &j, QJsonObject extra = {})
{
    extra.insert(QStringLiteral("job_id"), idToString(j.id));
    extra.insert(QStringLiteral("kind"), j.kind);
    return extra;
}

void auditJob(store::PgConnection &control, const JobRecord &j, const QString &actor, const QString &action, const QString &reason,
              const QJsonObject &extra = {})
{
    audit::appendAudit(control, {actor, action, j.tenant, target(j.id), reason, auditDetails(j, extra)});
}

// The job's row locked, under the claim's token; nullopt when the token no longer holds it.
std::optional<JobRecord> lockClaimed(store::PgConnection &control, const QUuid &id, const QUuid &token)
{
    const auto r = control.exec(QStringLiteral("SELECT %1 FROM jobs WHERE id = $1 AND lease_token = $2 AND state = 'running' FOR UPDATE").arg(kColumns),
                                {id, token});
    if (r.rows() != 1)
        return std::nullopt;
    return fromRow(r, 0);
}

LeaseStatus statusOf(const QString &requested)
{
    if (requested == QLatin1String("cancel"))
        return LeaseStatus::CancelRequested;
    if (requested == QLatin1String("pause"))
        return LeaseStatus::PauseRequested;
    return LeaseStatus::Held;
}

// A text[] literal, every element quoted (a kind name may hold a comma, a quote or spell NULL).
QByteArray textArray(const QStringList &items)
{
    QByteArray out("{");
    for (const QString &item : items) {
        if (out.size() > 1)
            out += ',';
        QByteArray e = item.toUtf8();
        e.replace("\\", "\\\\").replace("\"", "\\\"");
        out += '"' + e + '"';
    }
    return out + '}';
}

QString interval(std::chrono::milliseconds ms) { return QStringLiteral("%1 milliseconds").arg(ms.count()); }

} // namespace

QString jobStateName(JobState s)
{
    switch (s) {
    case JobState::Queued: return QStringLiteral("queued");
    case JobState::Running: return QStringLiteral("running");
    case JobState::Paused: return QStringLiteral("paused");
    case JobState::Succeeded: return QStringLiteral("succeeded");
    case JobState::Failed: return QStringLiteral("failed");
    case JobState::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

std::optional<JobState> parseJobState(const QString &name)
{
    for (JobState s : {JobState::Queued, JobState::Running, JobState::Paused, JobState::Succeeded, JobState::Failed, JobState::Cancelled})
        if (jobStateName(s) == name)
            return s;
    return std::nullopt;
}

QStringList allJobStates()
{
    return {QStringLiteral("queued"), QStringLiteral("running"), QStringLiteral("paused"),
            QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("cancelled")};
}

QString jobActionName(JobAction a)
{
    switch (a) {
    case JobAction::Pause: return QStringLiteral("pause");
    case JobAction::Resume: return QStringLiteral("resume");
    case JobAction::Cancel: return QStringLiteral("cancel");
    }
    return {};
}

std::optional<qint64> JobRecord::etaSeconds() const
{
    if (!rowsPerSecond || *rowsPerSecond <= 0 || !progress.rowsTotal || state != JobState::Running)
        return std::nullopt;
    const qint64 left = std::max<qint64>(0, *progress.rowsTotal - progress.rowsDone);
    return qint64(std::ceil(double(left) / *rowsPerSecond));
}

JobRecord createJob(store::PgConnection &control, const NewJob &job)
{
    std::optional<store::PgTransaction> own;
    if (!control.inTransaction())
        own.emplace(control);
    const QUuid id = QUuid::createUuid();
    store::PgResult r(nullptr);
    try {
        r = control.exec(QStringLiteral("INSERT INTO jobs (id, kind, tenant_id, params, steps_total, step_name, started_by, reason) "
                                        "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) RETURNING %1").arg(kColumns),
                         {id, job.kind, job.tenant, compactJson(job.params), int(job.steps.size()), job.steps.value(0), job.actor, job.reason});
    } catch (const store::PgError &e) {
        if (e.isUniqueViolation() && e.constraint() == QLatin1String("jobs_one_open_per_tenant")) {
            Problem p = Problem::make(409, problem::JobAlreadyOpen,
                                      QStringLiteral("The tenant already has an unfinished %1 job; wait for it, or cancel it first.").arg(job.kind));
            p.field = QStringLiteral("tenant");
            fail(p);
        }
        throw;
    }
    const JobRecord created = fromRow(r, 0);
    QJsonObject details{{QStringLiteral("params"), job.params}, {QStringLiteral("steps"), QJsonArray::fromStringList(job.steps)}};
    auditJob(control, created, job.actor, QStringLiteral("job.created"), job.reason, details);
    if (own)
        own->commit();
    return created;
}

std::optional<JobRecord> findJob(store::PgConnection &control, const QUuid &id)
{
    const auto r = control.exec(QStringLiteral("SELECT %1 FROM jobs WHERE id = $1").arg(kColumns), {id});
    if (r.rows() != 1)
        return std::nullopt;
    return fromRow(r, 0);
}

QList<JobStepRecord> jobSteps(store::PgConnection &control, const QUuid &id)
{
    const auto r = control.exec(QStringLiteral("SELECT step, name, started_at, finished_at, runs, rows_done, bytes_done "
                                               "FROM job_steps WHERE job_id = $1 ORDER BY step"), {id});
    QList<JobStepRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({int(r.integer(i, 0)), r.text(i, 1), r.timestamp(i, 2), optionalTime(r, i, "finished_at"), int(r.integer(i, 4)),
                    r.integer(i, 5), r.integer(i, 6)});
    return out;
}

QList<JobRecord> listJobs(store::PgConnection &control, const JobQuery &query)
{
    std::vector<store::PgParam> params;
    QStringList where;
    const auto bind = [&params](store::PgParam p) {
        params.push_back(std::move(p));
        return QStringLiteral("$%1").arg(params.size());
    };
    if (!query.tenant.isNull())
        where << QStringLiteral("tenant_id = %1").arg(bind(query.tenant));
    if (!query.kind.isEmpty())
        where << QStringLiteral("kind = %1").arg(bind(query.kind));
    if (!query.states.isEmpty()) {
        QStringList states;
        for (JobState s : query.states)
            states << bind(jobStateName(s));
        where << QStringLiteral("state IN (%1)").arg(states.join(QStringLiteral(", ")));
    }
    if (query.before) {
        const QString at = bind(query.before->first);
        where << QStringLiteral("(created_at, id) < (%1::timestamptz, %2::uuid)").arg(at, bind(query.before->second));
    }
    const QString limit = bind(query.limit + 1);
    const auto r = control.exec(QStringLiteral("SELECT %1 FROM jobs %2 ORDER BY created_at DESC, id DESC LIMIT %3")
                                    .arg(kColumns, where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")), limit),
                                params);
    QList<JobRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append(fromRow(r, i));
    return out;
}

JobRecord changeJob(store::PgConnection &control, const QUuid &id, JobAction action, const QString &actor, const QString &reason)
{
    store::PgTransaction tx(control);
    const auto current = control.exec(QStringLiteral("SELECT %1 FROM jobs WHERE id = $1 FOR UPDATE").arg(kColumns), {id});
    if (current.rows() != 1)
        failNotFound(QStringLiteral("There is no job %1.").arg(idToString(id)));
    const JobRecord before = fromRow(current, 0);
    const auto conflict = [&](const QString &why) {
        Problem p = Problem::make(409, problem::JobStateConflict, why);
        p.field = QStringLiteral("state");
        fail(p);
    };
    QString sql;
    const bool beingCancelled = before.requested == QLatin1String("cancel");
    if (beingCancelled && action != JobAction::Cancel)
        conflict(QStringLiteral("The job is being cancelled; it cannot be %1d.").arg(jobActionName(action)));
    switch (action) {
    case JobAction::Pause:
        if (before.state == JobState::Paused || (before.state == JobState::Running && before.requested == QLatin1String("pause")))
            return before;
        if (before.state == JobState::Queued)
            sql = QStringLiteral("UPDATE jobs SET state = 'paused', updated_at = clock_timestamp() WHERE id = $1 RETURNING %1");
        else if (before.state == JobState::Running && before.requested.isEmpty())
            sql = QStringLiteral("UPDATE jobs SET requested = 'pause', updated_at = clock_timestamp() WHERE id = $1 RETURNING %1");
        else
            conflict(before.requested == QLatin1String("cancel") ? QStringLiteral("The job is being cancelled; it cannot be paused.")
                                                                 : QStringLiteral("The job has %1; it cannot be paused.").arg(jobStateName(before.state)));
        break;
    case JobAction::Resume:
        if (before.state == JobState::Queued || (before.state == JobState::Running && before.requested.isEmpty()))
            return before;
        if (before.state == JobState::Paused)
            sql = QStringLiteral("UPDATE jobs SET state = 'queued', requested = NULL, updated_at = clock_timestamp() WHERE id = $1 RETURNING %1");
        else if (before.state == JobState::Running && before.requested == QLatin1String("pause"))
            sql = QStringLiteral("UPDATE jobs SET requested = NULL, updated_at = clock_timestamp() WHERE id = $1 RETURNING %1");
        else
            conflict(before.requested == QLatin1String("cancel") ? QStringLiteral("The job is being cancelled; it cannot be resumed.")
                                                                 : QStringLiteral("The job has %1; it cannot be resumed.").arg(jobStateName(before.state)));
        break;
    case JobAction::Cancel:
        if (before.state == JobState::Cancelled || beingCancelled)
            return before;
        if (isFinished(before.state))
            conflict(QStringLiteral("The job has %1; it cannot be cancelled.").arg(jobStateName(before.state)));
        if (before.attempts == 0) {
            // Never claimed, so it made nothing to undo: it ends here, whether or not a worker knows its kind.
            sql = QStringLiteral("UPDATE jobs SET state = 'cancelled', finished_at = clock_timestamp(), updated_at = clock_timestamp() "
                                 "WHERE id = $1 RETURNING %1");
            break;
        }
        // Queued or paused jobs have a worker no more (or not yet), but may have created things
        // (a paused move has a partial copy): a worker claims the job to undo them, then ends it.
        sql = before.state == JobState::Running
            ? QStringLiteral("UPDATE jobs SET requested = 'cancel', updated_at = clock_timestamp() WHERE id = $1 RETURNING %1")
            : QStringLiteral("UPDATE jobs SET state = 'queued', requested = 'cancel', updated_at = clock_timestamp() WHERE id = $1 RETURNING %1");
        break;
    }
    const auto updated = control.exec(sql.arg(kColumns), {id});
    const JobRecord after = fromRow(updated, 0);
    auditJob(control, after, actor, QStringLiteral("job.%1").arg(jobActionName(action)), reason,
             {{QStringLiteral("before"), jobStateName(before.state)}, {QStringLiteral("after"), jobStateName(after.state)},
              {QStringLiteral("requested"), after.requested.isEmpty() ? QJsonValue() : QJsonValue(after.requested)}});
    tx.commit();
    return after;
}

std::optional<JobClaim> claimJob(store::PgConnection &control, const QString &owner, std::chrono::milliseconds lease, const QStringList &kinds)
{
    if (kinds.isEmpty())
        return std::nullopt;
    const QUuid token = QUuid::createUuid();
    // A paused job is never claimed; a queued one asked to cancel is, so its worker undoes what it made.
    const auto r = control.exec(
        QStringLiteral("UPDATE jobs SET state = 'running', lease_token = $1, lease_owner = $2, lease_until = clock_timestamp() + $3::interval, "
                       "       heartbeat_at = clock_timestamp(), attempts = attempts + 1, started_at = coalesce(started_at, clock_timestamp()), "
                       "       updated_at = clock_timestamp() "
                       " WHERE id = (SELECT id FROM jobs WHERE state IN ('queued', 'running') AND kind = ANY ($4::text[]) "
                       "                AND (state = 'queued' OR lease_until < clock_timestamp()) "
                       "              ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) "
                       "RETURNING %1").arg(kColumns),
        {token, owner, interval(lease), textArray(kinds)});
    if (r.rows() != 1)
        return std::nullopt;
    return JobClaim{fromRow(r, 0), token};
}

LeaseStatus renewLease(store::PgConnection &control, const QUuid &id, const QUuid &token, std::chrono::milliseconds lease)
{
    const auto r = control.exec(QStringLiteral("UPDATE jobs SET lease_until = clock_timestamp() + $3::interval, heartbeat_at = clock_timestamp() "
                                               " WHERE id = $1 AND lease_token = $2 AND state = 'running' RETURNING coalesce(requested, '')"),
                                {id, token, interval(lease)});
    return r.rows() == 1 ? statusOf(r.text(0, 0)) : LeaseStatus::Lost;
}

LeaseStatus saveCheckpoint(store::PgConnection &control, const QUuid &id, const QUuid &token, const QJsonObject &checkpoint,
                           const JobProgress &p, std::optional<double> rate, std::chrono::milliseconds lease)
{
    store::PgTransaction tx(control);
    const auto r = control.exec(
        QStringLiteral("UPDATE jobs SET checkpoint = $3::jsonb, rows_done = $4, rows_total = $5, bytes_done = $6, bytes_total = $7, "
                       "       rows_per_second = $8::double precision, lease_until = clock_timestamp() + $9::interval, "
                       "       heartbeat_at = clock_timestamp(), updated_at = clock_timestamp() "
                       " WHERE id = $1 AND lease_token = $2 AND state = 'running' RETURNING coalesce(requested, ''), step"),
        {id, token, compactJson(checkpoint), p.rowsDone, p.rowsTotal, p.bytesDone, p.bytesTotal,
         rate ? store::PgParam(QByteArray::number(*rate, 'g', 6)) : store::PgParam(), interval(lease)});
    if (r.rows() != 1)
        return LeaseStatus::Lost;
    control.exec(QStringLiteral("UPDATE job_steps SET rows_done = $3, bytes_done = $4 WHERE job_id = $1 AND step = $2"),
                 {id, int(r.integer(0, 1)), p.rowsDone, p.bytesDone});
    tx.commit();
    return statusOf(r.text(0, 0));
}

bool enterStep(store::PgConnection &control, const QUuid &id, const QUuid &token, int step, const QString &name)
{
    store::PgTransaction tx(control);
    const auto job = lockClaimed(control, id, token);
    if (!job)
        return false;
    const bool resuming = job->step == step;
    control.exec(QStringLiteral("UPDATE jobs SET step = $2, step_name = $3, checkpoint = CASE WHEN $4 THEN checkpoint ELSE '{}' END, "
                                "       rows_per_second = NULL, updated_at = clock_timestamp() WHERE id = $1"),
                 {id, step, name, resuming});
    const auto run = control.exec(QStringLiteral("INSERT INTO job_steps AS s (job_id, step, name) VALUES ($1, $2, $3) "
                                                 "ON CONFLICT (job_id, step) DO UPDATE SET runs = s.runs + 1 RETURNING runs"),
                                  {id, step, name});
    auditJob(control, *job, QStringLiteral("system"), QStringLiteral("job.step"), job->reason,
             {{QStringLiteral("step"), step}, {QStringLiteral("name"), name}, {QStringLiteral("run"), run.integer(0, 0)},
              {QStringLiteral("attempt"), job->attempts}});
    tx.commit();
    return true;
}

bool finishStep(store::PgConnection &control, const QUuid &id, const QUuid &token, int step)
{
    store::PgTransaction tx(control);
    if (!lockClaimed(control, id, token))
        return false;
    control.exec(QStringLiteral("UPDATE job_steps SET finished_at = clock_timestamp() WHERE job_id = $1 AND step = $2"), {id, step});
    // The next step (or the end) starts from nothing: a resume after this point never repeats this step.
    control.exec(QStringLiteral("UPDATE jobs SET step = $2 + 1, checkpoint = '{}', updated_at = clock_timestamp() WHERE id = $1"), {id, step});
    tx.commit();
    return true;
}

EndResult endJob(store::PgConnection &control, const QUuid &id, const QUuid &token, JobState state, const QJsonObject &result,
                 const QString &error, QString *requestedNow)
{
    store::PgTransaction tx(control);
    const auto job = lockClaimed(control, id, token);
    if (!job)
        return EndResult::Lost;
    const bool parks = state == JobState::Paused;
    if (parks && job->requested != QLatin1String("pause")) {
        if (requestedNow)
            *requestedNow = job->requested;
        return EndResult::Superseded;
    }
    control.exec(QStringLiteral("UPDATE jobs SET state = $2, requested = NULL, result = $3::jsonb, error = $4, lease_token = NULL, lease_owner = NULL, "
                                "       lease_until = NULL, rows_per_second = NULL, updated_at = clock_timestamp(), "
                                "       finished_at = CASE WHEN $5 THEN NULL ELSE clock_timestamp() END WHERE id = $1"),
                 {id, jobStateName(state), result.isEmpty() ? store::PgParam() : store::PgParam(compactJson(result)),
                  error.isEmpty() ? store::PgParam() : store::PgParam(error), parks});
    QJsonObject details{{QStringLiteral("step"), job->step}, {QStringLiteral("step_name"), job->stepName},
                        {QStringLiteral("rows_done"), job->progress.rowsDone}, {QStringLiteral("bytes_done"), job->progress.bytesDone}};
    if (!error.isEmpty())
        details.insert(QStringLiteral("error"), error);
    if (!result.isEmpty())
        details.insert(QStringLiteral("result"), result);
    auditJob(control, *job, QStringLiteral("system"), QStringLiteral("job.") + jobStateName(state), job->reason, details);
    tx.commit();
    return EndResult::Ended;
}

bool releaseJob(store::PgConnection &control, const QUuid &id, const QUuid &token, std::chrono::milliseconds after)
{
    const auto r = control.exec(QStringLiteral("UPDATE jobs SET lease_token = NULL, lease_owner = NULL, lease_until = clock_timestamp() + $3::interval, "
                                               "       rows_per_second = NULL, updated_at = clock_timestamp() "
                                               " WHERE id = $1 AND lease_token = $2 AND state = 'running'"),
                                {id, token, interval(after)});
    return r.affectedRows() == 1;
}

} // namespace portico::jobs
