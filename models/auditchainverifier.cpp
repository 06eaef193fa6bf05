#include "models/auditchainverifier.h"

#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

namespace portico {

AuditChainVerifier::AuditChainVerifier(ApiClient *client, QObject *parent) : QObject(parent), m_client(client) {}

AuditChainVerifier::~AuditChainVerifier()
{
    // The thread holds its own copy of the entries; wait so nothing outlives us.
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->waitForFinished();
    }
}

ChainVerdict AuditChainVerifier::verifyWholeChain(QList<AuditEntry> entries)
{
    // The page order is append order, newest first; the chain is checked from seq 1 upward.
    std::stable_sort(entries.begin(), entries.end(), [](const AuditEntry &a, const AuditEntry &b) { return a.seq < b.seq; });
    return verifyChain(entries, genesisHash(), qint64(1));
}

void AuditChainVerifier::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void AuditChainVerifier::cancel()
{
    ++m_generation;
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->deleteLater(); // its QFuture still finishes; nobody listens
        m_watcher = nullptr;
    }
    m_entries.clear();
    if (isRunning())
        setState(State::Idle);
}

void AuditChainVerifier::verify(const QString &chain)
{
    cancel();
    m_chain = chain;
    m_verdict.reset();
    m_serverVerdict.reset();
    m_serverProblem = {};
    m_problem = {};
    setState(State::Fetching);
    Q_EMIT progress(0);
    const quint64 generation = m_generation;
    m_client->verifyAudit(chain, this, [this, generation](const ApiResult<AuditVerdict> &result) {
        if (generation != m_generation)
            return;
        if (result)
            m_serverVerdict = result.value();
        else
            m_serverProblem = result.problem();
        Q_EMIT serverVerdictChanged();
    });
    fetchPage({});
}

void AuditChainVerifier::fetchPage(const QString &cursor)
{
    AuditQuery q;
    q.chain = m_chain;
    q.limit = kPageSize;
    q.cursor = cursor;
    const quint64 generation = m_generation;
    m_client->listAudit(q, this, [this, generation](const ApiResult<AuditPage> &result) {
        if (generation != m_generation)
            return;
        if (!result) {
            m_problem = result.problem();
            m_entries.clear();
            setState(State::Failed);
            Q_EMIT finished();
            return;
        }
        m_entries.append(result.value().items);
        Q_EMIT progress(m_entries.size());
        if (!result.value().nextCursor.isEmpty()) {
            fetchPage(result.value().nextCursor);
            return;
        }
        setState(State::Verifying);
        m_watcher = new QFutureWatcher<ChainVerdict>(this);
        connect(m_watcher, &QFutureWatcher<ChainVerdict>::finished, this, [this] {
            m_verdict = m_watcher->result();
            m_watcher->deleteLater();
            m_watcher = nullptr;
            m_entries.clear();
            setState(State::Done);
            Q_EMIT finished();
        });
        m_watcher->setFuture(QtConcurrent::run(&AuditChainVerifier::verifyWholeChain, m_entries));
    });
}

} // namespace portico
