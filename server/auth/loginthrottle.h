#pragma once
// Slows password guessing without letting anyone lock a real user out. Three keys are counted:
// the email with the client address, the address alone (one client spraying many emails) and the
// email alone (many addresses on one account). After a few free failures a key must wait before
// its next try, the wait doubling per failure up to a cap; the email-alone cap is short, so an
// attacker elsewhere can only slow the real user, never shut them out. A success clears the
// email's keys; a key quiet for a while is forgotten. Pure and clock-injected, so it is testable.

#include <QHash>
#include <QMutex>
#include <QString>
#include <functional>

namespace portico::auth {

struct LoginThrottlePolicy
{
    int pairFree = 5;       // failures of one email from one address before waits begin
    int addressFree = 30;   // failures from one address, any email
    int emailFree = 50;     // failures on one email, any address
    qint64 baseDelayMs = 1000;
    qint64 pairCapMs = 15 * 60 * 1000;
    qint64 addressCapMs = 15 * 60 * 1000;
    qint64 emailCapMs = 60 * 1000; // short: this key is the one an attacker could use against a real user
    qint64 forgetAfterMs = 15 * 60 * 1000;
    int maxKeys = 200000;   // memory bound; past it, quiet keys are dropped first
    // A refused attempt's answer is held this long before it is written (no worker waits): a
    // client looping on refused logins is slowed to one try per connection per hold, instead of
    // spending the server's CPU on thousands of cheap refusals a second.
    qint64 refusalHoldMs = 1000;
};

class LoginThrottle
{
public:
    using Clock = std::function<qint64()>; // milliseconds, monotonic

    LoginThrottle() : LoginThrottle(LoginThrottlePolicy{}) {}
    explicit LoginThrottle(LoginThrottlePolicy policy, Clock clock = {});

    // How long this attempt must wait before its password may be checked; 0 when it may go ahead.
    // A refused attempt is counted (for the audit aggregate) but does not lengthen the wait.
    qint64 admit(const QString &email, const QString &address);

    struct Failure
    {
        int failures = 0;        // of this email from this address, in the current run
        bool audit = false;      // write this one to the audit log (the first few, then powers of two)
        int notAudited = 0;      // failures and refused attempts folded into this entry since the last one
    };
    Failure recordFailure(const QString &email, const QString &address);
    void recordSuccess(const QString &email, const QString &address);

    [[nodiscard]] int keyCount() const;
    [[nodiscard]] const LoginThrottlePolicy &policy() const { return m_policy; }
    void setPolicy(const LoginThrottlePolicy &policy);

private:
    struct Entry
    {
        int failures = 0;
        qint64 lastFailureMs = 0;
        qint64 nextAllowedMs = 0;
        int notAudited = 0;
    };
    qint64 now() const;
    void forgetQuiet(qint64 nowMs);
    Entry &touch(const QString &key, qint64 nowMs);
    qint64 waitFor(const QString &key, qint64 nowMs) const;
    void fail(Entry &e, int free, qint64 capMs, qint64 nowMs) const;

    LoginThrottlePolicy m_policy;
    Clock m_clock;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
    int m_callsSincePrune = 0;
};

} // namespace portico::auth
