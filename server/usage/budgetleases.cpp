#include "server/usage/budgetleases.h"
#include "core/nowait.h"
#include "core/timeutil.h"
#include "server/store/database.h"
#include "server/store/pg.h"
#include "server/store/schema.h"
#include <QDateTime>
#include <spdlog/spdlog.h>
#include <algorithm>
#include <cmath>
#include <map>

namespace portico::usage {
namespace {
using namespace std::chrono_literals;

constexpr qint64 kIdleMs = 1000;       // a tenant quiet this long gives its tokens and headroom back
constexpr qint64 kForgetMs = 60000;    // and its slice is forgotten once it holds nothing
constexpr qint64 kPeakHoldMs = 250;    // slots in use this recently are kept
constexpr qint64 kReportMs = 500;      // spent tokens are reported at least this often while busy
constexpr auto kBusyTick = 50ms, kIdleTick = 1000ms, kFailedPause = 200ms;
constexpr auto kMaxWait = 250ms;       // a request waits at most this for a refill

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

QString arrayText(const QStringList &l) { return QStringLiteral("{%1}").arg(l.join(QLatin1Char(','))); }
QString number(double v) { return QString::number(v, 'g', 17); }
} // namespace

BudgetLeases::BudgetLeases(store::Database &db) : m_db(db) {}

BudgetLeases::~BudgetLeases() { stop(); }

void BudgetLeases::start()
{
    if (m_thread.joinable())
        return;
    m_stop = false;
    m_periodStartMs = billingPeriod(QDateTime::currentDateTimeUtc()).start.toMSecsSinceEpoch();
    m_thread = std::thread([this] { run(); });
}

void BudgetLeases::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_wake.notify_all();
        m_answered.notify_all();
    }
    m_thread.join();
}

int BudgetLeases::tokenChunk(const LeaseLimits &l) const
{
    // Alone an instance still leaves three quarters of a burst in the shared bucket, so one that
    // joins finds tokens at once; with others it holds at most 1/(20(n-1)) of a burst.
    const int n = m_live.load();
    return std::max(1, n <= 1 ? l.burst / 4 : l.burst / (20 * (n - 1)));
}

int BudgetLeases::spareSlots(const LeaseLimits &l) const
{
    const int n = m_live.load();
    return n <= 1 ? std::max(1, l.concurrency / 4) : l.concurrency / (20 * (n - 1));
}

qint64 BudgetLeases::headroomChunk(const LeaseLimits &l) const
{
    // Even alone an instance holds little headroom: what a crashed instance held stays spent.
    return std::max<qint64>(1, l.quota / (20 * std::max(1, m_live.load())));
}

void BudgetLeases::configure(Slice &s, const LeaseLimits &limits)
{
    if (s.configured && s.limits == limits)
        return;
    if (s.configured) {
        // What was leased under the old limits goes back; the budget caps it at the new ones.
        s.giveBack += s.tokens;
        s.tokens = 0;
        if (s.limits.quota != limits.quota) {
            s.headroomBack += s.headroom;
            s.headroom = 0;
        }
        s.slots = std::min(s.slots, limits.concurrency);
        s.noTokensUntilMs = s.noHeadroomUntilMs = 0;
        s.fallbackSet = false;
    }
    s.limits = limits;
    s.configured = true;
}

double BudgetLeases::remaining(const Slice &s, qint64 now) const
{
    const double accrued = s.shared + s.limits.rate * double(std::max<qint64>(0, now - s.sharedAtMs)) / 1000.0;
    return std::floor(s.tokens + std::clamp(accrued, 0.0, std::max(0.0, s.limits.burst - s.tokens)));
}

void BudgetLeases::consume(Slice &s, qint64 now)
{
    s.tokens -= 1;
    ++s.inFlight;
    if (s.inFlight >= s.peak) {
        s.peak = s.inFlight;
        s.peakAtMs = now;
    }
    if (s.limits.quota > 0)
        --s.headroom;
    // Refill ahead of need, so the next request finds its slice full.
    if (s.tokens < std::max(1.0, tokenChunk(s.limits) / 2.0) && now >= s.noTokensUntilMs)
        s.wantTokens = true;
    if (s.limits.quota > 0 && s.headroom < std::max<qint64>(1, headroomChunk(s.limits) / 2) && now >= s.noHeadroomUntilMs)
        s.wantHeadroom = true;
    if (s.wantTokens || s.wantHeadroom) {
        m_kick = true;
        m_wake.notify_one();
    }
}

