#include "server/jobs/jobrunner.h"
#include "core/tenant.h"
#include "server/problems.h"
#include "server/store/database.h"
#include "server/store/pg.h"
#include <QDateTime>
#include <spdlog/spdlog.h>

namespace portico::jobs {
namespace {

std::string idText(const QUuid &id) { return idToString(id).toStdString(); }

} // namespace

void JobContext::apply(LeaseStatus status)
{
    *m_heard = int(status);
    switch (status) {
    case LeaseStatus::Lost:
        throw JobInterrupted{JobInterrupted::Why::LeaseLost};
    case LeaseStatus::CancelRequested:
        if (!m_undoing)
            throw JobInterrupted{JobInterrupted::Why::Cancel};
        break;
    case LeaseStatus::PauseRequested:
        if (!m_undoing)
            throw JobInterrupted{JobInterrupted::Why::Pause};
        break;
    case LeaseStatus::Held:
        break;
    }
    if (m_stopping.load())
        throw JobInterrupted{JobInterrupted::Why::Stopping};
}

void JobContext::checkpoint(const QJsonObject &state, const JobProgress &progress)
{
    // The rate is measured over this run of the step: a resumed job's rate is today's, not the
    // average with the time it lay dead.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::optional<double> rate;
    if (m_rowsAtRunStart < 0) {
        m_rowsAtRunStart = progress.rowsDone;
        m_runStartedMs = now;
    } else if (now > m_runStartedMs && progress.rowsDone > m_rowsAtRunStart) {
        rate = double(progress.rowsDone - m_rowsAtRunStart) * 1000.0 / double(now - m_runStartedMs);
    }
    const LeaseStatus status = saveCheckpoint(*m_db.control(), m_job.id, m_token, state, progress, rate, m_lease);
    if (status != LeaseStatus::Lost) {
        m_job.checkpoint = state;
        m_job.progress = progress;
        m_job.rowsPerSecond = rate;
    }
    apply(status);
}

void JobContext::ensureHeld()
{
    // Only the lease: pause, cancel and stopping wait for the step's next checkpoint, so that
    // what it did since the last one is saved before it stops.
    if (m_heard->load() == int(LeaseStatus::Lost))
        throw JobInterrupted{JobInterrupted::Why::LeaseLost}; // the heartbeat found it lost already
    const LeaseStatus status = renewLease(*m_db.control(), m_job.id, m_token, m_lease);
    *m_heard = int(status);
    if (status == LeaseStatus::Lost)
        throw JobInterrupted{JobInterrupted::Why::LeaseLost};
}

void JobContext::setResult(const QJsonObject &result) { m_result = result; }

JobRunner::JobRunner(store::Database &db, QString instance, Options options)
    : m_db(db), m_instance(std::move(instance)), m_options(options)
{
}

JobRunner::~JobRunner() { stop(); }

void JobRunner::addKind(std::unique_ptr<JobKind> kind)
{
    const QString name = kind->name();
    m_kinds.insert(name, std::shared_ptr<JobKind>(std::move(kind)));
    m_kindNames = m_kinds.keys();
}

JobKind *JobRunner::kind(const QString &name) const { return m_kinds.value(name).get(); }

void JobRunner::start()
{
    if (!m_threads.empty() || m_kinds.isEmpty())
        return; // nothing this instance could claim
    m_stopping = false;
    m_heartbeatStopping = false;
    for (int i = 0; i < std::max(1, m_options.workers); ++i)
        m_threads.emplace_back([this] { work(); });
    m_heartbeatThread = std::thread([this] { heartbeat(); });
}

void JobRunner::stop()
{
    {
        std::lock_guard lock(m_wakeMutex);
        m_stopping = true;
        m_woken = true;
    }
    m_wakeUp.notify_all();
    for (std::thread &t : m_threads)
        t.join();
    m_threads.clear();
    {
        std::lock_guard lock(m_wakeMutex);
        m_heartbeatStopping = true;
    }
    m_wakeUp.notify_all();
    if (m_heartbeatThread.joinable())
        m_heartbeatThread.join();
}

void JobRunner::wake()
{
    {
        std::lock_guard lock(m_wakeMutex);
        m_woken = true;
    }
    m_wakeUp.notify_all();
}

void JobRunner::work()
{
    while (!m_stopping.load()) {
        std::optional<JobClaim> claim;
        try {
            claim = claimJob(*m_db.control(), m_instance, m_options.lease, m_kindNames);
        } catch (const std::exception &e) {
            spdlog::warn("jobs: cannot claim: {}", e.what());
        }
        if (claim) {
            runClaim(std::move(*claim));
            continue;
        }
        std::unique_lock lock(m_wakeMutex);
        m_wakeUp.wait_for(lock, m_options.poll, [this] { return m_woken || m_stopping.load(); });
        m_woken = false;
    }
}

void JobRunner::heartbeat()
{
    const auto every = std::max(std::chrono::milliseconds(50), m_options.lease / 3);
    while (!m_heartbeatStopping.load()) {
        {
            std::unique_lock lock(m_wakeMutex);
            m_wakeUp.wait_for(lock, every, [this] { return m_heartbeatStopping.load(); });
        }
        QList<std::pair<QUuid, Running>> running;
        {
            QMutexLocker lock(&m_runningMutex);
            for (auto it = m_running.cbegin(); it != m_running.cend(); ++it)
                running.append({it.key(), it.value()});
        }
        for (const auto &[token, claim] : running) {
            try {
                const LeaseStatus status = renewLease(*m_db.control(), claim.id, token, m_options.lease);
                if (status == LeaseStatus::Lost)
                    spdlog::warn("jobs: lost the lease of job {}; its worker stops before its next write", idText(claim.id));
                if (status == LeaseStatus::Lost || claim.heard->load() != int(LeaseStatus::Lost))
                    *claim.heard = int(status);
            } catch (const std::exception &e) {
                spdlog::warn("jobs: cannot renew the lease of job {}: {}", idText(claim.id), e.what());
            }
        }
    }
}

namespace {
// Errors after which the job is given back and resumed rather than failed: the database went
// away, or was busy for a moment (no connection free, a deadlock, a serialization failure, a
// statement or lock timeout).
bool isTransient(const store::PgError &e)
{
    static const QStringList busy{QStringLiteral("53300"), QStringLiteral("40P01"), QStringLiteral("40001"), QStringLiteral("57014"),
                                  QStringLiteral("55P03")};
    return e.isConnectionError() || busy.contains(e.sqlState());
}
} // namespace

void JobRunner::runClaim(JobClaim claim)
{
    const std::shared_ptr<JobKind> kind = m_kinds.value(claim.job.kind);
    const QUuid token = claim.token;
    JobContext ctx(m_db, std::move(claim), m_options.lease, m_stopping);
    const QUuid id = ctx.m_job.id;
    {
        QMutexLocker lock(&m_runningMutex);
        m_running.insert(token, {id, ctx.m_heard});
    }
    spdlog::info("jobs: {} job {} claimed (attempt {}, step {})", ctx.m_job.kind.toStdString(), idText(id), ctx.m_job.attempts, ctx.m_job.step);
    try {
        bool goOn = true;
        while (goOn) {
            goOn = false;
            try {
                if (ctx.m_job.requested == QLatin1String("cancel"))
                    throw JobInterrupted{JobInterrupted::Why::Cancel};
                if (ctx.m_job.requested == QLatin1String("pause"))
                    throw JobInterrupted{JobInterrupted::Why::Pause};
                const QStringList steps = kind->steps(ctx.m_job.params);
                for (int step = ctx.m_job.step; step < steps.size(); ++step) {
                    if (!enterStep(*m_db.control(), id, ctx.m_token, step, steps[step]))
                        throw JobInterrupted{JobInterrupted::Why::LeaseLost};
                    if (step != ctx.m_job.step)
                        ctx.m_job.checkpoint = {};
                    ctx.m_job.step = step;
                    ctx.m_job.stepName = steps[step];
                    ctx.m_rowsAtRunStart = -1;
                    kind->run(step, ctx);
                    if (!finishStep(*m_db.control(), id, ctx.m_token, step))
                        throw JobInterrupted{JobInterrupted::Why::LeaseLost};
                }
                if (endJob(*m_db.control(), id, ctx.m_token, JobState::Succeeded, ctx.m_result, {}) != EndResult::Ended)
                    throw JobInterrupted{JobInterrupted::Why::LeaseLost};
                spdlog::info("jobs: job {} succeeded", idText(id));
            } catch (const JobInterrupted &interrupted) {
                try {
                    goOn = stopClaim(ctx, *kind, interrupted.why);
                } catch (const std::exception &e) {
                    // The job is not failed for this: its lease expires and the next claim goes on.
                    spdlog::warn("jobs: job {} could not be stopped cleanly: {}", idText(id), e.what());
                }
            } catch (const store::PgError &e) {
                if (!isTransient(e))
                    throw;
                // Nothing about the job is wrong: it is given back (when the control plane
                // answers) and resumed from its checkpoint.
                spdlog::warn("jobs: job {} met a passing database error ({}); it resumes from its checkpoint", idText(id), e.what());
                try {
                    releaseJob(*m_db.control(), id, ctx.m_token, m_options.retryAfter);
                } catch (const std::exception &) {
                    // The lease expires instead.
                }
            }
        }
    } catch (const std::exception &e) {
        const ProblemException *problem = dynamic_cast<const ProblemException *>(&e);
        const QString error = problem ? problem->problem().detail : QString::fromUtf8(e.what());
        spdlog::error("jobs: job {} failed in step {}: {}", idText(id), ctx.m_job.step, error.toStdString());
        try {
            ctx.m_undoing = true;
            ctx.ensureHeld(); // a worker whose lease was taken over must not undo the new holder's work
            kind->undo(ctx);
            if (endJob(*m_db.control(), id, ctx.m_token, JobState::Failed, {}, error) != EndResult::Ended)
                spdlog::warn("jobs: job {} was taken over before it could be ended as failed", idText(id));
        } catch (const JobInterrupted &) {
            // Lost or stopping while undoing: the next claim resumes the job where it was.
        } catch (const std::exception &again) {
            spdlog::error("jobs: job {} could not be ended as failed: {}", idText(id), again.what());
        }
    }
    QMutexLocker lock(&m_runningMutex);
    m_running.remove(token);
}

void JobRunner::cancelClaim(JobContext &ctx, JobKind &kind)
{
    try {
        ctx.m_undoing = true;
        kind.undo(ctx);
    } catch (const JobInterrupted &) {
        return; // lost or stopping: the next claim undoes again, then ends the job
    }
    if (endJob(*m_db.control(), ctx.m_job.id, ctx.m_token, JobState::Cancelled, {}, {}) == EndResult::Ended)
        spdlog::info("jobs: job {} cancelled at step {}", idText(ctx.m_job.id), ctx.m_job.step);
}

bool JobRunner::stopClaim(JobContext &ctx, JobKind &kind, JobInterrupted::Why why)
{
    const QUuid id = ctx.m_job.id;
    switch (why) {
    case JobInterrupted::Why::LeaseLost:
        spdlog::warn("jobs: job {} is held by another claim now; this worker stops and writes nothing more", idText(id));
        return false;
    case JobInterrupted::Why::Stopping:
        releaseJob(*m_db.control(), id, ctx.m_token, std::chrono::milliseconds(0));
        spdlog::info("jobs: job {} given back at step {} (stopping)", idText(id), ctx.m_job.step);
        return false;
    case JobInterrupted::Why::Pause: {
        QString requestedNow;
        switch (endJob(*m_db.control(), id, ctx.m_token, JobState::Paused, {}, {}, &requestedNow)) {
        case EndResult::Ended:
            spdlog::info("jobs: job {} paused at step {}", idText(id), ctx.m_job.step);
            return false;
        case EndResult::Lost:
            return false;
        case EndResult::Superseded:
            // Between the request and the park an operator resumed (go on from the checkpoint)
            // or cancelled (undo).
            if (requestedNow == QLatin1String("cancel")) {
                cancelClaim(ctx, kind);
                return false;
            }
            ctx.m_job.requested.clear();
            return true;
        }
        return false;
    }
    case JobInterrupted::Why::Cancel:
        cancelClaim(ctx, kind);
        return false;
    }
    return false;
}

} // namespace portico::jobs
