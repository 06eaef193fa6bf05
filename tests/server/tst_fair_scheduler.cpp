// The fair scheduler on its own: the order keys are served in, the share one key may hold, and
// the bound on what waits. Jobs block on gates the test opens, so every order is deterministic.
#include "server/http/fairscheduler.h"
#include <QtTest>
#include <atomic>
#include <condition_variable>
#include <mutex>

using portico::http::FairScheduler;

namespace {
// A gate jobs wait at until the test opens it.
class Gate
{
public:
    void wait()
    {
        std::unique_lock lock(m_mutex);
        ++m_waiting;
        m_changed.notify_all();
        m_changed.wait(lock, [this] { return m_open; });
    }
    void open()
    {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_changed.notify_all();
    }
    bool awaitWaiting(int n) // a bound so a broken scheduler fails instead of hanging
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::seconds(20), [&] { return m_waiting >= n; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_waiting = 0;
    bool m_open = false;
};

// What ran, in order.
class Trace
{
public:
    void add(const QString &what)
    {
        std::lock_guard lock(m_mutex);
        m_items << what;
        m_changed.notify_all();
    }
    bool awaitCount(int n)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::seconds(20), [&] { return m_items.size() >= n; });
    }
    QStringList items()
    {
        std::lock_guard lock(m_mutex);
        return m_items;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    QStringList m_items;
};
} // namespace

