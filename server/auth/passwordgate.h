#pragma once
// Argon2 is meant to be slow; a flood of logins must not make the rest of the API slow with it.
// Verifications run on their own small pool (at a lower CPU priority where the OS allows), and
// only a few requests may wait for it: past that, a login is answered at once with 503 and a
// Retry-After instead of holding one of the request workers.

#include <QSemaphore>
#include <QString>
#include <QThreadPool>

namespace portico::auth {

class PasswordGate
{
public:
    // threads: verifications at once; waiting: how many more requests may queue for a slot.
    PasswordGate() : PasswordGate(1, 2) {}
    PasswordGate(int threads, int waiting);
    ~PasswordGate();

    enum class Outcome { Match, NoMatch, Busy };
    // Blocks the calling request worker until its verification has run, unless the gate is full.
    Outcome verify(const QString &encodedHash, const QString &password);

    void resize(int threads, int waiting);
    [[nodiscard]] int capacity() const { return m_threads + m_waiting; }

private:
    QThreadPool m_pool;
    QSemaphore m_admission;
    int m_threads;
    int m_waiting;
};

} // namespace portico::auth
