#include "server/auth/loginthrottle.h"
#include <QElapsedTimer>
#include <algorithm>

namespace portico::auth {
namespace {
QString pairKey(const QString &email, const QString &address) { return QStringLiteral("p\x1f") + email + QChar(0x1f) + address; }
QString addressKey(const QString &address) { return QStringLiteral("a\x1f") + address; }
QString emailKey(const QString &email) { return QStringLiteral("e\x1f") + email; }

bool isPowerOfTwo(int n) { return n > 0 && (n & (n - 1)) == 0; }
} // namespace

LoginThrottle::LoginThrottle(LoginThrottlePolicy policy, Clock clock) : m_policy(policy), m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

void LoginThrottle::setPolicy(const LoginThrottlePolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    m_policy = policy;
}

qint64 LoginThrottle::now() const { return m_clock(); }

int LoginThrottle::keyCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

void LoginThrottle::forgetQuiet(qint64 nowMs)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (nowMs - it->lastFailureMs >= m_policy.forgetAfterMs && nowMs >= it->nextAllowedMs)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

LoginThrottle::Entry &LoginThrottle::touch(const QString &key, qint64 nowMs)
{
    auto it = m_entries.find(key);
    if (it != m_entries.end() && nowMs - it->lastFailureMs >= m_policy.forgetAfterMs && nowMs >= it->nextAllowedMs)
        *it = Entry{}; // a quiet key starts again from its free tries
    if (it == m_entries.end()) {
        if (m_entries.size() >= m_policy.maxKeys)
            forgetQuiet(nowMs);
        it = m_entries.insert(key, Entry{});
    }
    return *it;
}

qint64 LoginThrottle::waitFor(const QString &key, qint64 nowMs) const
{
    const auto it = m_entries.constFind(key);
    return it == m_entries.cend() ? 0 : std::max<qint64>(0, it->nextAllowedMs - nowMs);
}

void LoginThrottle::fail(Entry &e, int free, qint64 capMs, qint64 nowMs) const
{
    ++e.failures;
    e.lastFailureMs = nowMs;
    if (e.failures >= free) {
        const int doublings = std::min(e.failures - free, 40);
        const qint64 delay = std::min<qint64>(capMs, m_policy.baseDelayMs << std::min(doublings, 30));
        e.nextAllowedMs = nowMs + delay;
    }
}

qint64 LoginThrottle::admit(const QString &email, const QString &address)
{
    QMutexLocker lock(&m_mutex);
    const qint64 t = now();
    if (++m_callsSincePrune >= 1024) {
        m_callsSincePrune = 0;
        forgetQuiet(t);
    }
    const qint64 wait = std::max({waitFor(pairKey(email, address), t), waitFor(addressKey(address), t), waitFor(emailKey(email), t)});
    if (wait > 0) {
        auto it = m_entries.find(pairKey(email, address));
        if (it != m_entries.end())
            ++it->notAudited;
    }
    return wait;
}

LoginThrottle::Failure LoginThrottle::recordFailure(const QString &email, const QString &address)
{
    QMutexLocker lock(&m_mutex);
    const qint64 t = now();
    Entry &pair = touch(pairKey(email, address), t);
    fail(pair, m_policy.pairFree, m_policy.pairCapMs, t);
    fail(touch(addressKey(address), t), m_policy.addressFree, m_policy.addressCapMs, t);
    fail(touch(emailKey(email), t), m_policy.emailFree, m_policy.emailCapMs, t);

    Failure f;
    f.failures = pair.failures;
    f.audit = pair.failures <= m_policy.pairFree || isPowerOfTwo(pair.failures);
    if (f.audit) {
        f.notAudited = pair.notAudited;
        pair.notAudited = 0;
    } else {
        ++pair.notAudited;
    }
    return f;
}

void LoginThrottle::recordSuccess(const QString &email, const QString &address)
{
    QMutexLocker lock(&m_mutex);
    // The address keeps its count: one good account must not reset a sprayer's address.
    m_entries.remove(pairKey(email, address));
    m_entries.remove(emailKey(email));
}

} // namespace portico::auth
