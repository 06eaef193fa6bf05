#pragma once
// The bookkeeping every lazily paged model shares: one request at a time, a generation that turns
// replies to an earlier query into stale ones, the next page's cursor, and whether the last page
// failed (so a view's fetchMore does not retry it in a loop; a new query clears it). The model
// keeps its rows and signals; this keeps the state machine in one place.

#include "core/problem.h"
#include <QString>
#include <functional>

namespace portico {

class PagedFetch
{
public:
    explicit PagedFetch(std::function<void(bool)> loadingChanged) : m_loadingChanged(std::move(loadingChanged)) {}

    // A new query: whatever is in flight now belongs to the past.
    void restart()
    {
        ++m_generation;
        m_nextCursor.clear();
        m_loadedOnce = false;
        m_failed = false;
        m_problem = {};
    }
    // Before a page request; the reply must bring the generation back.
    [[nodiscard]] quint64 begin()
    {
        setInFlight(true);
        return m_generation;
    }
    // On a reply: false (and counted) when it answers an earlier query.
    [[nodiscard]] bool accept(quint64 generation)
    {
        if (generation != m_generation) {
            ++m_staleDropped;
            return false;
        }
        setInFlight(false);
        return true;
    }
    void failed(const Problem &problem)
    {
        m_failed = true;
        m_problem = problem;
    }
    void arrived(const QString &nextCursor)
    {
        m_loadedOnce = true;
        m_nextCursor = nextCursor;
    }

    [[nodiscard]] bool canFetchMore() const { return m_loadedOnce && !m_inFlight && !m_failed && !m_nextCursor.isEmpty(); }
    [[nodiscard]] const QString &nextCursor() const { return m_nextCursor; }
    [[nodiscard]] bool isLoading() const { return m_inFlight; }
    [[nodiscard]] bool hasLoaded() const { return m_loadedOnce; }
    [[nodiscard]] const Problem &lastProblem() const { return m_problem; }
    [[nodiscard]] int staleRepliesDropped() const { return m_staleDropped; }

private:
    void setInFlight(bool inFlight)
    {
        if (inFlight == m_inFlight)
            return;
        m_inFlight = inFlight;
        m_loadingChanged(inFlight);
    }

    std::function<void(bool)> m_loadingChanged;
    QString m_nextCursor;
    quint64 m_generation = 0;
    bool m_inFlight = false;
    bool m_loadedOnce = false;
    bool m_failed = false;
    Problem m_problem;
    int m_staleDropped = 0;
};

} // namespace portico
