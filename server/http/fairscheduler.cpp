#include "server/http/fairscheduler.h"

#include <algorithm>

namespace portico::http {

FairScheduler::FairScheduler(int workers, int perKeyCap, std::size_t maxQueued)
    : m_perKeyCap(std::clamp(perKeyCap, 1, std::max(1, workers))), m_maxQueued(std::max<std::size_t>(1, maxQueued))
{
    for (int i = 0; i < std::max(1, workers); ++i)
        m_threads.emplace_back([this] { work(); });
}

FairScheduler::~FairScheduler()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads)
        t.join();
}

void FairScheduler::makeReadyIfServable(std::uint64_t key, Key &k)
{
    if (!k.ready && !k.jobs.empty() && k.running < m_perKeyCap) {
        k.ready = true;
        m_ready.push_back(key);
    }
}

bool FairScheduler::submit(std::uint64_t key, std::function<void()> job)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_queued >= m_maxQueued) {
            ++m_refused;
            return false;
        }
        Key &k = m_keys[key];
        k.jobs.push_back(std::move(job));
        ++m_queued;
        if (k.ready || k.running >= m_perKeyCap)
            return true; // already in turn, or at its share: a worker takes it when its turn comes
        makeReadyIfServable(key, k);
    }
    m_wake.notify_one();
    return true;
}

void FairScheduler::work()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_ready.empty(); });
        if (m_stopping)
            return;
        const std::uint64_t key = m_ready.front();
        m_ready.pop_front();
        Key &k = m_keys[key];
        k.ready = false;
        std::function<void()> job = std::move(k.jobs.front());
        k.jobs.pop_front();
        --m_queued;
        ++k.running;
        // Back of the line: every other waiting key is served before this one's next job.
        makeReadyIfServable(key, k);
        const bool more = !m_ready.empty();
        lock.unlock();
        if (more)
            m_wake.notify_one();
        job();
        job = nullptr; // whatever it holds is released outside the lock
        lock.lock();
        Key &done = m_keys[key];
        --done.running;
        if (done.jobs.empty() && done.running == 0) {
            m_keys.erase(key);
        } else if (!done.ready && !done.jobs.empty() && done.running < m_perKeyCap) {
            makeReadyIfServable(key, done);
            m_wake.notify_one();
        }
    }
}

FairScheduler::Stats FairScheduler::stats() const
{
    std::lock_guard lock(m_mutex);
    return {m_queued, m_keys.size(), m_refused};
}

} // namespace portico::http
