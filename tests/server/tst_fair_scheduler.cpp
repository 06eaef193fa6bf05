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
