#pragma once
// The in-memory flag snapshot every evaluation reads (no database on the hot path), and what keeps
// it fresh: the write transactions (triggers on flags, flag_overrides and tenants.plan) NOTIFY
// 'portico_flags', and the server's one store::NotifyListener reloads the snapshot within a few
// milliseconds of the commit (notifications arriving together: one reload). After a lost
// connection the listener reconnects and this reloads in full, and a reload runs after a quiet
// minute regardless, so a missed notification heals.

#include "core/flags.h"
#include "server/flags/answercache.h"
#include <QObject>
#include <atomic>
#include <memory>
#include <mutex>

namespace portico::store { class Database; class PgConnection; class NotifyListener; }

namespace portico::flags {

class FlagService : public QObject
{
    Q_OBJECT
public:
    explicit FlagService(store::Database &db, QObject *parent = nullptr);
    ~FlagService() override;

    [[nodiscard]] std::shared_ptr<const Snapshot> snapshot() const;
    // Every flag evaluated for a tenant-token request, from the current snapshot's answer cache
    // (AnswerCache): the user is the token's member, else requestedUser. asMap: the snapshot route.
    [[nodiscard]] AnswerCache::Answer evaluations(const QUuid &tenant, const QUuid &member, const QString &requestedUser, bool asMap) const;
    [[nodiscard]] AnswerCache::Stats answerStats() const;
    // Loads flags, overrides and tenant plans and swaps the snapshot. Throws PgError.
    void reload();
    static std::shared_ptr<Snapshot> load(store::PgConnection &c);
    // Keeps the snapshot fresh through the server's listener; before listener.start().
    void listenOn(store::NotifyListener &listener);
    // A listener of its own, for a process that has no shared one (tests driving the pipeline).
    void startListening();
    void stop();
    [[nodiscard]] qint64 reloads() const { return m_reloads.load(); }

private:
    void tryReload();
    store::Database &m_db;
    std::mutex m_reloadMutex; // held through a whole reload
    mutable std::mutex m_mutex;
    std::shared_ptr<const Snapshot> m_snapshot;
    std::shared_ptr<AnswerCache> m_answers; // m_snapshot's, swapped with it
    std::atomic<qint64> m_reloads{0};
    std::unique_ptr<store::NotifyListener> m_ownListener;
};

// The user a tenant-token request evaluates for: the token's member, else requestedUser (a user
// within the token's tenant). FlagService::evaluations and tenantContext both use it.
QString evaluationUser(const QUuid &member, const QString &requestedUser);
// The evaluation context of a tenant-token request: the tenant from the token and its plan from the
// snapshot; the user as evaluationUser says.
Context tenantContext(const Snapshot &snap, const QUuid &tenant, const QUuid &member, const QString &requestedUser);

} // namespace portico::flags