class TestFairScheduler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // One worker: while A's first job runs, A queues two more, then B two and C one. The worker
    // then serves in turn (B, C, A, B, A), not in arrival order (A, A, B, B, C).
    void keysAreServedInTurn()
    {
        FairScheduler s(1, 1, 100);
        Gate gate;
        Trace trace;
        QVERIFY(s.submit(1, [&] { gate.wait(); trace.add(QStringLiteral("A1")); }));
        QVERIFY(gate.awaitWaiting(1));
        for (const auto &[key, name] : {std::pair{1, "A2"}, std::pair{1, "A3"}, std::pair{2, "B1"}, std::pair{2, "B2"}, std::pair{3, "C1"}})
            QVERIFY(s.submit(std::uint64_t(key), [&trace, n = QString::fromLatin1(name)] { trace.add(n); }));
        gate.open();
        QVERIFY(trace.awaitCount(6));
        QCOMPARE(trace.items(), (QStringList{"A1", "B1", "C1", "A2", "B2", "A3"}));
    }

    // Three workers, a share of two: a key with a long queue never holds the third worker, so
    // another key's job runs at once although it came last.
    void aKeyHoldsAtMostItsShare()
    {
        FairScheduler s(3, 2, 100);
        Gate gate;
        Trace trace;
        std::atomic<int> running{0}, most{0};
        for (int i = 0; i < 6; ++i)
            QVERIFY(s.submit(1, [&] {
                const int now = ++running;
                for (int m = most; now > m && !most.compare_exchange_weak(m, now);) {}
                gate.wait();
                --running;
                trace.add(QStringLiteral("A"));
            }));
        QVERIFY(gate.awaitWaiting(2));
        QVERIFY(s.submit(2, [&] { trace.add(QStringLiteral("B")); }));
        QVERIFY(trace.awaitCount(1));
        QCOMPARE(trace.items(), QStringList{QStringLiteral("B")}); // while both A jobs still wait at the gate
        gate.open();
        QVERIFY(trace.awaitCount(7));
        QCOMPARE(most.load(), 2);
    }

    // Two workers, a share of two: A1 and B1 run; A2 and B2 are in line (each key has a free
    // share). C, with nothing running, arrives last and still goes first when A1 ends: a tenant
    // sending now and then never waits behind the backlog of tenants already being served.
    void aKeyWithNothingRunningGoesFirst()
    {
        Gate gateA, gateB; // before the scheduler: they outlive its workers
        Trace trace;
        FairScheduler s(2, 2, 100);
        QVERIFY(s.submit(1, [&] { gateA.wait(); trace.add(QStringLiteral("A1")); }));
        QVERIFY(s.submit(2, [&] { gateB.wait(); trace.add(QStringLiteral("B1")); }));
        QVERIFY(gateA.awaitWaiting(1));
        QVERIFY(gateB.awaitWaiting(1));
        QVERIFY(s.submit(1, [&] { trace.add(QStringLiteral("A2")); }));
        QVERIFY(s.submit(2, [&] { trace.add(QStringLiteral("B2")); }));
        QVERIFY(s.submit(3, [&] { trace.add(QStringLiteral("C1")); }));
        gateA.open(); // one worker free: what follows runs one at a time, in the scheduler's order
        QVERIFY(trace.awaitCount(4));
        QCOMPARE(trace.items(), (QStringList{"A1", "C1", "A2", "B2"}));
        gateB.open();
        QVERIFY(trace.awaitCount(5));
    }

    // Four workers, a shared cap of two (with a grace longer than the test). A alone runs four
    // jobs at once; with B also at work, A and B together run two, however many workers are idle;
    // once B is done, A has them all.
    void severalKeysShareTheSharedCap()
    {
        Gate alone, gateA, gateB; // before the scheduler: they outlive its workers
        std::atomic<int> running{0}, most{0};
        FairScheduler s(4, 4, 100, 2, std::chrono::hours(1));
        QCOMPARE(s.sharedCap(), 2);
        for (int i = 0; i < 4; ++i)
            QVERIFY(s.submit(1, [&] { alone.wait(); }));
        QVERIFY(alone.awaitWaiting(4));
        alone.open();
        auto counted = [&](Gate &gate) {
            return [&running, &most, g = &gate] {
                const int now = ++running;
                for (int m = most; now > m && !most.compare_exchange_weak(m, now);) {}
                g->wait();
                --running;
            };
        };
        QVERIFY(s.submit(2, counted(gateB)));
        QVERIFY(gateB.awaitWaiting(1));
        for (int i = 0; i < 3; ++i)
            QVERIFY(s.submit(1, counted(gateA)));
        QVERIFY(gateA.awaitWaiting(1));
        QCOMPARE(s.stats().queued, std::size_t(2)); // two workers idle, and still two of A's jobs wait
        QCOMPARE(most.load(), 2);
        gateB.open(); // B is done: A alone, its two waiting jobs start beside the first
        QVERIFY(gateA.awaitWaiting(3));
        QCOMPARE(most.load(), 3);
        gateA.open();
    }

    // The same cap with a grace of a millisecond: A's and B's first jobs hang (a lock, a slow
    // statement), and once they have run past the grace they no longer count, so A's other jobs
    // start on the idle workers instead of waiting for the hung ones.
    void hungJobsLeaveTheSharedCap()
    {
        Gate gateA, gateB; // before the scheduler: they outlive its workers
        FairScheduler s(4, 4, 100, 2, std::chrono::milliseconds(1));
        QVERIFY(s.submit(2, [&] { gateB.wait(); }));
        QVERIFY(gateB.awaitWaiting(1));
        for (int i = 0; i < 3; ++i)
            QVERIFY(s.submit(1, [&] { gateA.wait(); }));
        QVERIFY(gateA.awaitWaiting(3)); // four running, two keys, a cap of two
        gateA.open();
        gateB.open();
    }

    // Past maxQueued waiting jobs a submission is refused (the transport answers 503) and
    // counted; running jobs do not count as waiting.
    void theQueueIsBounded()
    {
        FairScheduler s(1, 1, 2);
        Gate gate;
        Trace trace;
        QVERIFY(s.submit(7, [&] { gate.wait(); trace.add(QStringLiteral("running")); }));
        QVERIFY(gate.awaitWaiting(1));
        QVERIFY(s.submit(7, [&] { trace.add(QStringLiteral("queued 1")); }));
        QVERIFY(s.submit(8, [&] { trace.add(QStringLiteral("queued 2")); }));
        QVERIFY(!s.submit(9, [&] { trace.add(QStringLiteral("refused")); }));
        QCOMPARE(s.stats().queued, std::size_t(2));
        QCOMPARE(s.stats().refused, std::uint64_t(1));
        gate.open();
        QVERIFY(trace.awaitCount(3));
        QVERIFY(!trace.items().contains(QStringLiteral("refused")));
        QVERIFY(s.submit(9, [&] { trace.add(QStringLiteral("after")); }));
        QVERIFY(trace.awaitCount(4));
    }
};

QTEST_GUILESS_MAIN(TestFairScheduler)
#include "tst_fair_scheduler.moc"
