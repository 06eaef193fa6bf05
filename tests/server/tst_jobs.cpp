// The job engine against a real PostgreSQL: jobs run to their end through their steps, a job
// whose worker died is taken over when its lease expires and resumes from its checkpoint, a
// worker that lost its lease writes nothing more, two runners never run one job, pause stops at a
// checkpoint and resume goes on from it, cancel undoes what the steps made, a stopping runner gives
// its jobs back, a lost database connection does not fail a job, and every transition is on the
// tenant's audit chain with its actor and reason.
//
// The kind here (test.count) is the smallest one that shows all of that: its first step writes
// numbered units into a table with a checkpoint every few units (a unit written again counts its
// writes), its second writes a seal.
#include "core/problem.h"
#include "server/jobs/jobrunner.h"
#include "server/jobs/jobstore.h"
#include "server/problems.h"
#include "server/store/database.h"
#include "server/store/pg.h"
#include "server/store/schema.h"
#include "tests/support/pgcluster.h"
#include <QJsonArray>
#include <QTest>
#include <thread>

using namespace portico;
using namespace portico::test;
using namespace std::chrono_literals;

namespace {

class CountKind : public jobs::JobKind
{
public:
    QString name() const override { return QStringLiteral("test.count"); }
    QStringList steps(const QJsonObject &) const override { return {QStringLiteral("count"), QStringLiteral("seal")}; }
    void run(int step, jobs::JobContext &ctx) override
    {
        const QUuid id = ctx.job().id;
        const int units = ctx.job().params.value(QStringLiteral("units")).toInt();
        const int delayMs = ctx.job().params.value(QStringLiteral("delay_ms")).toInt();
        if (step == 1) {
            ctx.db().control()->exec(QStringLiteral("INSERT INTO job_test_units (job_id, n, worker) VALUES ($1, 0, $2)"), {id, ctx.job().leaseOwner});
            ctx.setResult({{QStringLiteral("units"), units}});
            return;
        }
        int last = ctx.savedCheckpoint().value(QStringLiteral("last")).toInt();
        while (last < units) {
            ctx.ensureHeld();
            ++last;
            // Idempotent, as a step must be between checkpoints; `writes` shows a unit done twice.
            ctx.db().control()->exec(QStringLiteral("INSERT INTO job_test_units AS u (job_id, n, worker) VALUES ($1, $2, $3) "
                                                    "ON CONFLICT (job_id, n) DO UPDATE SET writes = u.writes + 1"),
                                     {id, last, ctx.job().leaseOwner});
            if (delayMs > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
            if (last % 5 == 0 || last == units)
                ctx.checkpoint({{QStringLiteral("last"), last}}, {last, units, qint64(last) * 100, qint64(units) * 100});
        }
    }
    void undo(jobs::JobContext &ctx) override
    {
        ctx.db().control()->exec(QStringLiteral("DELETE FROM job_test_units WHERE job_id = $1"), {ctx.job().id});
    }
};

} // namespace

class TestJobs : public QObject
{
    Q_OBJECT
    PgCluster m_cluster;
    QString m_database;
    std::unique_ptr<store::Database> m_db;
    QUuid m_tenant = QUuid::createUuid();

    QString sql(const QString &statement) const { return m_cluster.psql(m_database, statement); }
    qint64 scalar(const QString &statement) const { return sql(statement).trimmed().toLongLong(); }

    std::unique_ptr<jobs::JobRunner> runner(const QString &name, std::chrono::milliseconds lease = 10000ms)
    {
        jobs::JobRunner::Options o;
        o.workers = 2;
        o.lease = lease;
        o.poll = 100ms;
        o.retryAfter = 100ms;
        auto r = std::make_unique<jobs::JobRunner>(*m_db, name, o);
        r->addKind(std::make_unique<CountKind>());
        return r;
    }

