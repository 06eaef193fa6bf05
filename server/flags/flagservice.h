#pragma once
// The in-memory flag snapshot every evaluation reads (no database on the hot path), and what keeps
// it fresh: a dedicated libpq connection LISTENs on 'portico_flags' on its own thread; the write
// transactions (triggers on flags, flag_overrides and tenants.plan) NOTIFY, and each instance
// reloads within a few milliseconds of the commit. A lost connection is re-established and followed
// by a full reload, and a reload runs every minute regardless, so a missed notification heals.

#include "core/flags.h"
#include <QObject>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

namespace portico::store { class Database; class PgConnection; }

namespace portico::flags {

class FlagService : public QObject
{
    Q_OBJECT
public:
    explicit FlagService(store::Database &db, QObject *parent = nullptr);
    ~FlagService() override;

    [[nodiscard]] std::shared_ptr<const Snapshot> snapshot() const;
    // Loads flags, overrides and tenant plans and swaps the snapshot. Throws PgError.
    void reload();
    static std::shared_ptr<Snapshot> load(store::PgConnection &c);
    void startListening();
    void stop();
    [[nodiscard]] qint64 reloads() const { return m_reloads.load(); }

private:
    void listenLoop();
    store::Database &m_db;
    mutable std::mutex m_mutex;
    std::shared_ptr<const Snapshot> m_snapshot;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_reloads{0};
    std::thread m_thread;
};

// The evaluation context of a tenant-token request: the tenant from the token and its plan from the
// snapshot; the user is the token's member, else requestedUser (a user within the token's tenant).
Context tenantContext(const Snapshot &snap, const QUuid &tenant, const QUuid &member, const QString &requestedUser);

} // namespace portico::flags