BudgetLeases::Ticket BudgetLeases::fallbackAdmit(Slice &s, qint64 now)
{
    // The database is unreachable: what is held first, then this instance's share of the limit.
    const int share = std::max(1, m_live.load());
    if (!s.fallbackSet) {
        s.fallback = TokenBucket(double(s.limits.rate) / share, std::max(1.0, double(s.limits.burst) / share), now);
        s.fallbackSet = true;
    }
    Ticket t;
    if (s.inFlight >= std::max(s.slots, (s.limits.concurrency + share - 1) / share)) {
        t.outcome = Outcome::TooMany;
        return t;
    }
    if (s.limits.quota > 0 && s.headroom < 1) {
        t.outcome = Outcome::Unavailable;
        t.retryAfterMs = 1000;
        return t;
    }
    if (s.tokens >= 1) {
        s.tokens -= 1;
        t.remaining = std::floor(s.tokens);
    } else {
        const auto d = s.fallback.take(now);
        if (!d.allowed) {
            t.outcome = Outcome::RateLimited;
            t.retryAfterMs = d.retryAfterMs;
            t.resetMs = d.resetMs;
            return t;
        }
        t.remaining = d.remaining;
        t.resetMs = d.resetMs;
    }
    ++s.inFlight;
    if (s.limits.quota > 0)
        --s.headroom;
    return t;
}

BudgetLeases::Ticket BudgetLeases::admit(const QUuid &tenant, const LeaseLimits &limits, qint64 usedInPeriod, qint64 now)
{
    std::unique_lock lock(m_mutex);
    Slice &s = m_slices[tenant]; // references into an unordered_map survive rehashing
    configure(s, limits);
    if (s.periodStartMs != m_periodStartMs.load()) {
        // A new billing month: the budget starts again and last month's headroom means nothing.
        s.periodStartMs = m_periodStartMs.load();
        s.headroom = 0;
        s.noHeadroomUntilMs = 0;
    }
    s.lastUseMs = now;
    s.usedInPeriod = usedInPeriod;
    const auto rateRetry = [&] { return std::max<qint64>(s.noTokensUntilMs - now, std::llround(1000.0 / std::max(1, limits.rate))); };
    const auto refusal = [&](Outcome o, qint64 retryMs) {
        Ticket t;
        t.outcome = o;
        t.retryAfterMs = retryMs;
        t.remaining = remaining(s, now);
        t.resetMs = limits.rate > 0 ? std::llround((limits.burst - t.remaining) * 1000.0 / limits.rate) : 0;
        return t;
    };
    bool waited = false;
    for (;;) {
        const bool slot = s.inFlight < s.slots;
        const bool token = s.tokens >= 1;
        const bool room = limits.quota <= 0 || s.headroom >= 1;
        if (slot && token && room) {
            consume(s, now);
            s.fallbackSet = false;
            Ticket t;
            t.remaining = remaining(s, now);
            t.resetMs = limits.rate > 0 ? std::llround((limits.burst - t.remaining) * 1000.0 / limits.rate) : 0;
            return t;
        }
        if (m_stop || m_failing)
            return fallbackAdmit(s, now);
        // Known empty: refused at once, without asking the database again.
        if (!token && now < s.noTokensUntilMs)
            return refusal(Outcome::RateLimited, rateRetry());
        if (!room && now < s.noHeadroomUntilMs)
            return refusal(Outcome::QuotaExhausted, 0);
        if (waited) {
            if (!slot)
                return refusal(Outcome::TooMany, 1000);
            if (!token)
                return refusal(Outcome::RateLimited, rateRetry());
            return refusal(Outcome::QuotaExhausted, 0);
        }
        if (!slot)
            ++s.slotWaiters;
        if (!token)
            s.wantTokens = true;
        if (!room)
            s.wantHeadroom = true;
        if (mustNotWait()) {
            // Asked for (the keeper fetches it on its tick), not waited for: the request is run
            // again where waiting is fine, and nothing was taken.
            if (!slot)
                --s.slotWaiters;
            m_kick = true;
            m_wake.notify_one();
            throw WouldWait("a limits tick");
        }
        const quint64 target = m_ticksStarted + 1;
        m_kick = true;
        m_wake.notify_one();
        const bool answered = m_answered.wait_for(lock, kMaxWait, [&] { return m_ticksDone >= target || m_stop; });
        if (!slot)
            --s.slotWaiters;
        now = nowMs();
        waited = true;
        if (!answered && !m_stop) {
            // The database is too slow to answer: treat it as unreachable for this request.
            if (s.inFlight < s.slots && s.tokens >= 1 && (limits.quota <= 0 || s.headroom >= 1))
                continue;
            return fallbackAdmit(s, now);
        }
    }
}