    jobs::JobRecord create(int units, int delayMs = 0, const QUuid &tenant = {})
    {
        jobs::NewJob j{QStringLiteral("test.count"), tenant.isNull() ? QUuid::createUuid() : tenant,
                       {{QStringLiteral("units"), units}, {QStringLiteral("delay_ms"), delayMs}},
                       CountKind().steps({}), QStringLiteral("operator:ops@example.com"), QStringLiteral("testing the engine")};
        // Each job gets a tenant of its own unless told: one open job of a kind per tenant.
        sql(QStringLiteral("INSERT INTO tenants (id, slug, name, state, plan, region) VALUES ('%1', 't-%2', 'T', 'active', 'pro', 'us-east') "
                           "ON CONFLICT DO NOTHING").arg(idToString(j.tenant), idToString(j.tenant).left(8)));
        return jobs::createJob(*m_db->control(), j);
    }
    jobs::JobRecord job(const QUuid &id) { return *jobs::findJob(*m_db->control(), id); }
    bool waitForState(const QUuid &id, jobs::JobState state, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] { return job(id).state == state; }, timeoutMs);
    }
    qint64 units(const QUuid &id) const { return scalar(QStringLiteral("SELECT count(*) FROM job_test_units WHERE job_id = '%1' AND n > 0").arg(idToString(id))); }
    qint64 redone(const QUuid &id) const { return scalar(QStringLiteral("SELECT coalesce(sum(writes - 1), 0) FROM job_test_units WHERE job_id = '%1'").arg(idToString(id))); }
    QStringList auditActions(const QUuid &id) const
    {
        return sql(QStringLiteral("SELECT string_agg(action || '|' || actor || '|' || reason, ',' ORDER BY seq) FROM audit_log WHERE target = 'job/%1'")
                       .arg(idToString(id))).trimmed().split(QLatin1Char(','));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
        m_database = m_cluster.newDatabaseName();
        const QList<store::Cluster> clusters{{QStringLiteral("home"), QStringLiteral("us-east"), m_cluster.socketDir(), m_cluster.port()}};
        m_db = std::make_unique<store::Database>(clusters, m_database);
        store::bootstrapCluster(m_db->config(clusters.first(), QStringLiteral("postgres"), m_cluster.superuser()), {m_database});
        store::migrateControl(m_db->controlConfig(QString::fromLatin1(store::kOwnerRole)));
        QVERIFY(!sql(QStringLiteral("CREATE TABLE job_test_units (job_id uuid, n int, worker text, writes int NOT NULL DEFAULT 1, PRIMARY KEY (job_id, n));"
                                    "GRANT ALL ON job_test_units TO portico_app")).isNull());
    }

    void aJobRunsItsStepsToTheEnd()
    {
        const auto created = create(12);
        QCOMPARE(created.state, jobs::JobState::Queued);
        QCOMPARE(created.stepsTotal, 2);
        auto r = runner(QStringLiteral("a"));
        r->start();
        QVERIFY(waitForState(created.id, jobs::JobState::Succeeded));
        const auto done = job(created.id);
        QCOMPARE(done.step, 2);
        QCOMPARE(done.progress.rowsDone, 12);
        QCOMPARE(done.progress.rowsTotal, 12);
        QCOMPARE(done.result.value(QStringLiteral("units")).toInt(), 12);
        QCOMPARE(done.attempts, 1);
        QVERIFY(done.finishedAt.has_value());
        QVERIFY(done.leaseOwner.isEmpty());
        QCOMPARE(units(created.id), 12);
        const auto steps = jobs::jobSteps(*m_db->control(), created.id);
        QCOMPARE(steps.size(), 2);
        for (const auto &s : steps) {
            QVERIFY(s.finishedAt.has_value());
            QCOMPARE(s.runs, 1);
        }
        QCOMPARE(steps[0].rowsDone, 12);
        // On the tenant's chain: who started it and why, then the engine's entries with the same reason.
        QCOMPARE(auditActions(created.id),
                 (QStringList{QStringLiteral("job.created|operator:ops@example.com|testing the engine"),
                              QStringLiteral("job.step|system|testing the engine"), QStringLiteral("job.step|system|testing the engine"),
                              QStringLiteral("job.succeeded|system|testing the engine")}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT chain) FROM audit_log WHERE target = 'job/%1' AND tenant_id = '%2'")
                            .arg(idToString(created.id), idToString(created.tenant))), 1);
    }

    // A worker that claimed the job, checkpointed at unit 10 and died: after its lease expires a
    // runner takes the job over and goes on from unit 11 (a unit written again would fail the job).
    void anExpiredLeaseIsTakenOverAndResumesFromItsCheckpoint()
    {
        const auto created = create(30);
        auto dead = jobs::claimJob(*m_db->control(), QStringLiteral("dead"), 300ms, {QStringLiteral("test.count")});
        QVERIFY(dead);
        QCOMPARE(dead->job.id, created.id);
        QVERIFY(jobs::enterStep(*m_db->control(), created.id, dead->token, 0, QStringLiteral("count")));
        sql(QStringLiteral("INSERT INTO job_test_units SELECT '%1', n, 'dead' FROM generate_series(1, 10) n").arg(idToString(created.id)));
        QCOMPARE(jobs::saveCheckpoint(*m_db->control(), created.id, dead->token, {{QStringLiteral("last"), 10}}, {10, 30, 0, {}}, {}, 300ms),
                 jobs::LeaseStatus::Held);

        auto r = runner(QStringLiteral("b"));
        r->start();
        QVERIFY(waitForState(created.id, jobs::JobState::Succeeded));
        const auto done = job(created.id);
        QCOMPARE(done.attempts, 2);
        QCOMPARE(units(created.id), 30);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM job_test_units WHERE job_id = '%1' AND worker = 'dead'").arg(idToString(created.id))), 10);
        QCOMPARE(scalar(QStringLiteral("SELECT min(n) FROM job_test_units WHERE job_id = '%1' AND worker = 'b'").arg(idToString(created.id))), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT min(n) FROM job_test_units WHERE job_id = '%1' AND worker = 'b' AND n > 0").arg(idToString(created.id))), 11);
        QCOMPARE(redone(created.id), 0);
        const auto steps = jobs::jobSteps(*m_db->control(), created.id);
        QCOMPARE(steps.size(), 2);
        QCOMPARE(steps[0].runs, 2); // entered by the dead worker, then again by b
        QCOMPARE(steps[1].runs, 1);
    }

    // The old claim, frozen past its lease while another claim took the job, can change nothing:
    // no checkpoint, no renewal, no step, no end, no release.
    void aFrozenOwnerLosesTheJobAndWritesNothingMore()
    {
        const auto created = create(10);
        auto frozen = jobs::claimJob(*m_db->control(), QStringLiteral("frozen"), 200ms, {QStringLiteral("test.count")});
        QVERIFY(frozen);
        QVERIFY(jobs::enterStep(*m_db->control(), created.id, frozen->token, 0, QStringLiteral("count")));
        QCOMPARE(jobs::saveCheckpoint(*m_db->control(), created.id, frozen->token, {{QStringLiteral("last"), 5}}, {5, 10, 0, {}}, {}, 200ms),
                 jobs::LeaseStatus::Held);
        QVERIFY(QTest::qWaitFor([&] { return jobs::claimJob(*m_db->control(), QStringLiteral("next"), 60000ms, {QStringLiteral("test.count")}).has_value(); }, 10000));
        const auto taken = job(created.id);
        QCOMPARE(taken.leaseOwner, QStringLiteral("next"));
        QCOMPARE(taken.attempts, 2);

        auto control = m_db->control();
        QCOMPARE(jobs::renewLease(*control, created.id, frozen->token, 60000ms), jobs::LeaseStatus::Lost);
        QCOMPARE(jobs::saveCheckpoint(*control, created.id, frozen->token, {{QStringLiteral("last"), 9}}, {9, 10, 0, {}}, {}, 60000ms),
                 jobs::LeaseStatus::Lost);
        QVERIFY(!jobs::enterStep(*control, created.id, frozen->token, 1, QStringLiteral("seal")));
        QVERIFY(!jobs::finishStep(*control, created.id, frozen->token, 0));
        QCOMPARE(jobs::endJob(*control, created.id, frozen->token, jobs::JobState::Succeeded, {}, {}), jobs::EndResult::Lost);
        QVERIFY(!jobs::releaseJob(*control, created.id, frozen->token, 0ms));
        const auto after = job(created.id);
        QCOMPARE(after.state, jobs::JobState::Running);
        QCOMPARE(after.leaseOwner, QStringLiteral("next"));
        QCOMPARE(after.step, 0);
        QCOMPARE(after.checkpoint.value(QStringLiteral("last")).toInt(), 5);
        QCOMPARE(after.progress.rowsDone, 5);
        QCOMPARE(after.heartbeatAt, taken.heartbeatAt);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM job_steps WHERE job_id = '%1' AND finished_at IS NOT NULL").arg(idToString(created.id))), 0);
        // Cleared for the other cases: the "next" claim is nobody's.
        sql(QStringLiteral("UPDATE jobs SET state = 'cancelled', lease_token = NULL WHERE id = '%1'").arg(idToString(created.id)));
    }

    // A pause that an operator took back (resume) or turned into a cancel before the worker parked
    // the job: the park writes nothing and says what is asked now.
    void aParkThatWasOvertakenWritesNothing()
    {
        const auto created = create(10);
        const QString op = QStringLiteral("operator:ops@example.com");
        auto claim = jobs::claimJob(*m_db->control(), QStringLiteral("w"), 60000ms, {QStringLiteral("test.count")});
        QVERIFY(claim);
        QCOMPARE(claim->job.id, created.id);
        jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Pause, op, QStringLiteral("p"));
        jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Resume, op, QStringLiteral("r"));
        QString now = QStringLiteral("unset");
        QCOMPARE(jobs::endJob(*m_db->control(), created.id, claim->token, jobs::JobState::Paused, {}, {}, &now), jobs::EndResult::Superseded);
        QVERIFY(now.isEmpty());
        QCOMPARE(job(created.id).state, jobs::JobState::Running);
        jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Pause, op, QStringLiteral("p"));
        jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Cancel, op, QStringLiteral("c"));
        QCOMPARE(jobs::endJob(*m_db->control(), created.id, claim->token, jobs::JobState::Paused, {}, {}, &now), jobs::EndResult::Superseded);
        QCOMPARE(now, QStringLiteral("cancel"));
        QCOMPARE(job(created.id).requested, QStringLiteral("cancel"));
        QCOMPARE(jobs::endJob(*m_db->control(), created.id, claim->token, jobs::JobState::Cancelled, {}, {}), jobs::EndResult::Ended);
        QCOMPARE(job(created.id).state, jobs::JobState::Cancelled);
    }

    // Two runners, eight jobs: every job ran once, start to end, on one worker.
    void twoRunnersNeverShareAJob()
    {
        auto a = runner(QStringLiteral("a"));
        auto b = runner(QStringLiteral("b"));
        a->start();
        b->start();
        // Long enough (20 units of 20 ms) that a's two workers cannot drain the queue alone.
        QList<QUuid> ids;
        for (int i = 0; i < 8; ++i)
            ids << create(20, 20).id;
        for (const QUuid &id : ids)
            QVERIFY(waitForState(id, jobs::JobState::Succeeded));
        for (const QUuid &id : ids) {
            QCOMPARE(job(id).attempts, 1);
            QCOMPARE(units(id), 20);
            QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT worker) FROM job_test_units WHERE job_id = '%1'").arg(idToString(id))), 1);
        }
        for (const QUuid &id : ids)
            QCOMPARE(redone(id), 0);
        // Both instances worked.
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT worker) FROM job_test_units WHERE n = 0 AND job_id IN (SELECT id FROM jobs WHERE params->>'delay_ms' = '20')")), 2);
    }

    void pauseStopsAtACheckpointAndResumeGoesOnFromIt()
    {
        const auto created = create(200, 10);
        auto r = runner(QStringLiteral("a"));
        r->start();
        QVERIFY(QTest::qWaitFor([&] { return job(created.id).progress.rowsDone >= 10; }, 30000));
        const auto paused = jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Pause, QStringLiteral("operator:ops@example.com"),
                                            QStringLiteral("peak hours"));
        QCOMPARE(paused.requested, QStringLiteral("pause"));
        QVERIFY(waitForState(created.id, jobs::JobState::Paused));
        const auto atPause = job(created.id);
        QVERIFY(atPause.leaseOwner.isEmpty());
        QVERIFY(atPause.progress.rowsDone < 200);
        // Stopped at the checkpoint: the units written are the checkpoint's, and no more come.
        const qint64 written = units(created.id);
        QCOMPARE(written, qint64(atPause.checkpoint.value(QStringLiteral("last")).toInt()));
        QTest::qWait(300);
        QCOMPARE(units(created.id), written);
        QCOMPARE(job(created.id).state, jobs::JobState::Paused);

        QCOMPARE(jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Resume, QStringLiteral("operator:ops@example.com"),
                                 QStringLiteral("peak is over")).state, jobs::JobState::Queued);
        r->wake();
        QVERIFY(waitForState(created.id, jobs::JobState::Succeeded, 60000));
        QCOMPARE(job(created.id).attempts, 2); // one claim before the pause, one after
        QCOMPARE(units(created.id), 200);
        QCOMPARE(redone(created.id), 0);
        const QStringList actions = auditActions(created.id);
        QVERIFY(actions.contains(QStringLiteral("job.pause|operator:ops@example.com|peak hours")));
        QVERIFY(actions.contains(QStringLiteral("job.paused|system|testing the engine")));
        QVERIFY(actions.contains(QStringLiteral("job.resume|operator:ops@example.com|peak is over")));
        QCOMPARE(actions.last(), QStringLiteral("job.succeeded|system|testing the engine"));
    }

    void cancelUndoesWhatTheStepsMade()
    {
        const auto created = create(500, 10);
        auto r = runner(QStringLiteral("a"));
        r->start();
        QVERIFY(QTest::qWaitFor([&] { return units(created.id) >= 10; }, 30000));
        jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Cancel, QStringLiteral("operator:ops@example.com"), QStringLiteral("wrong tenant"));
        QVERIFY(waitForState(created.id, jobs::JobState::Cancelled));
        QCOMPARE(units(created.id), 0);
        QVERIFY(job(created.id).finishedAt.has_value());
        const QStringList actions = auditActions(created.id);
        QVERIFY(actions.contains(QStringLiteral("job.cancel|operator:ops@example.com|wrong tenant")));
        QCOMPARE(actions.last(), QStringLiteral("job.cancelled|system|testing the engine"));

        // A paused job has no worker: cancelling it hands it to one, to undo, then it ends cancelled.
        const auto pausedJob = create(500, 10);
        QVERIFY(QTest::qWaitFor([&] { return units(pausedJob.id) >= 5; }, 30000));
        jobs::changeJob(*m_db->control(), pausedJob.id, jobs::JobAction::Pause, QStringLiteral("operator:ops@example.com"), QStringLiteral("hold"));
        QVERIFY(waitForState(pausedJob.id, jobs::JobState::Paused));
        QVERIFY(units(pausedJob.id) > 0);
        jobs::changeJob(*m_db->control(), pausedJob.id, jobs::JobAction::Cancel, QStringLiteral("operator:ops@example.com"), QStringLiteral("not needed"));
        r->wake();
        QVERIFY(waitForState(pausedJob.id, jobs::JobState::Cancelled));
        QCOMPARE(units(pausedJob.id), 0);
    }

    void actionsThatDoNotApplyAreRefused()
    {
        // No runner: the job stays queued.
        const auto created = create(5);
        const QString op = QStringLiteral("operator:ops@example.com");
        QCOMPARE(jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Resume, op, QStringLiteral("r")).state, jobs::JobState::Queued);
        QCOMPARE(jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Pause, op, QStringLiteral("r")).state, jobs::JobState::Paused);
        QCOMPARE(jobs::changeJob(*m_db->control(), created.id, jobs::JobAction::Pause, op, QStringLiteral("r")).state, jobs::JobState::Paused);
        // Two pauses, one entry: asking again what is done changes nothing.
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE target = 'job/%1' AND action = 'job.pause'").arg(idToString(created.id))), 1);
        // A job being cancelled is neither paused nor resumed (it would run again), and asking
        // again to cancel changes nothing. Never claimed, it is cancelled at once.
        const auto beingCancelled = create(5);
        QCOMPARE(jobs::changeJob(*m_db->control(), beingCancelled.id, jobs::JobAction::Cancel, op, QStringLiteral("r")).state, jobs::JobState::Cancelled);
        sql(QStringLiteral("UPDATE jobs SET state = 'paused', requested = 'cancel', attempts = 1, finished_at = NULL WHERE id = '%1'").arg(idToString(beingCancelled.id)));
        for (auto action : {jobs::JobAction::Pause, jobs::JobAction::Resume}) {
            try {
                jobs::changeJob(*m_db->control(), beingCancelled.id, action, op, QStringLiteral("r"));
                QFAIL("a job being cancelled was paused or resumed");
            } catch (const ProblemException &e) {
                QCOMPARE(e.problem().type, QString::fromLatin1(problem::JobStateConflict));
            }
        }
        QCOMPARE(jobs::changeJob(*m_db->control(), beingCancelled.id, jobs::JobAction::Cancel, op, QStringLiteral("again")).requested, QStringLiteral("cancel"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE target = 'job/%1' AND action = 'job.cancel'").arg(idToString(beingCancelled.id))), 1);
        sql(QStringLiteral("UPDATE jobs SET state = 'cancelled' WHERE id = '%1'").arg(idToString(beingCancelled.id)));
        // A second unfinished job of the kind for the tenant is refused.
        try {
            create(5, 0, created.tenant);
            QFAIL("a second open job of one kind for one tenant was accepted");
        } catch (const ProblemException &e) {
            QCOMPARE(e.problem().status, 409);
            QCOMPARE(e.problem().type, QString::fromLatin1(problem::JobAlreadyOpen));
        }
        sql(QStringLiteral("UPDATE jobs SET state = 'succeeded' WHERE id = '%1'").arg(idToString(created.id)));
        for (auto action : {jobs::JobAction::Pause, jobs::JobAction::Resume, jobs::JobAction::Cancel}) {
            try {
                jobs::changeJob(*m_db->control(), created.id, action, op, QStringLiteral("r"));
                QFAIL(qPrintable(QStringLiteral("%1 of a finished job was accepted").arg(jobs::jobActionName(action))));
            } catch (const ProblemException &e) {
                QCOMPARE(e.problem().status, 409);
                QCOMPARE(e.problem().type, QString::fromLatin1(problem::JobStateConflict));
                QCOMPARE(e.problem().field, QStringLiteral("state"));
            }
        }
        // Once the job is finished, the tenant may have another.
        QCOMPARE(create(5, 0, created.tenant).state, jobs::JobState::Queued);
        try {
            jobs::changeJob(*m_db->control(), QUuid::createUuid(), jobs::JobAction::Pause, op, QStringLiteral("r"));
            QFAIL("an unknown job was paused");
        } catch (const ProblemException &e) {
            QCOMPARE(e.problem().status, 404);
        }
        sql(QStringLiteral("UPDATE jobs SET state = 'cancelled' WHERE state = 'queued'"));
    }

    // A runner that stops gives its running job back at the next checkpoint; another one resumes it at once.
    void aStoppingRunnerGivesItsJobBack()
    {
        const auto created = create(120, 10);
        auto a = runner(QStringLiteral("a"), 60000ms); // a lease that would outlive the test: only the release frees the job
        a->start();
        QVERIFY(QTest::qWaitFor([&] { return job(created.id).progress.rowsDone >= 10; }, 30000));
        a->stop();
        const auto given = job(created.id);
        QCOMPARE(given.state, jobs::JobState::Running);
        QVERIFY(given.leaseOwner.isEmpty());
        QVERIFY(given.progress.rowsDone < 120);
        auto b = runner(QStringLiteral("b"));
        b->start();
        QVERIFY(waitForState(created.id, jobs::JobState::Succeeded, 60000));
        QCOMPARE(job(created.id).attempts, 2);
        QCOMPARE(units(created.id), 120);
        QCOMPARE(redone(created.id), 0); // given back at a checkpoint: nothing to do twice
        QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM job_test_units WHERE job_id = '%1' AND worker = 'b'").arg(idToString(created.id))) > 0);
    }

    // The runner's database connections terminated under it: the job is not failed.
    void aLostConnectionDoesNotFailTheJob()
    {
        const auto created = create(150, 10);
        auto r = runner(QStringLiteral("a"));
        r->start();
        QVERIFY(QTest::qWaitFor([&] { return job(created.id).progress.rowsDone >= 10; }, 30000));
        // Terminated twice while the job runs: whether a statement was cut off in flight (the job
        // is given back and resumed) or the pool noticed the loss first (fresh connections), the
        // job ends as it would have.
        for (int i = 0; i < 2; ++i) {
            QVERIFY(scalar(QStringLiteral("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                                          "WHERE usename = 'portico_app' AND datname = current_database()")) > 0);
            QTest::qWait(200);
        }
        QVERIFY(waitForState(created.id, jobs::JobState::Succeeded, 60000));
        QCOMPARE(units(created.id), 150);
        QVERIFY(redone(created.id) <= 10); // at most what followed the last checkpoint (every 5 units), each time
        QVERIFY(job(created.id).error.isEmpty());
    }

    void cleanupTestCase()
    {
        m_db.reset();
        m_cluster.stop();
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
