#include "server/auth/passwordgate.h"
#include "server/auth/crypto.h"
#include <QSemaphoreReleaser>
#include <QThread>
#include <atomic>
#include <memory>
#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace portico::auth {
namespace {
void lowerThisThreadsPriority()
{
#ifdef Q_OS_LINUX
    // Linux schedules threads as tasks, so a per-thread nice value works; Qt's priorities do not
    // apply under SCHED_OTHER.
    setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
}
} // namespace

PasswordGate::PasswordGate(int threads, int waiting)
    : m_admission(std::max(1, threads) + std::max(0, waiting)), m_threads(std::max(1, threads)), m_waiting(std::max(0, waiting))
{
    m_pool.setMaxThreadCount(m_threads);
    m_pool.setObjectName(QStringLiteral("argon2"));
}

PasswordGate::~PasswordGate() { m_pool.waitForDone(); }

void PasswordGate::resize(int threads, int waiting)
{
    // Only at start-up, before the first login.
    const int before = capacity();
    m_threads = std::max(1, threads);
    m_waiting = std::max(0, waiting);
    m_pool.setMaxThreadCount(m_threads);
    if (capacity() > before)
        m_admission.release(capacity() - before);
    else if (capacity() < before)
        m_admission.acquire(before - capacity());
}

PasswordGate::Outcome PasswordGate::verify(const QString &encodedHash, const QString &password)
{
    if (!m_admission.tryAcquire())
        return Outcome::Busy;
    QSemaphoreReleaser admitted(m_admission);
    auto done = std::make_shared<QSemaphore>(0);
    auto matched = std::make_shared<std::atomic<bool>>(false);
    m_pool.start([encodedHash, password, done, matched] {
        static thread_local bool lowered = false;
        if (!lowered) {
            lowerThisThreadsPriority();
            lowered = true;
        }
        matched->store(verifyPassword(encodedHash, password));
        done->release();
    });
    done->acquire();
    return matched->load() ? Outcome::Match : Outcome::NoMatch;
}

} // namespace portico::auth