void BudgetLeases::release(const QUuid &tenant)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_slices.find(tenant);
    if (it != m_slices.end() && it->second.inFlight > 0)
        --it->second.inFlight;
}

BudgetLeases::Outcome BudgetLeases::takeQuota(const QUuid &tenant, const QString &metric, qint64 quota, qint64 usedInPeriod, qint64 amount)
{
    if (amount <= 0)
        return Outcome::Admitted;
    if (usedInPeriod + amount > quota)
        return Outcome::QuotaExhausted; // what this instance knows of is too much already
    const QuotaKey key{tenant.toRfc4122(), metric};
    qint64 held = 0, period = 0;
    {
        std::lock_guard lock(m_mutex);
        QuotaSlice &q = m_quotas[key];
        period = m_periodStartMs.load();
        if (q.periodStartMs != period) {
            // A new billing month: last month's headroom means nothing.
            q.periodStartMs = period;
            q.headroom = q.back = 0;
        }
        if (q.quota != quota) {
            q.back += q.headroom; // leased under another limit: back, and the budget caps at the new one
            q.headroom = 0;
            q.quota = quota;
        }
        q.lastUseMs = nowMs();
        if (q.headroom >= amount) {
            q.headroom -= amount;
            return Outcome::Admitted;
        }
        // Not enough: what is held is this batch's, and the rest is asked for now.
        held = q.headroom;
        q.headroom = 0;
    }
    const qint64 need = amount - held;
    const qint64 ask = need + std::max<qint64>(1, quota / (20 * std::max(1, m_live.load())));
    qint64 granted = -1;
    try {
        auto c = m_db.control();
        granted = leaseQuota(*c, period, {QuotaBack{tenant, metric, quota, 0}}, {usedInPeriod}, {need}, {ask}).at(0);
    } catch (const std::exception &e) {
        spdlog::warn("quota lease of {} for tenant {} failed: {}", metric.toStdString(), idToString(tenant).toStdString(), e.what());
    }
    std::lock_guard lock(m_mutex);
    QuotaSlice &q = m_quotas[key];
    if (granted < 0) {
        q.headroom += held;
        return Outcome::Unavailable;
    }
    if (granted < need) {
        q.headroom += held;
        q.back += granted; // never more than 0 (all or nothing), but nothing is kept that was not asked for
        return Outcome::QuotaExhausted;
    }
    q.headroom += held + granted - amount;
    return Outcome::Admitted;
}

void BudgetLeases::returnQuota(const QUuid &tenant, const QString &metric, qint64 amount)
{
    if (amount <= 0)
        return;
    std::lock_guard lock(m_mutex);
    const auto it = m_quotas.find({tenant.toRfc4122(), metric});
    if (it != m_quotas.end() && it->second.periodStartMs == m_periodStartMs.load())
        it->second.headroom += amount;
}

