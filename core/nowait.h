#pragma once
// Running code on a thread that must not wait (an HTTP I/O thread serving many connections).
// Inside a NoWaitScope, whatever would block (taking a database connection, waiting for a limits
// tick) calls throwIfNoWait() first, before it has changed anything; the caller catches WouldWait
// and runs the same work again where waiting is fine. So a route whose handler only computes runs
// on the I/O thread when its token is cached and its limits have room, and on a worker otherwise,
// with one code path for both.

#include <exception>

namespace portico {

struct WouldWait : std::exception
{
    explicit WouldWait(const char *what) : m_what(what) {}
    [[nodiscard]] const char *what() const noexcept override { return m_what; }

private:
    const char *m_what;
};

namespace detail {
inline thread_local bool noWait = false;
}

class NoWaitScope
{
public:
    NoWaitScope() : m_before(detail::noWait) { detail::noWait = true; }
    ~NoWaitScope() { detail::noWait = m_before; }
    NoWaitScope(const NoWaitScope &) = delete;
    NoWaitScope &operator=(const NoWaitScope &) = delete;

private:
    bool m_before;
};

[[nodiscard]] inline bool mustNotWait() { return detail::noWait; }

// what: a string literal naming what would have waited (for the log).
inline void throwIfNoWait(const char *what)
{
    if (detail::noWait)
        throw WouldWait(what);
}

} // namespace portico
