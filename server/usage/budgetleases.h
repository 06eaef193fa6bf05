#pragma once
// A tenant's rate, concurrency and blocking request quota, held across server instances.
//
// The budget lives in the control plane (limit_budgets, migration 015); each instance leases
// slices of it and spends them in memory, so admission stays free of database round trips:
// - rate: whole tokens taken from a shared token bucket; the fleet never holds more than a burst;
// - concurrency: slots, as many as the other instances leave;
// - quota: headroom handed out against the period's limit.
// A keeper thread makes one batched call per tick (portico_limit_lease) for every tenant that
// needs something: a refill when a slice runs low, slots for waiting requests, give-backs of what
// an idle tenant holds, and the heartbeat that tells every instance how many share the budgets.
// Slices are sized by that count: alone an instance takes a quarter of a burst (so one that joins
// finds most of it); with N it takes at most 1/(20(N-1)) of it, so what the others sit on stays
// within 5 % of the limit, and a slice leased when there were fewer is trimmed to that size.
// A request whose slice is empty waits for the next tick (about one round trip, at most 250 ms),
// then is refused. While the database is unreachable each instance enforces with what it holds
// and then with its share (limit / instances last seen) of rate and concurrency; a blocking quota
// fails closed past the headroom held (503), so a lost database never grants quota twice.
//
// The blocking quotas of external events (POST /v1/usage/events) are budgets too, per tenant and
// metric (limit_quota_budgets, migration 017): takeQuota() spends a batch's total from the
// headroom held, and when that is not enough asks the control plane at once (the batch is being
// stored anyway) for what is missing plus a chunk of quota/(20N); all of it or nothing. Unused
// headroom goes back with returnQuota(), when the tenant is idle for a second, and at stop.

#include "core/usage.h"
#include <QString>
#include <QUuid>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace portico::store { class Database; class PgConnection; }

namespace portico::usage {

struct LeaseLimits
{
    int rate = 0, burst = 0, concurrency = 0;
    qint64 quota = 0; // the monthly request quota when its policy blocks; 0: none
    bool operator==(const LeaseLimits &) const = default;
};

class BudgetLeases
{
public:
    explicit BudgetLeases(store::Database &db);
    ~BudgetLeases();
    BudgetLeases(const BudgetLeases &) = delete;
    BudgetLeases &operator=(const BudgetLeases &) = delete;

    void start();
    // Gives back everything held and leaves the fleet, so the others may use it at once.
    void stop();

    enum class Outcome { Admitted, TooMany, RateLimited, QuotaExhausted, Unavailable };
    struct Ticket
    {
        Outcome outcome = Outcome::Admitted;
        qint64 retryAfterMs = 0;
        double remaining = 0; // rate tokens left, this slice and the shared bucket as last seen
        qint64 resetMs = 0;   // until a full burst is back
    };
    // usedInPeriod: the period's usage as this instance knows it (the start of a new budget).
    Ticket admit(const QUuid &tenant, const LeaseLimits &limits, qint64 usedInPeriod, qint64 nowMs);
    // An admitted request is over: its concurrency slot is free again.
    void release(const QUuid &tenant);

    // Takes amount of a blocking quota of metric (external events), all or nothing: Admitted,
    // QuotaExhausted, or Unavailable when the control plane cannot be asked and too little is held.
    Outcome takeQuota(const QUuid &tenant, const QString &metric, qint64 quota, qint64 usedInPeriod, qint64 amount);
    // Headroom taken and not used (duplicates, a batch that was not stored) is held again.
    void returnQuota(const QUuid &tenant, const QString &metric, qint64 amount);

    [[nodiscard]] int liveInstances() const { return m_live.load(); }
    [[nodiscard]] QUuid instanceId() const { return m_instance; }

private:
    struct Slice
    {
        LeaseLimits limits;
        bool configured = false;
        double tokens = 0, giveBack = 0;      // leased and unspent; taken out to return at the next tick
        int slots = 0, inFlight = 0, slotWaiters = 0;
        int peak = 0;                         // slots are kept while in use lately, not given back between requests
        qint64 peakAtMs = 0;
        qint64 headroom = 0, headroomBack = 0;
        bool wantTokens = false, wantHeadroom = false;
        qint64 noTokensUntilMs = 0, noHeadroomUntilMs = 0; // the budget was empty: refuse without asking until then
        double shared = 0;                    // the shared bucket as the last tick saw it
        qint64 sharedAtMs = 0, lastUseMs = 0, reportedAtMs = 0;
        double reportedTokens = 0;
        int reportedSlots = 0;
        qint64 usedInPeriod = 0, periodStartMs = 0;
        TokenBucket fallback;                 // the share enforced while the database is unreachable
        bool fallbackSet = false;
    };
    struct Ask
    {
        QUuid tenant;
        LeaseLimits limits;
        qint64 used = 0;
        double held = 0, tokens = 0;
        int slots = 0;
        qint64 headroom = 0;
    };
    struct UuidHash { size_t operator()(const QUuid &u) const { return qHash(u); } };
    struct QuotaSlice
    {
        qint64 quota = 0, headroom = 0, back = 0; // held; taken out to give back at the next tick
        qint64 periodStartMs = 0, lastUseMs = 0;
    };
    using QuotaKey = std::pair<QByteArray, QString>; // the tenant's id (RFC 4122 bytes: the lock order), metric
    struct QuotaBack { QUuid tenant; QString metric; qint64 quota = 0, amount = 0; };

    void run();
    std::vector<Ask> collect(qint64 nowMs);
    void apply(const std::vector<Ask> &asks, store::PgConnection &c, qint64 periodStartMs);
    void restore(const std::vector<Ask> &asks);
    std::vector<QuotaBack> collectQuotaBacks(qint64 nowMs, bool leaving);
    static std::vector<qint64> leaseQuota(store::PgConnection &c, qint64 periodStartMs, const std::vector<QuotaBack> &rows,
                                          const std::vector<qint64> &used, const std::vector<qint64> &need, const std::vector<qint64> &ask);
    void configure(Slice &s, const LeaseLimits &limits);
    Ticket fallbackAdmit(Slice &s, qint64 nowMs);
    void consume(Slice &s, qint64 nowMs);
    [[nodiscard]] double remaining(const Slice &s, qint64 nowMs) const;
    [[nodiscard]] int tokenChunk(const LeaseLimits &l) const;
    [[nodiscard]] int spareSlots(const LeaseLimits &l) const;
    [[nodiscard]] qint64 headroomChunk(const LeaseLimits &l) const;

    store::Database &m_db;
    const QUuid m_instance = QUuid::createUuid();
    std::mutex m_mutex;
    std::condition_variable m_wake, m_answered;
    std::unordered_map<QUuid, Slice, UuidHash> m_slices;
    std::map<QuotaKey, QuotaSlice> m_quotas;
    bool m_kick = false;
    quint64 m_ticksStarted = 0, m_ticksDone = 0;
    bool m_failing = false;
    std::atomic<int> m_live{1};
    std::atomic<qint64> m_periodStartMs{0};
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace portico::usage
