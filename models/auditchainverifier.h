#pragma once
// Verifies one audit chain in the console, without trusting the server's verdict: fetches every
// entry of the chain (GET /v1/audit, paging through), puts them in seq order and checks them with
// core/auditchain's verifyChain off the GUI thread (QtConcurrent::run, a QFutureWatcher owned
// here, so a verifier destroyed mid-run delivers nothing). The server's own verdict
// (GET /v1/audit/verify) is fetched alongside, to show beside ours.

#include "client/apiclient.h"
#include "core/auditchain.h"
#include "core/problem.h"

#include <QFutureWatcher>
#include <QObject>
#include <optional>

namespace portico {

class AuditChainVerifier : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Fetching, Verifying, Done, Failed };
    Q_ENUM(State)
    static constexpr int kPageSize = AuditQuery::kMaxLimit;

    explicit AuditChainVerifier(ApiClient *client, QObject *parent = nullptr);
    ~AuditChainVerifier() override;

    // Starts over for `chain` ("platform" or a tenant id); a run in progress is abandoned.
    void verify(const QString &chain);
    void cancel();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isRunning() const { return m_state == State::Fetching || m_state == State::Verifying; }
    [[nodiscard]] QString chain() const { return m_chain; }
    [[nodiscard]] qint64 fetched() const { return m_entries.size(); }
    // Done, and the chain had no entries: there was nothing to verify (verifyChain's ok over no
    // entries is vacuous, not a chain that holds).
    [[nodiscard]] bool nothingToVerify() const { return m_state == State::Done && m_verdict && m_verdict->checked == 0; }
    // Our verdict, once Done.
    [[nodiscard]] const std::optional<ChainVerdict> &verdict() const { return m_verdict; }
    // The server's verdict, once it answered (or the Problem it answered with).
    [[nodiscard]] const std::optional<AuditVerdict> &serverVerdict() const { return m_serverVerdict; }
    [[nodiscard]] const Problem &serverProblem() const { return m_serverProblem; }
    [[nodiscard]] bool serverAnswered() const { return m_serverVerdict || !m_serverProblem.isNull(); }
    [[nodiscard]] const Problem &lastProblem() const { return m_problem; }

    // Sorts by seq and verifies a whole chain from its genesis: the work the thread does.
    [[nodiscard]] static ChainVerdict verifyWholeChain(QList<AuditEntry> entries);

Q_SIGNALS:
    void stateChanged(portico::AuditChainVerifier::State state);
    void progress(qint64 fetched);
    void finished();             // our verdict is Done or Failed
    void serverVerdictChanged(); // the server answered

private:
    void fetchPage(const QString &cursor);
    void setState(State state);

    ApiClient *m_client;
    QString m_chain;
    QList<AuditEntry> m_entries;
    quint64 m_generation = 0;
    State m_state = State::Idle;
    std::optional<ChainVerdict> m_verdict;
    std::optional<AuditVerdict> m_serverVerdict;
    Problem m_serverProblem;
    Problem m_problem;
    QFutureWatcher<ChainVerdict> *m_watcher = nullptr;
};

} // namespace portico
