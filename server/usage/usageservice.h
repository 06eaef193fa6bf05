#pragma once
// Per-tenant limits and metering in the request pipeline.
//
// admit(): a token bucket and a concurrency count per tenant, and the monthly request quota,
// all in memory: checking costs no database round trip. account(): adds the request to hourly
// counters in memory (requests, bytes, compute and database time, by route class); flush() writes
// them in one statement every few seconds, with any quota notices. Period totals for quotas are
// loaded once at start and kept up to date in memory. With shareAcrossInstances() the rate,
// concurrency and blocking request quota are leased slices of one budget per tenant shared by every
// instance (BudgetLeases); without it (a single process, tst_pipeline) they are this process's own.

#include "core/usage.h"
#include "server/http/trafficpolicy.h"
#include "server/usage/budgetleases.h"
#include "server/usage/limits.h"
#include <QHash>
#include <QMutex>
#include <atomic>
#include <deque>
#include <memory>
#include <optional>

namespace portico::store { class Database; }

namespace portico::usage {

class UsageService : public http::TrafficPolicy
{
public:
    explicit UsageService(store::Database &db);
    ~UsageService() override;

    // Leases this tenant's limits from the budget every instance shares; stopSharing() gives back
    // what is held. Call after load(), before serving.
    void shareAcrossInstances();
    void stopSharing();

    Admission admit(const http::Request &request, const auth::Principal &tenant) override;
    void account(const http::Request &request, const auth::Principal &tenant, const http::Response &response,
                 const http::RequestCost &cost, bool refused) override;

    // Loads limits and this period's totals; call at start.
    void load();
    void reloadLimits();
    // Reloads through c, inside its transaction (so a change about to commit is already seen).
    void reloadLimits(store::PgConnection &c) { m_limits.load(c); }
    // Writes pending counters and notices; returns rows written. Safe to call from any thread.
    int flush();
    // Adds external quantities of this billing period already stored (POST /v1/usage/events).
    void addToPeriod(const QUuid &tenant, const QString &metric, qint64 quantity);
    [[nodiscard]] qint64 periodUsed(const QUuid &tenant, const QString &metric) const;
    [[nodiscard]] const LimitsTable &limits() const { return m_limits; }

    // External events: takes each metric's batch total from its blocking quota, all metrics or none
    // (across instances when shared: BudgetLeases::takeQuota). refusal is the answer when it could
    // not (429 quota-exceeded, or 503 when the shared budget cannot be asked); taken is what to
    // hand back with returnEventQuota for whatever the batch did not store.
    struct EventQuota
    {
        std::optional<http::Response> refusal;
        QHash<QString, qint64> taken;
    };
    EventQuota takeEventQuota(const QUuid &tenant, const Limits &limits, const QHash<QString, qint64> &totals);
    void returnEventQuota(const QUuid &tenant, const QHash<QString, qint64> &unused);

    // Sets quota notices aside for a crossing found outside the pipeline (external events).
    void noteCrossings(const QUuid &tenant, const QString &metric, const QList<int> &thresholds);

    // Alerts when one tenant took more than half of all requests over the last minute.
    void checkShares();
    // Samples storage bytes and member counts of every tenant into hourly gauges, written in
    // chunks of a few thousand tenants per statement; returns the tenants written.
    int sampleGauges();
    // Shutdown: a sample in progress stops at the next tenant (what it sampled is written).
    void interruptBackground() { m_interrupted = true; }
    [[nodiscard]] bool interrupted() const { return m_interrupted.load(); }

private:
    // The tenant's requests counted in this billing period, and how long until the next one.
    struct RequestsUsed
    {
        qint64 count = 0;
        qint64 untilNextPeriodMs = 0;
    };
    [[nodiscard]] RequestsUsed requestsUsed(const QUuid &tenant, qint64 now) const;
    static http::Response quotaExceeded(qint64 limit, qint64 untilNextPeriodMs);
    // One key per tenant, hour and route class, holding every counter of a request: the hot
    // path hashes one small key, not one per metric with two strings in each.
    struct Key
    {
        QUuid tenant;
        qint64 hour;
        int routeClass; // index into m_routeClasses
        bool operator==(const Key &o) const = default;
    };
    friend size_t qHash(const Key &k, size_t seed) noexcept { return mixedHash(k.tenant, quint64(k.hour) * 1024 + quint64(k.routeClass), seed); }
    struct Counts
    {
        qint64 requests = 0, refused = 0, bytesIn = 0, bytesOut = 0, computeMs = 0, dbMs = 0;
    };
    // A tenant id as a hash key with all its bits mixed (qHash(QUuid) folds them).
    struct TenantKey
    {
        QUuid id;
        bool operator==(const TenantKey &o) const = default;
    };
    friend size_t qHash(const TenantKey &k, size_t seed) noexcept { return mixedHash(k.id, 0, seed); }
    static size_t mixedHash(const QUuid &id, quint64 extra, size_t seed) noexcept;
    struct TenantState
    {
        TokenBucket bucket;
        int inFlight = 0;
        int configuredRate = 0, configuredBurst = 0;
    };
    struct Notice { QUuid tenant; QString metric; qint64 periodStartMs; int threshold; };

    Admission admitShared(const auth::Principal &tenant, const RequestLimits &limits, qint64 now);
    static http::HeaderList rateHeaders(int burst, double remaining, qint64 resetMs);
    // A new billing month clears every period total; with m_counterMutex held. The month's bounds
    // are kept, so a request compares two integers (billingPeriod builds QDateTimes).
    void rollPeriod(qint64 nowMs) const;
    qint64 &periodSlot(const QUuid &tenant, const QString &metric) const; // with m_counterMutex held
    int routeClassIndex(const http::Request &request); // with m_counterMutex held

    store::Database &m_db;
    LimitsTable m_limits;
    std::unique_ptr<BudgetLeases> m_leases;

    mutable QMutex m_stateMutex;
    QHash<QUuid, TenantState> m_states;

    mutable QMutex m_counterMutex;
    QHash<Key, Counts> m_pending;
    QList<QString> m_routeClasses;          // "flags:read", ...: a few dozen, from the routes' paths
    QList<quint64> m_routeClassHashes;
    mutable QHash<QPair<QUuid, QString>, qint64> m_periodUsed; // every metric but requests
    mutable QHash<TenantKey, qint64> m_periodRequests;         // requests, read and added per request
    mutable qint64 m_periodStartMs = 0, m_periodEndMs = 0;
    QList<Notice> m_notices;
    std::deque<std::pair<qint64, QUuid>> m_recent; // (ms, tenant) of the last minute's requests
    QHash<QUuid, qint64> m_shareAlertedMs;
    std::atomic<bool> m_interrupted{false};
};

} // namespace portico::usage
