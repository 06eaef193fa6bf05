// The database goes away under load: its backends terminated (pg_terminate_backend), then the
// whole cluster restarted (pg_ctl stop -m fast / start). Client threads keep reading and writing
// and a prober keeps asking /v1/health. Only 200s and 503s with Retry-After, never a 500, never a
// hang (every request is answered); health answers throughout; requests succeed again once the
// database is back (polled with a generous bound, never timed).
#include "tests/support/serverfixture.h"
#include <QMutex>
#include <QThread>
#include <QtTest>
#include <atomic>

using namespace portico::test;

namespace {
struct Tally
{
    QMutex mutex;
    QMap<int, int> statuses; // status -> count (0: no HTTP answer)
    QStringList bad;         // what broke the rules
    int ok = 0;
    void add(const QString &what, const HttpResult &r)
    {
        QMutexLocker lock(&mutex);
        ++statuses[r.status];
        if (r.status >= 200 && r.status < 300)
            ++ok;
        const bool unavailable = r.status == 503 && !r.header("Retry-After").isEmpty()
            && r.header("Content-Type").startsWith("application/problem+json");
        if (!(r.status >= 200 && r.status < 300) && !unavailable && bad.size() < 20)
            bad << QStringLiteral("%1 -> %2 %3").arg(what).arg(r.status).arg(QString::fromUtf8(r.body.left(200)));
    }
};
} // namespace

