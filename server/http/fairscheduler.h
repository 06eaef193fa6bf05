#pragma once
// The handler threads, shared fairly. Each request is queued under a key (its tenant, or its
// token until the tenant is known; the client address when it has no token), and the workers
// serve the keys in turn: one request of every waiting key before a second of any. A key holds
// at most `perKeyCap` workers at once, so a tenant sending as fast as it can never holds them all
// and never makes another wait behind its queue; what waits longer is only its own backlog.
//
// Rate limits decide how much a tenant may send; this decides whose request runs next when the
// server is saturated. Both are needed: five tenants each within a high limit can still fill
// every worker.

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

    // workers >= 1; perKeyCap in [1, workers]; maxQueued bounds the jobs waiting in all.
    FairScheduler(int workers, int perKeyCap, std::size_t maxQueued);
    ~FairScheduler(); // drops what is still queued (the transport has stopped) and joins the workers
    FairScheduler(const FairScheduler &) = delete;
    FairScheduler &operator=(const FairScheduler &) = delete;

    // Queues job under key; false (and job dropped) when maxQueued jobs are already waiting.
    bool submit(std::uint64_t key, std::function<void()> job);
    [[nodiscard]] Stats stats() const;
    [[nodiscard]] int workers() const { return int(m_threads.size()); }
    [[nodiscard]] int perKeyCap() const { return m_perKeyCap; }

private:
    struct Key
    {
        std::deque<std::function<void()>> jobs;
        int running = 0;
        bool ready = false; // in m_ready
    };
    void work();
    void makeReadyIfServable(std::uint64_t key, Key &k); // m_mutex held

    const int m_perKeyCap;
    const std::size_t m_maxQueued;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::unordered_map<std::uint64_t, Key> m_keys;
    std::deque<std::uint64_t> m_ready; // keys with a job and a free share, in turn order
    std::size_t m_queued = 0;
    std::uint64_t m_refused = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace portico::http
