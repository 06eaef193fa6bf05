// The login throttle's rules on a clock the test moves: free tries, doubling waits, the caps
// that keep a real user from being shut out, what a success clears, and the audit folding.
#include "server/auth/loginthrottle.h"
#include <QTest>

using portico::auth::LoginThrottle;
using portico::auth::LoginThrottlePolicy;

class TestLoginThrottle : public QObject
{
    Q_OBJECT
    qint64 m_now = 1'000'000;

    LoginThrottle make(LoginThrottlePolicy p = {})
    {
        p.pairFree = 3;
        p.addressFree = 10;
        p.emailFree = 20;
        p.baseDelayMs = 1000;
        p.pairCapMs = 8000;
        p.addressCapMs = 8000;
        p.emailCapMs = 2000;
        p.forgetAfterMs = 60'000;
        return LoginThrottle(p, [this] { return m_now; });
    }

private Q_SLOTS:
    void freeTriesThenDoublingWaitsUpToTheCap()
    {
        auto t = make();
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(t.admit("a@x", "10.0.0.1"), 0);
            t.recordFailure("a@x", "10.0.0.1");
        }
        QCOMPARE(t.admit("a@x", "10.0.0.1"), 0);
        t.recordFailure("a@x", "10.0.0.1"); // the third: waits begin
        QCOMPARE(t.admit("a@x", "10.0.0.1"), 1000);
        m_now += 400;
        QCOMPARE(t.admit("a@x", "10.0.0.1"), 600); // a refused try does not lengthen the wait
        m_now += 600;
        QCOMPARE(t.admit("a@x", "10.0.0.1"), 0);
        t.recordFailure("a@x", "10.0.0.1");
        QCOMPARE(t.admit("a@x", "10.0.0.1"), 2000);
        for (int i = 0; i < 6; ++i) {
            m_now += 10'000;
            t.recordFailure("a@x", "10.0.0.1");
        }
        QCOMPARE(t.admit("a@x", "10.0.0.1"), 8000); // capped
    }

    void otherEmailsAndAddressesAreNotHeldUp()
    {
        auto t = make();
        for (int i = 0; i < 3; ++i)
            t.recordFailure("a@x", "10.0.0.1");
        QVERIFY(t.admit("a@x", "10.0.0.1") > 0);
        QCOMPARE(t.admit("b@x", "10.0.0.1"), 0); // same address, another account
        QCOMPARE(t.admit("a@x", "10.0.0.2"), 0); // the real user, elsewhere
    }

    void aSprayingAddressIsSlowed()
    {
        auto t = make();
        for (int i = 0; i < 10; ++i)
            t.recordFailure(QStringLiteral("user%1@x").arg(i), "10.0.0.9");
        QVERIFY(t.admit("fresh@x", "10.0.0.9") > 0);
        QCOMPARE(t.admit("fresh@x", "10.0.0.8"), 0);
    }

    void aDistributedAttackOnlyDelaysTheRealUserBriefly()
    {
        auto t = make();
        for (int i = 0; i < 40; ++i) {
            t.recordFailure("victim@x", QStringLiteral("192.0.2.%1").arg(i));
            m_now += 10;
        }
        const qint64 wait = t.admit("victim@x", "10.0.0.1");
        QVERIFY(wait > 0);
        QVERIFY(wait <= 2000); // the email-alone cap, never a lockout
        m_now += wait;
        QCOMPARE(t.admit("victim@x", "10.0.0.1"), 0);
    }

    void successClearsTheAccountButNotTheAddress()
    {
        auto t = make();
        for (int i = 0; i < 10; ++i) {
            t.recordFailure(QStringLiteral("u%1@x").arg(i % 3), "10.0.0.5");
            m_now += 10;
        }
        QVERIFY(t.admit("u0@x", "10.0.0.5") > 0);
        t.recordSuccess("u0@x", "10.0.0.5");
        QVERIFY(t.admit("other@x", "10.0.0.5") > 0); // the address still waits: one good account does not reset it
        QCOMPARE(t.admit("u0@x", "10.0.0.6"), 0);     // the account itself is clear
    }

    void quietKeysAreForgotten()
    {
        auto t = make();
        for (int i = 0; i < 3; ++i)
            t.recordFailure("a@x", "10.0.0.1");
        QVERIFY(t.keyCount() >= 3);
        m_now += 61'000;
        const auto f = t.recordFailure("a@x", "10.0.0.1");
        QCOMPARE(f.failures, 1); // a fresh start, not a fourth failure
        QCOMPARE(t.admit("a@x", "10.0.0.1"), 0);
    }

    void repeatedFailuresAreAuditedInFolds()
    {
        auto t = make();
        QList<int> audited;
        int folded = 0;
        for (int i = 1; i <= 40; ++i) {
            m_now += 10'000;
            const auto f = t.recordFailure("a@x", "10.0.0.1");
            if (f.audit) {
                audited << f.failures;
                folded += f.notAudited;
            }
        }
        QCOMPARE(audited, (QList<int>{1, 2, 3, 4, 8, 16, 32}));
        // Every failure up to the last written entry (the 32nd) is either written or counted in one.
        QCOMPARE(folded + audited.size(), 32);
    }
};

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_login_throttle.moc"
