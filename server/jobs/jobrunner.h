#pragma once
// The job engine's worker side, one per server instance: a few threads that claim jobs from the
// control plane (any instance may run any job), run their steps and end them, and one heartbeat
// thread that renews the leases of the jobs this instance runs. A kind of job says what its steps
// are and runs one at a time; a step saves a checkpoint as it goes (JobContext::checkpoint), which
// is also where it learns that it must stop: the lease was lost, an operator asked to pause or
// cancel, or the server is stopping.

#include "server/jobs/jobstore.h"
#include <QHash>
#include <QMutex>
#include <QString>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace portico::store { class Database; }

namespace portico::jobs {

class JobContext;

// What a step throws (through JobContext) when it must stop before its end.
struct JobInterrupted
{
    enum class Why { LeaseLost, Pause, Cancel, Stopping } why;
};

class JobKind
{
public:
    virtual ~JobKind() = default;
    [[nodiscard]] virtual QString name() const = 0;
    // The steps of a job with these params, in order; fixed when the job is created.
    [[nodiscard]] virtual QStringList steps(const QJsonObject &params) const = 0;
    // Runs step (an index into steps()) to its end. Resumed after a crash, it starts again from
    // ctx.savedCheckpoint() of the same step, so whatever it does before its next checkpoint it
    // must be able to do twice.
    virtual void run(int step, JobContext &ctx) = 0;
    // After a cancel or a failure: removes what the steps created, leaving what was there before.
    // Runs under the lease too; it may be run again after a crash.
    virtual void undo(JobContext &) {}
};

class JobContext
{
public:
    [[nodiscard]] const JobRecord &job() const { return m_job; }
    [[nodiscard]] store::Database &db() const { return m_db; }
    // The state the running step saved last (empty when it starts afresh).
    [[nodiscard]] const QJsonObject &savedCheckpoint() const { return m_job.checkpoint; }
    // Saves the step's state and the job's progress under the lease. Throws JobInterrupted when
    // the job must stop here (the checkpoint is saved first, unless the lease is lost).
    void checkpoint(const QJsonObject &state, const JobProgress &progress);
    // Renews the lease, or throws JobInterrupted when it is lost: for a step about to write
    // outside the control plane, which a worker that lost its lease must not do.
    void ensureHeld();
    // What the job answers when it succeeds (kept in jobs.result).
    void setResult(const QJsonObject &result);

private:
    friend class JobRunner;
    JobContext(store::Database &db, JobClaim claim, std::chrono::milliseconds lease, const std::atomic<bool> &stopping)
        : m_db(db), m_job(std::move(claim.job)), m_token(claim.token), m_lease(lease), m_stopping(stopping) {}
    void apply(LeaseStatus status);

    store::Database &m_db;
    JobRecord m_job;
    QUuid m_token;
    std::chrono::milliseconds m_lease;
    const std::atomic<bool> &m_stopping;
    // What the heartbeat learned last; shared with it, so it never touches this context itself.
    std::shared_ptr<std::atomic<int>> m_heard = std::make_shared<std::atomic<int>>(int(LeaseStatus::Held));
    qint64 m_runStartedMs = 0;
    qint64 m_rowsAtRunStart = -1;
    bool m_undoing = false; // pause and cancel requests are not heard while undoing
    QJsonObject m_result;
};

class JobRunner
{
public:
    struct Options
    {
        int workers = 2;
        std::chrono::milliseconds lease{15000};
        std::chrono::milliseconds poll{2000};    // claims are tried this often even without a notification
        std::chrono::milliseconds retryAfter{3000}; // a job given back after a lost database is claimable again after this
    };
    JobRunner(store::Database &db, QString instance, Options options);
    JobRunner(store::Database &db, QString instance) : JobRunner(db, std::move(instance), Options{}) {}
    ~JobRunner();
    JobRunner(const JobRunner &) = delete;
    JobRunner &operator=(const JobRunner &) = delete;

    // Before start(); the runner owns its kinds.
    void addKind(std::unique_ptr<JobKind> kind);
    [[nodiscard]] JobKind *kind(const QString &name) const;
    void start();
    // Running jobs stop at their next checkpoint and are given back, to be resumed by the next claim.
    void stop();
    // A job may be claimable now (a notification on portico_jobs, a job just created).
    void wake();
    [[nodiscard]] const QString &instance() const { return m_instance; }

private:
    void work();
    void heartbeat();
    void runClaim(JobClaim claim);
    // True when the job goes on running in this claim (a resume arrived while it was pausing).
    bool stopClaim(JobContext &ctx, JobKind &kind, JobInterrupted::Why why);
    void cancelClaim(JobContext &ctx, JobKind &kind);

    store::Database &m_db;
    QString m_instance;
    Options m_options;
    QHash<QString, std::shared_ptr<JobKind>> m_kinds;
    QStringList m_kindNames;
    std::vector<std::thread> m_threads;
    std::thread m_heartbeatThread;
    std::atomic<bool> m_stopping{false};
    // The heartbeat stops after the workers: a step finishing its last stretch keeps its lease.
    std::atomic<bool> m_heartbeatStopping{false};
    std::mutex m_wakeMutex;
    std::condition_variable m_wakeUp;
    bool m_woken = false;
    QMutex m_runningMutex;
    struct Running
    {
        QUuid id;
        std::shared_ptr<std::atomic<int>> heard;
    };
    QHash<QUuid, Running> m_running; // by claim token: the claims this instance runs now, for the heartbeat
};

} // namespace portico::jobs