std::vector<qint64> BudgetLeases::leaseQuota(store::PgConnection &c, qint64 periodStartMs, const std::vector<QuotaBack> &rows,
                                             const std::vector<qint64> &used, const std::vector<qint64> &need, const std::vector<qint64> &ask)
{
    QStringList tenants, metrics, quotas, useds, needs, asks;
    for (size_t i = 0; i < rows.size(); ++i) {
        tenants << idToString(rows[i].tenant);
        QString m = rows[i].metric; // metric names are [a-z_], but quoted all the same
        metrics << QLatin1Char('"') + m.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\"")) + QLatin1Char('"');
        quotas << QString::number(rows[i].quota);
        useds << QString::number(used[i]);
        needs << QString::number(need[i]);
        asks << QString::number(ask[i]);
    }
    const auto r = c.exec(QStringLiteral("SELECT tenant_id, metric, granted FROM portico_quota_lease($1::timestamptz, $2::uuid[], $3::text[], "
                                         "$4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])"),
                          {toIsoUtc(QDateTime::fromMSecsSinceEpoch(periodStartMs, Qt::UTC)), arrayText(tenants), arrayText(metrics),
                           arrayText(quotas), arrayText(useds), arrayText(needs), arrayText(asks)});
    std::map<std::pair<QUuid, QString>, qint64> granted;
    for (int i = 0; i < r.rows(); ++i)
        granted[{r.uuid(i, 0), r.text(i, 1)}] = r.integer(i, 2);
    std::vector<qint64> out;
    for (const QuotaBack &row : rows) {
        const auto it = granted.find({row.tenant, row.metric});
        out.push_back(it == granted.end() ? 0 : it->second); // a tenant gone meanwhile: nothing
    }
    return out;
}

std::vector<BudgetLeases::QuotaBack> BudgetLeases::collectQuotaBacks(qint64 now, bool leaving)
{
    std::vector<QuotaBack> backs;
    const qint64 period = m_periodStartMs.load();
    for (auto it = m_quotas.begin(); it != m_quotas.end();) {
        QuotaSlice &q = it->second;
        if (q.periodStartMs != period) {
            q.headroom = q.back = 0; // last month's: nothing to give back to this month's budget
            q.periodStartMs = period;
        }
        if (leaving || now - q.lastUseMs > kIdleMs) {
            q.back += q.headroom;
            q.headroom = 0;
        }
        if (q.back > 0) {
            backs.push_back({QUuid::fromRfc4122(it->first.first), it->first.second, q.quota, q.back});
            q.back = 0;
        }
        if (q.headroom == 0 && now - q.lastUseMs > kForgetMs)
            it = m_quotas.erase(it);
        else
            ++it;
    }
    return backs;
}

std::vector<BudgetLeases::Ask> BudgetLeases::collect(qint64 now)
{
    std::vector<Ask> asks;
    for (auto it = m_slices.begin(); it != m_slices.end();) {
        Slice &s = it->second;
        const bool idle = s.inFlight == 0 && s.slotWaiters == 0 && now - s.lastUseMs > kIdleMs;
        if (idle && now - s.lastUseMs > kForgetMs && s.tokens == 0 && s.giveBack == 0 && s.slots == 0 && s.reportedSlots == 0
            && s.headroom == 0 && s.headroomBack == 0 && s.reportedTokens == 0) {
            it = m_slices.erase(it);
            continue;
        }
        if (idle) {
            s.giveBack += s.tokens;
            s.tokens = 0;
            s.headroomBack += s.headroom;
            s.headroom = 0;
        }
        if (!idle && !s.wantTokens && s.tokens >= tokenChunk(s.limits) + 1) {
            // More instances share the budget than when this slice was leased: keep a slice's worth.
            const double excess = std::floor(s.tokens - tokenChunk(s.limits));
            s.tokens -= excess;
            s.giveBack += excess;
        }
        if (now - s.peakAtMs >= kPeakHoldMs) {
            s.peak = s.inFlight;
            s.peakAtMs = now;
        }
        const LeaseLimits &l = s.limits;
        Ask a{it->first, l, s.usedInPeriod, s.tokens, 0, 0, 0};
        // An ask wins over a give-back (one number per tick): what is not given back is simply lost
        // to the fleet until the bucket refills, never counted twice.
        if (s.wantTokens)
            a.tokens = std::max(1.0, tokenChunk(l) - s.tokens);
        else if (s.giveBack > 0)
            a.tokens = -s.giveBack;
        a.slots = std::min(l.concurrency, std::max(s.inFlight + s.slotWaiters + (idle ? 0 : spareSlots(l)), s.peak));
        if (l.quota > 0) {
            if (s.wantHeadroom)
                a.headroom = std::max<qint64>(1, headroomChunk(l) - s.headroom);
            else if (s.headroomBack > 0)
                a.headroom = -s.headroomBack;
        }
        const bool stale = std::abs(s.tokens - s.reportedTokens) >= 1 && now - s.reportedAtMs > kReportMs;
        if (a.tokens == 0 && a.headroom == 0 && a.slots == s.reportedSlots && !stale) {
            ++it;
            continue;
        }
        // Slots given back stop being used now, before the database hands them to another instance.
        s.slots = std::min(s.slots, a.slots);
        s.wantTokens = s.wantHeadroom = false;
        s.giveBack = 0;
        s.headroomBack = 0;
        asks.push_back(a);
        ++it;
    }
    // Every instance locks budgets in the same order, so two ticks never deadlock.
    std::sort(asks.begin(), asks.end(), [](const Ask &x, const Ask &y) { return x.tenant.toRfc4122() < y.tenant.toRfc4122(); });
    return asks;
}

