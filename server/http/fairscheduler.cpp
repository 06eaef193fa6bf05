#include "server/http/fairscheduler.h"

#include <algorithm>

namespace portico::http {

FairScheduler::FairScheduler(int workers, int perKeyCap, std::size_t maxQueued, int sharedCap, std::chrono::microseconds sharedGrace)
    : m_workers(std::max(1, workers)), m_perKeyCap(std::clamp(perKeyCap, 1, m_workers)),
      m_sharedCap(sharedCap > 0 ? std::min(sharedCap, m_workers) : m_workers), m_sharedGrace(sharedGrace),
      m_maxQueued(std::max<std::size_t>(1, maxQueued)), m_startedAt(std::size_t(m_workers), Clock::time_point::max())
{
    for (int i = 0; i < m_workers; ++i)
        m_threads.emplace_back([this, i] { work(std::size_t(i)); });
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
        (k.running == 0 ? m_idle : m_ready).push_back(key);
    }
}

bool FairScheduler::canStart(Clock::time_point now, Clock::time_point *retry) const
{
    if ((m_idle.empty() && m_ready.empty()) || m_running >= m_workers)
        return false;
    // One key alone may use every worker; several share m_sharedCap of them, counting the jobs
    // that started within the grace.
    if (m_keys.size() <= 1 || m_running < m_sharedCap)
        return true;
    const Clock::time_point since = now - m_sharedGrace;
    int counted = 0;
    Clock::time_point firstOut = Clock::time_point::max();
    for (const Clock::time_point started : m_startedAt) {
        if (started == Clock::time_point::max() || started <= since)
            continue;
        ++counted;
        firstOut = std::min(firstOut, started + m_sharedGrace);
    }
    if (counted < m_sharedCap)
        return true;
    if (retry)
        *retry = firstOut;
    return false;
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

void FairScheduler::work(std::size_t slot)
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        Clock::time_point retry = Clock::time_point::max();
        while (!m_stopping && !canStart(Clock::now(), &retry)) {
            if (retry == Clock::time_point::max()) {
                m_wake.wait(lock);
            } else {
                m_wake.wait_until(lock, retry);
                retry = Clock::time_point::max();
            }
        }
        if (m_stopping)
            return;
        std::deque<std::uint64_t> &line = m_idle.empty() ? m_ready : m_idle;
        const std::uint64_t key = line.front();
        line.pop_front();
        Key &k = m_keys[key];
        k.ready = false;
        std::function<void()> job = std::move(k.jobs.front());
        k.jobs.pop_front();
        --m_queued;
        ++k.running;
        ++m_running;
        const Clock::time_point now = Clock::now();
        m_startedAt[slot] = now;
        // Back of the line: every other waiting key is served before this one's next job.
        makeReadyIfServable(key, k);
        // Another worker is woken when a job could start now, and also when only the shared cap
        // holds it back: that worker then sleeps until the grace lets it in. Without it the idle
        // workers sleep with no deadline and the waiting jobs stay queued until the next
        // submission or completion, however long that is.
        Clock::time_point capLifts = Clock::time_point::max();
        const bool more = canStart(now, &capLifts) || capLifts != Clock::time_point::max();
        lock.unlock();
        if (more)
            m_wake.notify_one();
        job();
        job = nullptr; // whatever it holds is released outside the lock
        lock.lock();
        --m_running;
        m_startedAt[slot] = Clock::time_point::max();
        Key &done = m_keys[key];
        --done.running;
        const bool wasShared = m_keys.size() > 1;
        if (done.jobs.empty() && done.running == 0)
            m_keys.erase(key);
        else
            makeReadyIfServable(key, done);
        // This worker takes the next job itself at the top of the loop; others are woken only
        // when the cap lifts (one key left may use every worker again).
        if (wasShared && m_keys.size() == 1 && m_sharedCap < m_workers)
            m_wake.notify_all();
    }
}

FairScheduler::Stats FairScheduler::stats() const
{
    std::lock_guard lock(m_mutex);
    return {m_queued, m_keys.size(), m_refused};
}

} // namespace portico::http
