#pragma once
// The handler threads, shared fairly. Each request is queued under a key (its tenant, or its
// token until the tenant is known; the client address when it has no token), and the workers
// serve the keys in turn: one request of every waiting key before a second of any, and a key
// with nothing running (a tenant sending now and then) before any key that already has a request
// running. A key holds at most `perKeyCap` workers at once, so a tenant sending as fast as it can
// never holds them all and never makes another wait behind its queue; what waits longer is only
// its own backlog. While more than one key has work, at most `sharedCap` jobs that started within
// the last `sharedGrace` run at once: on a saturated machine every extra running job slows every
// other one, so past the point where the processors are busy, the waiting is better done here,
// where a light tenant goes first, than in the kernel's and the database's run queues, where it
// waits like everyone else. A job running longer than the grace stops counting: it is waiting
// (a lock, a slow statement) or long anyway, and must not keep the others from the idle workers.
//
// Rate limits decide how much a tenant may send; this decides whose request runs next when the
// server is saturated. Both are needed: five tenants each within a high limit can still fill
// every worker.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace portico::http {

class FairScheduler
{
public:
    struct Stats
    {
        std::size_t queued = 0;   // jobs waiting
        std::size_t keys = 0;     // keys with jobs waiting or running
        std::uint64_t refused = 0; // submissions refused because the queue was full
    };

    // workers >= 1; perKeyCap in [1, workers]; maxQueued bounds the jobs waiting in all;
    // sharedCap in [1, workers] bounds the recently started running jobs while several keys have
    // work (0: workers).
    FairScheduler(int workers, int perKeyCap, std::size_t maxQueued, int sharedCap = 0,
                  std::chrono::microseconds sharedGrace = std::chrono::milliseconds(20));
    ~FairScheduler(); // drops what is still queued (the transport has stopped) and joins the workers
    FairScheduler(const FairScheduler &) = delete;
    FairScheduler &operator=(const FairScheduler &) = delete;

    // Queues job under key; false (and job dropped) when maxQueued jobs are already waiting.
    bool submit(std::uint64_t key, std::function<void()> job);
    [[nodiscard]] Stats stats() const;
    [[nodiscard]] int workers() const { return int(m_threads.size()); }
    [[nodiscard]] int perKeyCap() const { return m_perKeyCap; }
    [[nodiscard]] int sharedCap() const { return m_sharedCap; }

private:
    struct Key
    {
        std::deque<std::function<void()>> jobs;
        int running = 0;
        bool ready = false; // in m_idle or m_ready
    };
    using Clock = std::chrono::steady_clock;
    void work(std::size_t slot);
    void makeReadyIfServable(std::uint64_t key, Key &k); // m_mutex held
    // m_mutex held. Whether a job may start now; when only the shared cap stops it, *retry is
    // when the first counted job leaves the count.
    [[nodiscard]] bool canStart(Clock::time_point now, Clock::time_point *retry = nullptr) const;

    const int m_workers;
    const int m_perKeyCap;
    const int m_sharedCap;
    const Clock::duration m_sharedGrace;
    const std::size_t m_maxQueued;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::unordered_map<std::uint64_t, Key> m_keys;
    std::deque<std::uint64_t> m_idle;  // keys with a job and nothing running, in turn order: served first
    std::deque<std::uint64_t> m_ready; // keys with a job, a free share and something running, in turn order
    std::size_t m_queued = 0;
    int m_running = 0;
    std::vector<Clock::time_point> m_startedAt; // per worker: when its job started; max() when idle
    std::uint64_t m_refused = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace portico::http