void BudgetLeases::restore(const std::vector<Ask> &asks)
{
    // The call failed: nothing was given back, so it is still ours to spend.
    for (const Ask &a : asks) {
        const auto it = m_slices.find(a.tenant);
        if (it == m_slices.end())
            continue;
        if (a.tokens < 0)
            it->second.tokens += -a.tokens;
        if (a.headroom < 0)
            it->second.headroom += -a.headroom;
    }
}

void BudgetLeases::apply(const std::vector<Ask> &asks, store::PgConnection &c, qint64 periodStartMs)
{
    QStringList tenants, rates, bursts, concurrency, quotas, used, held, tokens, slots, headroom;
    for (const Ask &a : asks) {
        tenants << idToString(a.tenant);
        rates << QString::number(a.limits.rate);
        bursts << QString::number(a.limits.burst);
        concurrency << QString::number(a.limits.concurrency);
        quotas << QString::number(a.limits.quota);
        used << QString::number(a.used);
        held << number(a.held);
        tokens << number(a.tokens);
        slots << QString::number(a.slots);
        headroom << QString::number(a.headroom);
    }
    const auto r = c.exec(QStringLiteral("SELECT tenant_id, granted_tokens, slots, granted_headroom, shared_tokens, live "
                                         "FROM portico_limit_lease($1, $2::timestamptz, $3::uuid[], $4::float8[], $5::float8[], $6::int[], "
                                         "$7::bigint[], $8::bigint[], $9::float8[], $10::float8[], $11::int[], $12::bigint[])"),
                          {m_instance, toIsoUtc(QDateTime::fromMSecsSinceEpoch(periodStartMs, Qt::UTC)), arrayText(tenants),
                           arrayText(rates), arrayText(bursts), arrayText(concurrency), arrayText(quotas), arrayText(used),
                           arrayText(held), arrayText(tokens), arrayText(slots), arrayText(headroom)});
    struct Row { double tokens = 0; int slots = 0; qint64 headroom = 0; double shared = 0; };
    std::map<QUuid, Row> rows;
    for (int i = 0; i < r.rows(); ++i) {
        rows[r.uuid(i, 0)] = {r.text(i, 1).toDouble(), int(r.integer(i, 2)), r.integer(i, 3), r.text(i, 4).toDouble()};
        m_live = std::max<int>(1, int(r.integer(i, 5)));
    }
    if (asks.empty()) {
        // A heartbeat alone: the count of live instances comes from a statement of its own.
        const auto n = c.exec(QStringLiteral("SELECT count(*) FROM limit_instances WHERE seen_at > clock_timestamp() - interval '3 seconds'"));
        m_live = std::max<int>(1, int(n.integer(0, 0)));
    }
    const qint64 now = nowMs();
    std::lock_guard lock(m_mutex);
    for (const Ask &a : asks) {
        const auto it = m_slices.find(a.tenant);
        if (it == m_slices.end())
            continue;
        Slice &s = it->second;
        const Row row = rows.count(a.tenant) ? rows[a.tenant] : Row{};
        const bool sameLimits = s.limits == a.limits;
        if (sameLimits) {
            s.tokens += row.tokens;
            s.headroom += row.headroom;
        } else {
            s.giveBack += row.tokens; // granted under limits that no longer hold
            s.headroomBack += row.headroom;
        }
        s.reportedTokens = a.held + row.tokens;
        s.reportedAtMs = now;
        s.shared = row.shared;
        s.sharedAtMs = now;
        s.slots = row.slots;
        s.reportedSlots = row.slots;
        if (a.tokens > 0 && row.tokens < 1 && a.limits.rate > 0)
            s.noTokensUntilMs = now + std::max<qint64>(1, qint64(std::ceil((1.0 - row.shared) * 1000.0 / a.limits.rate)));
        if (a.headroom > 0 && row.headroom < 1)
            s.noHeadroomUntilMs = now + 1000; // others may give theirs back when idle
    }
}