#ifdef Q_MOC_RUN
// moc sees the declarations only (it mis-reads raw strings holding escapes).
class TestDbFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void terminatedBackends();
    void clusterRestart();
    void hungDatabase();
    void writeCutBeforeCommitRunsAgain();
    void writeLostAtCommitIsNotRepeated();
};
#else
class TestDbFaults : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    TestTenant m_tenant;
    QString m_docId;

    // Runs load (three client threads and a health prober) while fault() runs on this thread.
    void underLoad(Tally &work, Tally &health, const std::function<void()> &fault)
    {
        std::atomic<bool> stop{false};
        QList<QThread *> threads;
        const QUrl base = m_fx.baseUrl();
        const QString tenantToken = m_tenant.token, opToken = m_fx.server().operatorToken(), doc = m_docId;
        for (int t = 0; t < 3; ++t) {
            threads << QThread::create([&, t] {
                HttpTestClient tenant(base, tenantToken), op(base, opToken);
                for (int i = 0; !stop; ++i) {
                    switch ((i + t) % 4) {
                    case 0: work.add(QStringLiteral("list"), tenant.get(QStringLiteral("/v1/documents?limit=5"))); break;
                    case 1: work.add(QStringLiteral("read"), tenant.get(QStringLiteral("/v1/documents/") + doc)); break;
                    case 2:
                        work.add(QStringLiteral("write"), tenant.request("PUT", QStringLiteral("/v1/documents/") + doc,
                                                                          QByteArray(R"({"body":{"n":)") + QByteArray::number(i) + "}}"));
                        break;
                    default: work.add(QStringLiteral("tenants"), op.get(QStringLiteral("/v1/tenants?limit=5"))); break;
                    }
                }
            });
        }
        threads << QThread::create([&] {
            HttpTestClient probe(base);
            while (!stop) {
                const HttpResult r = probe.get(QStringLiteral("/v1/health"));
                QMutexLocker lock(&health.mutex);
                ++health.statuses[r.status];
                if (r.status != 200 && r.status != 503 && health.bad.size() < 20)
                    health.bad << QStringLiteral("health -> %1 %2").arg(r.status).arg(QString::fromUtf8(r.body));
                QThread::msleep(50);
            }
        });
        for (QThread *t : threads)
            t->start();
        fault();
        stop = true;
        for (QThread *t : threads) {
            QVERIFY(t->wait(60000)); // a hung request would hold its thread here
            delete t;
        }
    }

    // Polls until a read and a write both succeed; false after a generous bound.
    bool succeedsAgain()
    {
        auto c = m_fx.client(m_tenant.token);
        for (int i = 0; i < 300; ++i) {
            if (c->get(QStringLiteral("/v1/documents/") + m_docId).status == 200
                && c->request("PUT", QStringLiteral("/v1/documents/") + m_docId, R"({"body":{"back":true}})").status == 200)
                return true;
            QTest::qWait(100);
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        m_tenant = m_fx.makeTenant({QStringLiteral("Faults Co"), QStringLiteral("shared"), {}, {}, QStringLiteral("active"),
                                    QStringLiteral("admin@faults.example"), {}, true});
        QVERIFY2(m_tenant.ok(), qPrintable(m_tenant.error));
        const auto r = m_fx.client(m_tenant.token)->post(QStringLiteral("/v1/documents"),
                                                          {{QStringLiteral("collection"), QStringLiteral("c")}, {QStringLiteral("key"), QStringLiteral("k")},
                                                           {QStringLiteral("body"), QJsonObject{}}});
        QCOMPARE(r.status, 201);
        m_docId = r.json().value(QStringLiteral("id")).toString();
    }

    void terminatedBackends()
    {
        Tally work, health;
        int killed = 0;
        underLoad(work, health, [&] {
            for (int round = 0; round < 5; ++round) {
                QTest::qWait(400);
                killed += m_fx.cluster().psql(QStringLiteral("postgres"),
                                              QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                             "WHERE usename = 'portico_app' AND pid <> pg_backend_pid()")).toInt();
            }
            QTest::qWait(400);
        });
        QVERIFY2(killed > 0, "no backend of the server was terminated: the test proved nothing");
        QVERIFY2(work.bad.isEmpty(), qPrintable(work.bad.join(QLatin1Char('\n'))));
        QVERIFY2(health.bad.isEmpty(), qPrintable(health.bad.join(QLatin1Char('\n'))));
        QVERIFY(work.ok > 0);
        QVERIFY(health.statuses.value(200) > 0);
        QVERIFY(succeedsAgain());
    }

    void clusterRestart()
    {
        Tally work, health;
        underLoad(work, health, [&] {
            QTest::qWait(300);
            QVERIFY(m_fx.cluster().stopServer(QStringLiteral("fast")));
            QTest::qWait(1000); // load against a database that is down
            QVERIFY(m_fx.cluster().startServer());
            QVERIFY(succeedsAgain());
            QTest::qWait(300);
        });
        QVERIFY2(work.bad.isEmpty(), qPrintable(work.bad.join(QLatin1Char('\n'))));
        QVERIFY2(health.bad.isEmpty(), qPrintable(health.bad.join(QLatin1Char('\n'))));
        QVERIFY2(work.statuses.value(503) > 0, "no request saw the database down: the test proved nothing");
        QVERIFY2(health.statuses.value(503) > 0, "health never said the database was down");
        QVERIFY(health.statuses.value(200) > 0);
        QVERIFY(succeedsAgain());
    }

    // Every worker waits on a database that does not answer (all its processes stopped): the
    // I/O threads still read and answer, ping runs inline, health runs on its own lane and says
    // what is wrong; once the database resumes, the waiting requests are answered.
    void hungDatabase()
    {
        const QUrl base = m_fx.baseUrl();
        const QString token = m_tenant.token;
        HttpTestClient flags(base, token);
        QCOMPARE(flags.get(QStringLiteral("/v1/flags/evaluate")).status, 200); // its token is cached now
        QVERIFY2(m_fx.cluster().freeze(true) > 1, "the database's processes were not stopped: the test proved nothing");
        auto thaw = qScopeGuard([this] { m_fx.cluster().freeze(false); });
        Tally stuck;
        QList<QThread *> threads;
        for (int i = 0; i < 8; ++i) // twice the fixture's four workers
            threads << QThread::create([&] {
                HttpTestClient c(base, token);
                stuck.add(QStringLiteral("list while hung"), c.get(QStringLiteral("/v1/documents?limit=5")));
            });
        for (QThread *t : threads)
            t->start();
        QTest::qWait(500); // let them reach the frozen database
        for (QThread *t : threads)
            QVERIFY2(!t->isFinished(), "a request was answered by a frozen database: it never reached it");
        // Every worker waits on the database; flag evaluation needs none of them (Lane::Compute:
        // token cached, limits in memory), so it is answered on the I/O thread all the same.
        const HttpResult evaluated = flags.get(QStringLiteral("/v1/flags/evaluate"));
        QCOMPARE(evaluated.status, 200);
        QVERIFY(evaluated.json().contains(QStringLiteral("flags")));
        HttpTestClient probe(base);
        const HttpResult health = probe.get(QStringLiteral("/v1/health"));
        QCOMPARE(health.status, 503);
        QCOMPARE(health.json().value(QStringLiteral("database")).toString(), QStringLiteral("timeout"));
        QVERIFY(!health.header("Retry-After").isEmpty());
        QCOMPARE(probe.get(QStringLiteral("/v1/ping")).status, 200);
        QVERIFY(m_fx.cluster().freeze(false) > 1);
        thaw.dismiss();
        for (QThread *t : threads) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        QVERIFY2(stuck.bad.isEmpty(), qPrintable(stuck.bad.join(QLatin1Char('\n'))));
        QCOMPARE(stuck.statuses.value(0), 0); // every waiting request got an answer
        QVERIFY(succeedsAgain());
        QCOMPARE(probe.get(QStringLiteral("/v1/health")).status, 200);
    }

    // A trigger kills its own backend the first time it fires (a sequence counts the firings: it
    // is not rolled back with the transaction). The write's transaction never committed, so the
    // server runs the handler again on a fresh connection: one document, two firings, a 201.
    void writeCutBeforeCommitRunsAgain()
    {
        const QString db = m_tenant.placement.value(QStringLiteral("database")).toString();
        QVERIFY(!db.isEmpty());
        QVERIFY(!m_fx.cluster().psql(db, QStringLiteral(
            "CREATE SEQUENCE fault_before_commit; GRANT USAGE ON SEQUENCE fault_before_commit TO PUBLIC;"
            "CREATE FUNCTION fault_kill_before_commit() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
            "  IF nextval('fault_before_commit') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(10); END IF; "
            "  RETURN NEW; END $f$;"
            "CREATE TRIGGER fault_kill_before_commit BEFORE INSERT ON documents FOR EACH ROW "
            "  WHEN (NEW.collection = 'fault-before-commit') EXECUTE FUNCTION fault_kill_before_commit();")).isNull());
        const HttpResult r = m_fx.client(m_tenant.token)->post(QStringLiteral("/v1/documents"),
            {{QStringLiteral("collection"), QStringLiteral("fault-before-commit")}, {QStringLiteral("key"), QStringLiteral("k")}, {QStringLiteral("body"), QJsonObject{}}});
        QCOMPARE(r.status, 201);
        QCOMPARE(m_fx.cluster().psql(db, QStringLiteral("SELECT last_value FROM fault_before_commit")).trimmed(), QStringLiteral("2"));
        QCOMPARE(m_fx.cluster().psql(db, QStringLiteral("SELECT count(*) FROM documents WHERE collection = 'fault-before-commit'")).trimmed(), QStringLiteral("1"));
    }

    // The same kill, but at COMMIT (a deferred constraint trigger): once COMMIT is sent the server
    // cannot know whether it took, so it never runs the write again. The client gets a 503 with
    // Retry-After; here nothing committed, and its own retry then succeeds.
    void writeLostAtCommitIsNotRepeated()
    {
        const QString db = m_tenant.placement.value(QStringLiteral("database")).toString();
        QVERIFY(!m_fx.cluster().psql(db, QStringLiteral(
            "CREATE SEQUENCE fault_at_commit; GRANT USAGE ON SEQUENCE fault_at_commit TO PUBLIC;"
            "CREATE FUNCTION fault_kill_at_commit() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
            "  IF nextval('fault_at_commit') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(10); END IF; "
            "  RETURN NULL; END $f$;"
            "CREATE CONSTRAINT TRIGGER fault_kill_at_commit AFTER INSERT ON documents DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "  WHEN (NEW.collection = 'fault-at-commit') EXECUTE FUNCTION fault_kill_at_commit();")).isNull());
        auto client = m_fx.client(m_tenant.token);
        const QJsonObject doc{{QStringLiteral("collection"), QStringLiteral("fault-at-commit")}, {QStringLiteral("key"), QStringLiteral("k")}, {QStringLiteral("body"), QJsonObject{}}};
        const HttpResult lost = client->post(QStringLiteral("/v1/documents"), doc);
        QCOMPARE(lost.status, 503);
        QCOMPARE(lost.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:database-unavailable"));
        QVERIFY(!lost.header("Retry-After").isEmpty());
        QCOMPARE(m_fx.cluster().psql(db, QStringLiteral("SELECT last_value FROM fault_at_commit")).trimmed(), QStringLiteral("1"));
        QCOMPARE(m_fx.cluster().psql(db, QStringLiteral("SELECT count(*) FROM documents WHERE collection = 'fault-at-commit'")).trimmed(), QStringLiteral("0"));
        QCOMPARE(client->post(QStringLiteral("/v1/documents"), doc).status, 201);
    }
};
#endif

QTEST_GUILESS_MAIN(TestDbFaults)
#include "tst_db_faults.moc"
