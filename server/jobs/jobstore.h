#pragma once
// Every statement of the jobs capability (migration 021): creating and reading jobs, the
// operators' pause, resume and cancel, and the worker's side: claiming under a lease, renewing
// it, checkpointing, entering a step and finishing. Every write a worker makes names the lease
// token of its claim, so once another worker holds the job the old one changes nothing.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <chrono>
#include <optional>

namespace portico::store { class PgConnection; }

namespace portico::jobs {

enum class JobState { Queued, Running, Paused, Succeeded, Failed, Cancelled };
QString jobStateName(JobState s);
std::optional<JobState> parseJobState(const QString &name);
QStringList allJobStates();
[[nodiscard]] inline bool isFinished(JobState s) { return s == JobState::Succeeded || s == JobState::Failed || s == JobState::Cancelled; }

enum class JobAction { Pause, Resume, Cancel };
QString jobActionName(JobAction a);

struct JobProgress
{
    qint64 rowsDone = 0;
    std::optional<qint64> rowsTotal;
    qint64 bytesDone = 0;
    std::optional<qint64> bytesTotal;
};

struct JobRecord
{
    QUuid id;
    QString kind;
    QUuid tenant; // null: a platform job
    JobState state = JobState::Queued;
    QString requested; // "pause", "cancel" or empty
    QJsonObject params;
    int step = 0;
    int stepsTotal = 0;
    QString stepName;
    QJsonObject checkpoint;
    JobProgress progress;
    std::optional<double> rowsPerSecond; // measured over the running step's current run
    QJsonObject result;
    QString error;
    QString startedBy, reason;
    QDateTime createdAt, updatedAt;
    std::optional<QDateTime> startedAt, finishedAt, heartbeatAt;
    QString createdMicros; // createdAt to the microsecond, as stored: what a cursor carries
    QString leaseOwner;
    int attempts = 0;

    // Seconds left at the measured rate, when the totals and a rate are known.
    [[nodiscard]] std::optional<qint64> etaSeconds() const;
};

struct JobStepRecord
{
    int step = 0;
    QString name;
    QDateTime startedAt;
    std::optional<QDateTime> finishedAt;
    int runs = 1;
    qint64 rowsDone = 0, bytesDone = 0;
};

struct NewJob
{
    QString kind;
    QUuid tenant;
    QJsonObject params;
    QStringList steps;
    QString actor;  // "operator:<email>"
    QString reason;
};

// Inserts a queued job and its `job.created` audit entry in one transaction (the caller's, when
// control is in one). 409 job-already-open when the tenant has an unfinished job of that kind.
JobRecord createJob(store::PgConnection &control, const NewJob &job);
std::optional<JobRecord> findJob(store::PgConnection &control, const QUuid &id);
QList<JobStepRecord> jobSteps(store::PgConnection &control, const QUuid &id);

struct JobQuery
{
    QUuid tenant;             // null: every tenant
    QList<JobState> states;   // empty: every state
    QString kind;             // empty: every kind
    std::optional<std::pair<QString, QUuid>> before; // (createdMicros, id) of the previous page's last job
    int limit = 50;
};
// Newest first, at most limit + 1 (one more tells whether there is a next page).
QList<JobRecord> listJobs(store::PgConnection &control, const JobQuery &query);

// An operator's pause, resume or cancel, audited on the job's chain with actor and reason. A
// queued or paused job changes at once; a running one is asked (`requested`) and its worker stops
// at the next checkpoint. Asking again what is already asked or done changes nothing. 404 for an
// unknown job, 409 job-state-conflict when the action does not apply to its state.
JobRecord changeJob(store::PgConnection &control, const QUuid &id, JobAction action, const QString &actor, const QString &reason);

// --- the worker's side ---------------------------------------------------------------------

struct JobClaim
{
    JobRecord job;
    QUuid token;
};
// Claims the oldest runnable job of the given kinds: queued, or running under a lease that has
// expired (its worker died or froze). The claim gets a fresh token and the lease runs for `lease`.
std::optional<JobClaim> claimJob(store::PgConnection &control, const QString &owner, std::chrono::milliseconds lease,
                                 const QStringList &kinds);

enum class LeaseStatus { Held, Lost, PauseRequested, CancelRequested };

// Renews the lease (the heartbeat). Lost when another claim holds the job or it is no longer running.
LeaseStatus renewLease(store::PgConnection &control, const QUuid &id, const QUuid &token, std::chrono::milliseconds lease);
// The running step's state and the job's progress, under the lease (renewing it).
LeaseStatus saveCheckpoint(store::PgConnection &control, const QUuid &id, const QUuid &token, const QJsonObject &checkpoint,
                           const JobProgress &progress, std::optional<double> rowsPerSecond, std::chrono::milliseconds lease);
// Enters step (its name), empties the checkpoint unless the job is resuming in that step, and
// records the step's run and its `job.step` audit entry. False when the lease is lost.
bool enterStep(store::PgConnection &control, const QUuid &id, const QUuid &token, int step, const QString &name);
// The step ended: its timing and what it moved are kept in job_steps.
bool finishStep(store::PgConnection &control, const QUuid &id, const QUuid &token, int step);
enum class EndResult { Ended, Lost, Superseded };
// The job ends (succeeded, failed or cancelled) or parks (paused), with its audit entry; the lease
// is released. Lost when another claim holds the job (then nothing is written). A park is
// Superseded when the pause is no longer what is asked (an operator resumed or cancelled since):
// nothing is written and *requestedNow says what is asked now.
EndResult endJob(store::PgConnection &control, const QUuid &id, const QUuid &token, JobState state, const QJsonObject &result,
                 const QString &error, QString *requestedNow = nullptr);
// Gives the job back without changing its state (the server is stopping, or the database was
// lost): the next claim, here or elsewhere, resumes it after `after`.
bool releaseJob(store::PgConnection &control, const QUuid &id, const QUuid &token, std::chrono::milliseconds after);

} // namespace portico::jobs