void BudgetLeases::run()
{
    std::unique_ptr<store::PgConnection> conn;
    bool leaving = false;
    qint64 lastBeatMs = 0;
    for (;;) {
        std::vector<Ask> asks;
        std::vector<QuotaBack> backs;
        qint64 period = 0;
        {
            std::unique_lock lock(m_mutex);
            if (!leaving && !m_stop) {
                bool busy = false;
                const qint64 now = nowMs();
                for (const auto &[id, s] : m_slices)
                    busy = busy || now - s.lastUseMs < 2 * kIdleMs || s.inFlight > 0 || s.slots > 0;
                m_wake.wait_for(lock, busy ? kBusyTick : kIdleTick, [&] { return m_kick || m_stop.load(); });
            }
            m_kick = false;
            if (m_stop && !leaving) {
                // Leaving: everything held goes back so the other instances may use it at once.
                leaving = true;
                for (auto &[id, s] : m_slices) {
                    s.giveBack += s.tokens;
                    s.tokens = 0;
                    s.headroomBack += s.headroom;
                    s.headroom = 0;
                    s.inFlight = s.slotWaiters = s.peak = 0;
                    s.wantTokens = s.wantHeadroom = false;
                    s.lastUseMs = 0;
                }
            }
            ++m_ticksStarted;
            asks = collect(nowMs());
            backs = collectQuotaBacks(nowMs(), leaving);
            period = billingPeriod(QDateTime::currentDateTimeUtc()).start.toMSecsSinceEpoch();
        }
        if (asks.empty() && backs.empty() && !leaving && nowMs() - lastBeatMs < 1000) {
            // Nothing to ask or give back, and the heartbeat is fresh: no call this tick.
            std::lock_guard lock(m_mutex);
            m_ticksDone = m_ticksStarted;
            m_answered.notify_all();
            continue;
        }
        bool ok = true;
        try {
            if (!conn)
                conn = std::make_unique<store::PgConnection>(m_db.controlConfig(QString::fromLatin1(store::kAppRole)));
            if (!backs.empty()) {
                // Event quota headroom this instance no longer needs, in one call.
                std::vector<qint64> need, zero(backs.size(), 0);
                for (const QuotaBack &b : backs)
                    need.push_back(-b.amount);
                leaseQuota(*conn, m_periodStartMs.load(), backs, zero, need, zero);
                backs.clear();
            }
            apply(asks, *conn, period);
            lastBeatMs = nowMs();
            if (leaving)
                conn->exec(QStringLiteral("DELETE FROM limit_instances WHERE instance_id = $1"), {m_instance});
        } catch (const std::exception &e) {
            ok = false;
            conn.reset(); // a fresh connection next time; a broken one would fail for ever
            std::lock_guard lock(m_mutex);
            restore(asks);
            for (const QuotaBack &b : backs) // not given back: still held
                if (const auto it = m_quotas.find({b.tenant.toRfc4122(), b.metric}); it != m_quotas.end())
                    it->second.back += b.amount;
            if (!m_failing)
                spdlog::warn("limit leases: the control plane did not answer ({}); enforcing with what is held and this instance's share", e.what());
        }
        {
            std::lock_guard lock(m_mutex);
            if (ok && m_failing)
                spdlog::info("limit leases: the control plane answers again");
            m_failing = !ok;
            m_periodStartMs = period;
            m_ticksDone = m_ticksStarted;
            m_answered.notify_all();
        }
        if (leaving)
            return;
        if (!ok)
            std::this_thread::sleep_for(kFailedPause);
    }
}

} // namespace portico::usage
