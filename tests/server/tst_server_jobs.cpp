// The jobs API through the real server: the list (filters, pages that join up, refusals), one job
// with its steps, and pause, resume and cancel with a required reason, each on the tenant's audit
// chain; actions that do not apply; who may call. The jobs are written as a server would write
// them (this server runs no job of their kind, so they stay where the test puts them); the engine
// that runs jobs is tested in tst_jobs.
#include "tests/support/serverfixture.h"
#include "server/auth/crypto.h"
#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QUuid>

using namespace portico::test;

class TestServerJobs : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    TestTenant m_a, m_b;

    QString addJob(const TestTenant &t, const QString &state, const QString &kind = QStringLiteral("test.route"))
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString finished = state == QLatin1String("succeeded") ? QStringLiteral("now()") : QStringLiteral("NULL");
        // Unfinished jobs of one kind are one per tenant: each unfinished one gets a kind of its own.
        const QString k = state == QLatin1String("succeeded") ? kind : kind + QLatin1Char('.') + id.left(8);
        [&] { QVERIFY(!m_fx.sql(QStringLiteral("INSERT INTO jobs (id, kind, tenant_id, state, steps_total, step_name, rows_done, rows_total, started_by, reason, finished_at) "
                                               "VALUES ('%1', '%2', '%3', '%4', 3, 'copy', 40, 100, 'operator:ops@example.com', 'route test', %5)")
                                    .arg(id, k, t.id, state, finished)).isNull()); }();
        return id;
    }
    HttpResult act(HttpTestClient &c, const QString &id, const char *action, const QByteArray &reason)
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!reason.isNull())
            headers.append({"X-Portico-Reason", reason});
        return c.request("POST", QStringLiteral("/v1/jobs/%1/%2").arg(id, QLatin1String(action)), {}, headers);
    }
    QStringList auditOf(const QString &id)
    {
        return m_fx.sql(QStringLiteral("SELECT string_agg(action || '|' || actor || '|' || reason || '|' || coalesce(tenant_id::text, ''), ',' ORDER BY seq) "
                                       "FROM audit_log WHERE target = 'job/%1'").arg(id)).trimmed().split(QLatin1Char(','), Qt::SkipEmptyParts);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        m_a = m_fx.makeTenant({QStringLiteral("Jobs A"), QStringLiteral("shared")});
        m_b = m_fx.makeTenant({QStringLiteral("Jobs B"), QStringLiteral("schema")});
        QVERIFY2(m_a.ok(), qPrintable(m_a.error));
        QVERIFY2(m_b.ok(), qPrintable(m_b.error));
    }

    void aJobReadsWithItsProgressAndSteps()
    {
        const QString id = addJob(m_a, QStringLiteral("running"));
        m_fx.sql(QStringLiteral("INSERT INTO job_steps (job_id, step, name, finished_at, rows_done) VALUES ('%1', 0, 'preflight', now(), 0), ('%1', 1, 'copy', NULL, 40)").arg(id));
        m_fx.sql(QStringLiteral("UPDATE jobs SET step = 1, rows_per_second = 20 WHERE id = '%1'").arg(id));
        const auto r = m_fx.op().get(QStringLiteral("/v1/jobs/") + id);
        QCOMPARE(r.status, 200);
        const QJsonObject j = r.json();
        QCOMPARE(j.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(j.value(QStringLiteral("tenant_id")).toString(), m_a.id);
        QCOMPARE(j.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(j.value(QStringLiteral("started_by")).toString(), QStringLiteral("operator:ops@example.com"));
        QCOMPARE(j.value(QStringLiteral("reason")).toString(), QStringLiteral("route test"));
        const QJsonObject p = j.value(QStringLiteral("progress")).toObject();
        QCOMPARE(p.value(QStringLiteral("rows_done")).toInteger(), 40);
        QCOMPARE(p.value(QStringLiteral("rows_total")).toInteger(), 100);
        QCOMPARE(p.value(QStringLiteral("eta_seconds")).toInteger(), 3); // 60 rows left at 20 a second
        const QJsonArray steps = j.value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 2);
        QCOMPARE(steps[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("preflight"));
        QVERIFY(steps[0].toObject().value(QStringLiteral("seconds")).isDouble());
        QVERIFY(steps[1].toObject().value(QStringLiteral("finished_at")).isNull());
        QCOMPARE(steps[1].toObject().value(QStringLiteral("rows_done")).toInteger(), 40);

        for (const QString &missing : {QUuid::createUuid().toString(QUuid::WithoutBraces), QStringLiteral("not-a-job")}) {
            const auto none = m_fx.op().get(QStringLiteral("/v1/jobs/") + missing);
            QCOMPARE(none.status, 404);
            QCOMPARE(none.header("content-type"), QByteArray("application/problem+json"));
        }
        m_fx.sql(QStringLiteral("UPDATE jobs SET state = 'failed' WHERE id = '%1'").arg(id));
    }

    void theListFiltersAndItsPagesJoinUp()
    {
        QSet<QString> ofA, ofB;
        for (int i = 0; i < 3; ++i)
            ofA << addJob(m_a, QStringLiteral("succeeded"));
        for (int i = 0; i < 2; ++i)
            ofB << addJob(m_b, QStringLiteral("succeeded"));
        const QString pausedB = addJob(m_b, QStringLiteral("paused"));
        ofB << pausedB;

        QStringList seen;
        QString cursor;
        int pages = 0;
        do {
            const auto r = m_fx.op().get(QStringLiteral("/v1/jobs?limit=2&tenant=") + m_b.id + (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor));
            QCOMPARE(r.status, 200);
            for (const auto v : r.json().value(QStringLiteral("items")).toArray()) {
                QCOMPARE(v.toObject().value(QStringLiteral("tenant_id")).toString(), m_b.id);
                seen << v.toObject().value(QStringLiteral("id")).toString();
            }
            cursor = r.json().value(QStringLiteral("next_cursor")).toString();
            ++pages;
        } while (!cursor.isEmpty() && pages < 10);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()), ofB);
        QCOMPARE(seen.size(), ofB.size());

        const auto paused = m_fx.op().get(QStringLiteral("/v1/jobs?state=paused,queued&limit=500")).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(paused.size(), 1);
        QCOMPARE(paused[0].toObject().value(QStringLiteral("id")).toString(), pausedB);
        const auto byKind = m_fx.op().get(QStringLiteral("/v1/jobs?kind=test.route&tenant=") + m_a.id).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(byKind.size(), 3);

        const auto badState = m_fx.op().get(QStringLiteral("/v1/jobs?state=running,lost"));
        QCOMPARE(badState.status, 422);
        QCOMPARE(badState.json().value(QStringLiteral("field")).toString(), QStringLiteral("state"));
        const auto badTenant = m_fx.op().get(QStringLiteral("/v1/jobs?tenant=acme"));
        QCOMPARE(badTenant.status, 422);
        QCOMPARE(badTenant.json().value(QStringLiteral("field")).toString(), QStringLiteral("tenant"));
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/jobs?cursor=garbage")).status, 400);
        const auto unknown = m_fx.op().get(QStringLiteral("/v1/jobs?colour=red"));
        QCOMPARE(unknown.status, 422);
        QCOMPARE(unknown.json().value(QStringLiteral("field")).toString(), QStringLiteral("colour"));
        m_fx.sql(QStringLiteral("UPDATE jobs SET state = 'cancelled' WHERE id = '%1'").arg(pausedB));
    }

    void pauseResumeAndCancelNeedAReasonAndAreAudited()
    {
        const QString id = addJob(m_a, QStringLiteral("queued"));
        const QString admin = QStringLiteral("operator:") + m_fx.server().adminEmail();

        const auto noReason = act(m_fx.op(), id, "pause", {});
        QCOMPARE(noReason.status, 422);
        QCOMPARE(noReason.json().value(QStringLiteral("field")).toString(), QStringLiteral("reason"));
        QCOMPARE(noReason.header("content-type"), QByteArray("application/problem+json"));
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/jobs/") + id).json().value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        QVERIFY(auditOf(id).isEmpty());

        const auto paused = act(m_fx.op(), id, "pause", "maintenance window");
        QCOMPARE(paused.status, 200);
        QCOMPARE(paused.json().value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
        // The reason may come in the body too.
        const auto resumed = m_fx.op().post(QStringLiteral("/v1/jobs/%1/resume").arg(id), {{QStringLiteral("reason"), QStringLiteral("window closed")}});
        QCOMPARE(resumed.status, 200);
        QCOMPARE(resumed.json().value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        // Never claimed, so nothing to undo: cancelled at once (no worker here knows its kind).
        const auto cancelled = act(m_fx.op(), id, "cancel", "customer withdrew");
        QCOMPARE(cancelled.status, 200);
        QCOMPARE(cancelled.json().value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        QVERIFY(!cancelled.json().value(QStringLiteral("finished_at")).isNull());

        QCOMPARE(auditOf(id), (QStringList{QStringLiteral("job.pause|%1|maintenance window|%2").arg(admin, m_a.id),
                                           QStringLiteral("job.resume|%1|window closed|%2").arg(admin, m_a.id),
                                           QStringLiteral("job.cancel|%1|customer withdrew|%2").arg(admin, m_a.id)}));
        // Ended: a second cancel changes nothing, a pause is a conflict.
        QCOMPARE(act(m_fx.op(), id, "cancel", "again").status, 200);
        QCOMPARE(act(m_fx.op(), id, "pause", "too late").status, 409);
        QCOMPARE(auditOf(id).size(), 3);
        // The tenant's chain still verifies with the new entries.
        const auto verify = m_fx.op().get(QStringLiteral("/v1/audit/verify?tenant=") + m_a.id);
        QCOMPARE(verify.status, 200);
        QVERIFY2(verify.json().value(QStringLiteral("ok")).toBool(), verify.body.constData());
    }

    void actionsThatDoNotApplyAreConflicts()
    {
        const QString id = addJob(m_b, QStringLiteral("succeeded"));
        for (const char *action : {"pause", "resume", "cancel"}) {
            const auto r = act(m_fx.op(), id, action, "too late");
            QCOMPARE(r.status, 409);
            QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:job-state-conflict"));
            QCOMPARE(r.json().value(QStringLiteral("field")).toString(), QStringLiteral("state"));
            QVERIFY(!r.json().value(QStringLiteral("detail")).toString().isEmpty());
        }
        QVERIFY(auditOf(id).isEmpty());
        QCOMPARE(act(m_fx.op(), QUuid::createUuid().toString(QUuid::WithoutBraces), "pause", "nobody").status, 404);
    }

    void onlyOperatorsSeeJobsAndOnlyWritersChangeThem()
    {
        const QString id = addJob(m_a, QStringLiteral("queued"));
        auto tenant = m_fx.client(m_a.token);
        QCOMPARE(tenant->get(QStringLiteral("/v1/jobs")).status, 403);
        QCOMPARE(tenant->get(QStringLiteral("/v1/jobs/") + id).status, 403);
        QCOMPARE(act(*tenant, id, "pause", "mine").status, 403);

        HttpTestClient anonymous(m_fx.baseUrl());
        QVERIFY(!m_fx.sql(QStringLiteral("INSERT INTO operators (id, email, display_name, role, password_hash) "
                                         "VALUES (gen_random_uuid(), 'viewer@portico.test', 'Viewer', 'viewer', '%1')")
                              .arg(portico::auth::hashPassword(QStringLiteral("pw-viewer")))).isNull());
        const auto login = anonymous.post(QStringLiteral("/v1/auth/login"), {{QStringLiteral("email"), QStringLiteral("viewer@portico.test")},
                                                                              {QStringLiteral("password"), QStringLiteral("pw-viewer")}});
        QCOMPARE(login.status, 200);
        HttpTestClient viewer(m_fx.baseUrl(), login.json().value(QStringLiteral("token")).toString());
        QCOMPARE(viewer.get(QStringLiteral("/v1/jobs/") + id).status, 200);
        for (const char *action : {"pause", "resume", "cancel"})
            QCOMPARE(act(viewer, id, action, "probe").status, 403);
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/jobs/") + id).json().value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        QVERIFY(auditOf(id).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestServerJobs)
#include "tst_server_jobs.moc"
