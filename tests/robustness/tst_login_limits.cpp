// Login limits on a real server: waits after failed logins (the same for unknown emails), a success
// after the wait, other accounts unaffected, bounded audit volume, a login flood that gets "busy"
// answers rather than queueing on the request workers, and refusals held back (a tarpit) without
// holding a worker while they wait.
#include "tests/support/serverfixture.h"
#include <QElapsedTimer>
#include <QJsonObject>
#include <QTest>
#include <QThread>
#include <atomic>
#include <memory>
#include <vector>

using namespace portico::test;

class TestLoginLimits : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;

    HttpResult login(const QString &email, const QString &password)
    {
        auto c = m_fx.client();
        return c->post(QStringLiteral("/v1/auth/login"), {{QStringLiteral("email"), email}, {QStringLiteral("password"), password}});
    }
    int auditCount(const QString &email)
    {
        return m_fx.sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'operator.login_failed' AND details->>'email' = '%1'").arg(email)).trimmed().toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Refusals answered at once here (no hold), so the cases below count them quickly; the
        // hold has its own server in the last case.
        QVERIFY2(m_fx.start({QStringLiteral("--login-free-failures"), QStringLiteral("3"), QStringLiteral("--login-base-delay-ms"), QStringLiteral("400"),
                             QStringLiteral("--login-refusal-hold-ms"), QStringLiteral("0")}),
                 qPrintable(m_fx.errorString()));
    }

    void failuresThenAWaitThenTheRightPasswordWorks()
    {
        const QString email = m_fx.server().adminEmail();
        for (int i = 0; i < 3; ++i)
            QCOMPARE(login(email, QStringLiteral("wrong")).status, 401);
        const auto held = login(email, m_fx.server().adminPassword()); // even the right one waits: no free guesses
        QCOMPARE(held.status, 429);
        QCOMPARE(held.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:login-throttled"));
        QVERIFY(held.header("content-type").startsWith("application/problem+json"));
        QVERIFY(held.header("retry-after").toInt() >= 1);
        QVERIFY(!held.json().value(QStringLiteral("detail")).toString().isEmpty());

        QThread::msleep(1000 * held.header("retry-after").toInt());
        int status = 0;
        for (int tries = 0; tries < 40 && status != 200; ++tries) { // generous: the wait is short but the machine may be busy
            status = login(email, m_fx.server().adminPassword()).status;
            if (status != 200)
                QThread::msleep(250);
        }
        QCOMPARE(status, 200);
        QCOMPARE(login(email, QStringLiteral("wrong")).status, 401); // the success cleared the count
    }

    void unknownEmailsGetTheSameAnswerAndOthersAreNotHeld()
    {
        for (int i = 0; i < 3; ++i)
            QCOMPARE(login(QStringLiteral("nobody@portico.test"), QStringLiteral("wrong")).status, 401);
        const auto held = login(QStringLiteral("nobody@portico.test"), QStringLiteral("wrong"));
        QCOMPARE(held.status, 429);
        QCOMPARE(held.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:login-throttled"));
        QCOMPARE(login(QStringLiteral("someone-else@portico.test"), QStringLiteral("wrong")).status, 401);
    }

    void repeatedFailuresAreFoldedInTheAuditLog()
    {
        const QString email = QStringLiteral("guessed@portico.test");
        int refused = 0;
        for (int i = 0; i < 30; ++i)
            refused += login(email, QStringLiteral("guess-%1").arg(i)).status == 429;
        QVERIFY(refused >= 20);
        QCOMPARE(auditCount(email), 3); // the free failures; the refused tries are only counted
        // The next failure after the wait is written with the count of what was not.
        HttpResult r;
        for (int tries = 0; tries < 40; ++tries) {
            r = login(email, QStringLiteral("one-more"));
            if (r.status != 429)
                break;
            QThread::msleep(250);
        }
        QCOMPARE(r.status, 401);
        QCOMPARE(auditCount(email), 4);
        const int folded = m_fx.sql(QStringLiteral("SELECT details->>'not_audited_since_last' FROM audit_log WHERE action = 'operator.login_failed' "
                                                   "AND details->>'email' = '%1' ORDER BY id DESC LIMIT 1").arg(email)).trimmed().toInt();
        QVERIFY2(folded >= refused, qPrintable(QString::number(folded)));
    }

    void aLoginFloodIsAnsweredBusyNotQueued()
    {
        // Sixteen logins at once with the right password, pings beside them: every login is a 200 or a
        // 503 login-busy with Retry-After; every ping is answered.
        std::atomic<int> ok{0}, busy{0}, other{0}, pings{0}, pingFailures{0};
        std::vector<std::unique_ptr<QThread>> threads; // QThreads: the test client runs a local event loop
        const QUrl base = m_fx.baseUrl();
        const QString email = m_fx.server().adminEmail(), password = m_fx.server().adminPassword();
        for (int i = 0; i < 16; ++i)
            threads.emplace_back(QThread::create([&, i] {
                HttpTestClient c(base);
                for (int round = 0; round < 2; ++round) {
                    const auto r = c.post(QStringLiteral("/v1/auth/login"), {{QStringLiteral("email"), email}, {QStringLiteral("password"), password}});
                    if (r.status == 200)
                        ++ok;
                    else if (r.status == 503 && r.json().value(QStringLiteral("type")).toString() == QStringLiteral("urn:portico:problem:login-busy")
                             && r.header("retry-after").toInt() >= 1)
                        ++busy;
                    else
                        ++other;
                }
                Q_UNUSED(i);
            }));
        threads.emplace_back(QThread::create([&] {
            HttpTestClient c(base);
            for (int i = 0; i < 20; ++i)
                (c.get(QStringLiteral("/v1/ping")).status == 200 ? pings : pingFailures)++;
        }));
        for (auto &t : threads)
            t->start();
        for (auto &t : threads)
            QVERIFY(t->wait(120000));
        qInfo("logins: %d answered, %d busy; pings: %d", ok.load(), busy.load(), pings.load());
        QCOMPARE(other.load(), 0);
        QVERIFY(ok.load() >= 1);
        QCOMPARE(ok.load() + busy.load(), 32);
        QCOMPARE(pingFailures.load(), 0);
        QCOMPARE(pings.load(), 20);
    }

    void aRefusedLoginIsHeldWithoutHoldingAWorker()
    {
        // One worker only: if the held refusal kept it, the operator's request beside it would
        // wait for the hold to end.
        ServerProcess held(m_fx.cluster());
        QVERIFY2(held.start({QStringLiteral("--workers"), QStringLiteral("1"), QStringLiteral("--login-free-failures"), QStringLiteral("1"),
                             QStringLiteral("--login-base-delay-ms"), QStringLiteral("60000"), QStringLiteral("--login-refusal-hold-ms"), QStringLiteral("3000")}),
                 qPrintable(held.errorString()));
        const QJsonObject wrong{{QStringLiteral("email"), QStringLiteral("tarpit@portico.test")}, {QStringLiteral("password"), QStringLiteral("wrong")}};
        HttpTestClient first(held.baseUrl());
        QCOMPARE(first.post(QStringLiteral("/v1/auth/login"), wrong).status, 401);

        std::atomic<bool> loginAnswered{false};
        HttpResult refused;
        qint64 refusedAfterMs = 0;
        std::unique_ptr<QThread> login(QThread::create([&] {
            HttpTestClient c(held.baseUrl());
            QElapsedTimer t;
            t.start();
            refused = c.post(QStringLiteral("/v1/auth/login"), wrong);
            refusedAfterMs = t.elapsed();
            loginAnswered = true;
        }));
        login->start();
        QThread::msleep(300); // the refusal is being held by now
        HttpTestClient op(held.baseUrl(), held.operatorToken());
        const auto tenants = op.get(QStringLiteral("/v1/tenants?limit=1"));
        const bool answeredFirst = !loginAnswered.load();
        QVERIFY(login->wait(30000));
        QCOMPARE(tenants.status, 200);
        QVERIFY2(answeredFirst, "the operator's request waited for the held login refusal");
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:login-throttled"));
        QVERIFY(refused.header("retry-after").toInt() >= 1);
        // The hold is a deliberate wait, so its lower bound is behaviour, not speed.
        QVERIFY2(refusedAfterMs >= 2900, qPrintable(QString::number(refusedAfterMs)));
    }
};

QTEST_GUILESS_MAIN(TestLoginLimits)
#include "tst_login_limits.moc"
