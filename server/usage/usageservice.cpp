#include "server/usage/usageservice.h"
#include "server/isolation/alerts.h"
#include "server/store/database.h"
#include "server/tenants/tenantrepository.h"
#include "server/usage/usagestore.h"
#include <QDateTime>
#include <QElapsedTimer>
#include <spdlog/spdlog.h>
#include <cmath>

namespace portico::usage {
namespace {
qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
qint64 hourOf(qint64 ms) { return ms / 3600000 * 3600; }
QByteArray seconds(qint64 ms) { return QByteArray::number(std::max<qint64>(1, (ms + 999) / 1000)); }
} // namespace

UsageService::UsageService(store::Database &db) : m_db(db) {}

UsageService::~UsageService() { stopSharing(); }

void UsageService::shareAcrossInstances()
{
    if (m_leases)
        return;
    m_leases = std::make_unique<BudgetLeases>(m_db);
    m_leases->start();
}

void UsageService::stopSharing()
{
    if (m_leases)
        m_leases->stop();
}

http::HeaderList UsageService::rateHeaders(int burst, double remaining, qint64 resetMs)
{
    return {{"RateLimit-Limit", QByteArray::number(burst)},
            {"RateLimit-Remaining", QByteArray::number(qint64(std::max(0.0, remaining)))},
            {"RateLimit-Reset", seconds(resetMs)}};
}

http::TrafficPolicy::Admission UsageService::admitShared(const auth::Principal &tenant, const Limits &limits)
{
    const qint64 now = nowMs();
    const auto quota = limits.quotas.value(QStringLiteral("requests"));
    const bool blocking = quota.limit > 0 && quota.policy == QuotaPolicy::Block;
    const qint64 used = periodUsed(tenant.tenantId, QStringLiteral("requests"));
    Admission a;
    const auto quotaRefusal = [&] {
        const qint64 untilNextPeriod = billingPeriod(QDateTime::currentDateTimeUtc()).end.toMSecsSinceEpoch() - now;
        Problem p = Problem::make(429, problem::QuotaExceeded,
                                  QStringLiteral("This tenant has used its %1 requests for this billing month; the quota resets at the start of next month.").arg(quota.limit));
        a.refusal = http::Response::problem(p).withHeader("Retry-After", seconds(untilNextPeriod));
    };
    // What this instance has counted already is past the quota: no need to ask the budget.
    if (blocking && !checkQuota(used, 1, quota.limit, quota.policy).allowed) {
        quotaRefusal();
        return a;
    }
    const LeaseLimits l{limits.ratePerSecond, limits.burst, limits.concurrency, blocking ? quota.limit : 0};
    const BudgetLeases::Ticket t = m_leases->admit(tenant.tenantId, l, used, now);
    a.headers = rateHeaders(limits.burst, t.remaining, t.resetMs);
    const auto refuse = [&](int status, const char *type, const QString &detail, qint64 retryMs) {
        Problem p = Problem::make(status, type, detail);
        a.refusal = http::Response::problem(p);
        if (status != 503) // a 503 database-unavailable carries its own Retry-After
            a.refusal->withHeader("Retry-After", seconds(retryMs));
    };
    switch (t.outcome) {
    case BudgetLeases::Outcome::Admitted: {
        const QUuid id = tenant.tenantId;
        BudgetLeases *leases = m_leases.get();
        a.release = [leases, id] { leases->release(id); };
        return a;
    }
    case BudgetLeases::Outcome::TooMany:
        refuse(429, problem::RateLimited, QStringLiteral("This tenant already has %1 requests in progress, its limit; retry when one has finished.").arg(limits.concurrency), 1000);
        return a;
    case BudgetLeases::Outcome::RateLimited:
        refuse(429, problem::RateLimited, QStringLiteral("This tenant's rate limit is %1 requests per second (bursts of %2); retry after the Retry-After delay.")
                   .arg(limits.ratePerSecond).arg(limits.burst), t.retryAfterMs);
        return a;
    case BudgetLeases::Outcome::QuotaExhausted:
        quotaRefusal();
        return a;
    case BudgetLeases::Outcome::Unavailable:
        refuse(503, problem::DatabaseUnavailable, QStringLiteral("The request quota cannot be checked while the database is unreachable; retry shortly."), t.retryAfterMs);
        return a;
    }
    return a;
}

QString UsageService::routeClass(const http::Request &request)
{
    // "documents:read", "usage:write", "ofrep:write": coarse enough to aggregate, fine enough to
    // tell costs apart. The area is the first segment after a version segment ("/v1/<area>").
    const QStringList parts = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const bool versioned = !parts.isEmpty() && parts.first().size() >= 2 && parts.first().startsWith(QLatin1Char('v'));
    const QString area = versioned ? parts.value(1) : parts.value(0);
    const bool read = request.method == "GET" || request.method == "HEAD";
    return (area.isEmpty() ? QStringLiteral("other") : area) + (read ? QStringLiteral(":read") : QStringLiteral(":write"));
}

void UsageService::load()
{
    reloadLimits();
    const Period period = billingPeriod(QDateTime::currentDateTimeUtc());
    auto totals = usagestore::periodTotals(*m_db.control(), period.start);
    QMutexLocker lock(&m_counterMutex);
    m_periodStartMs = period.start.toMSecsSinceEpoch();
    m_periodUsed = std::move(totals);
}

void UsageService::reloadLimits() { m_limits.load(*m_db.control()); }

http::TrafficPolicy::Admission UsageService::admit(const http::Request &, const auth::Principal &tenant)
{
    const Limits limits = m_limits.forTenant(tenant.tenantId, tenant.tenantPlan);
    if (m_leases)
        return admitShared(tenant, limits);
    const qint64 now = nowMs();
    Admission a;
    TokenBucket::Decision decision;
    bool tooMany = false;
    {
        QMutexLocker lock(&m_stateMutex);
        TenantState &s = m_states[tenant.tenantId];
        if (s.configuredRate != limits.ratePerSecond || s.configuredBurst != limits.burst) {
            if (s.configuredRate == 0)
                s.bucket = TokenBucket(limits.ratePerSecond, limits.burst, now);
            else
                s.bucket.reconfigure(limits.ratePerSecond, limits.burst, now);
            s.configuredRate = limits.ratePerSecond;
            s.configuredBurst = limits.burst;
        }
        if (s.inFlight >= limits.concurrency) {
            tooMany = true;
        } else {
            decision = s.bucket.take(now);
            if (decision.allowed)
                ++s.inFlight;
        }
    }
    a.headers = {{"RateLimit-Limit", QByteArray::number(limits.burst)},
                 {"RateLimit-Remaining", QByteArray::number(qint64(decision.remaining))},
                 {"RateLimit-Reset", seconds(decision.resetMs)}};
    const auto refuse = [&](const QString &detail, qint64 retryMs) {
        Problem p = Problem::make(429, problem::RateLimited, detail);
        a.refusal = http::Response::problem(p).withHeader("Retry-After", seconds(retryMs));
    };
    if (tooMany) {
        refuse(QStringLiteral("This tenant already has %1 requests in progress, its limit; retry when one has finished.").arg(limits.concurrency), 1000);
        return a;
    }
    if (!decision.allowed) {
        refuse(QStringLiteral("This tenant's rate limit is %1 requests per second (bursts of %2); retry after the Retry-After delay.")
                   .arg(limits.ratePerSecond).arg(limits.burst),
               decision.retryAfterMs);
        return a;
    }
    const auto quota = limits.quotas.value(QStringLiteral("requests"));
    if (quota.limit > 0 && quota.policy == QuotaPolicy::Block) {
        const qint64 used = periodUsed(tenant.tenantId, QStringLiteral("requests"));
        if (!checkQuota(used, 1, quota.limit, quota.policy).allowed) {
            {
                QMutexLocker lock(&m_stateMutex);
                --m_states[tenant.tenantId].inFlight;
            }
            const qint64 untilNextPeriod = billingPeriod(QDateTime::currentDateTimeUtc()).end.toMSecsSinceEpoch() - now;
            Problem p = Problem::make(429, problem::QuotaExceeded,
                                      QStringLiteral("This tenant has used its %1 requests for this billing month; the quota resets at the start of next month.").arg(quota.limit));
            a.refusal = http::Response::problem(p).withHeader("Retry-After", seconds(untilNextPeriod));
            return a;
        }
    }
    const QUuid id = tenant.tenantId;
    a.release = [this, id] {
        QMutexLocker lock(&m_stateMutex);
        --m_states[id].inFlight;
    };
    return a;
}

void UsageService::add(const Key &k, qint64 quantity)
{
    if (quantity > 0)
        m_pending[k] += quantity;
}

void UsageService::account(const http::Request &request, const auth::Principal &tenant, const http::Response &response,
                           const http::RequestCost &cost, bool refused)
{
    const qint64 now = nowMs();
    const qint64 hour = hourOf(now);
    const QString rc = routeClass(request);
    const Limits limits = m_limits.forTenant(tenant.tenantId, tenant.tenantPlan);
    QMutexLocker lock(&m_counterMutex);
    rollPeriod();
    if (refused) {
        add({tenant.tenantId, QStringLiteral("requests_refused"), hour, rc}, 1);
        return;
    }
    add({tenant.tenantId, QStringLiteral("requests"), hour, rc}, 1);
    add({tenant.tenantId, QStringLiteral("bytes_in"), hour, rc}, cost.bytesIn);
    add({tenant.tenantId, QStringLiteral("bytes_out"), hour, rc}, cost.bytesOut);
    add({tenant.tenantId, QStringLiteral("compute_ms"), hour, rc}, (cost.computeMicros + 500) / 1000);
    add({tenant.tenantId, QStringLiteral("db_ms"), hour, rc}, (cost.dbMicros + 500) / 1000);
    Q_UNUSED(response);
    qint64 &used = m_periodUsed[{tenant.tenantId, QStringLiteral("requests")}];
    const auto quota = limits.quotas.value(QStringLiteral("requests"));
    const auto decision = checkQuota(used, 1, quota.limit, quota.policy);
    ++used;
    for (int threshold : decision.thresholdsCrossed)
        m_notices.append({tenant.tenantId, QStringLiteral("requests"), m_periodStartMs, threshold});
    m_recent.emplace_back(now, tenant.tenantId);
}

void UsageService::addToPeriod(const QUuid &tenant, const QString &metric, qint64 quantity)
{
    QMutexLocker lock(&m_counterMutex);
    rollPeriod();
    m_periodUsed[{tenant, metric}] += quantity;
}

void UsageService::rollPeriod() const
{
    // A new billing month: every quota starts again. Called with m_counterMutex held.
    const qint64 start = billingPeriod(QDateTime::currentDateTimeUtc()).start.toMSecsSinceEpoch();
    if (start != m_periodStartMs) {
        m_periodUsed.clear();
        m_periodStartMs = start;
    }
}

qint64 UsageService::periodUsed(const QUuid &tenant, const QString &metric) const
{
    QMutexLocker lock(&m_counterMutex);
    rollPeriod();
    return m_periodUsed.value({tenant, metric});
}

UsageService::EventQuota UsageService::takeEventQuota(const QUuid &tenant, const Limits &limits, const QHash<QString, qint64> &totals)
{
    EventQuota out;
    const auto refuse = [&](const QString &metric, qint64 limit, qint64 used) {
        Problem p = Problem::make(429, problem::QuotaExceeded,
                                  QStringLiteral("This batch would take %1 past its monthly quota of %2 (%3 used); nothing was stored.").arg(metric).arg(limit).arg(used));
        p.field = QStringLiteral("events");
        const qint64 untilNextPeriod = QDateTime::currentDateTimeUtc().msecsTo(billingPeriod(QDateTime::currentDateTimeUtc()).end);
        out.refusal = http::Response::problem(p).withHeader("Retry-After", seconds(untilNextPeriod));
    };
    for (auto it = totals.cbegin(); it != totals.cend() && !out.refusal; ++it) {
        const auto quota = limits.quotas.value(it.key());
        const qint64 used = periodUsed(tenant, it.key());
        if (!m_leases || quota.limit <= 0 || quota.policy != QuotaPolicy::Block) {
            if (!checkQuota(used, it.value(), quota.limit, quota.policy).allowed)
                refuse(it.key(), quota.limit, used);
            continue;
        }
        switch (m_leases->takeQuota(tenant, it.key(), quota.limit, used, it.value())) {
        case BudgetLeases::Outcome::Admitted:
            out.taken.insert(it.key(), it.value());
            break;
        case BudgetLeases::Outcome::Unavailable: {
            Problem p = Problem::make(503, problem::DatabaseUnavailable, QStringLiteral("The %1 quota cannot be checked while the database is unreachable; retry shortly.").arg(it.key()));
            out.refusal = http::Response::problem(p).withHeader("Retry-After", "1");
            break;
        }
        default:
            refuse(it.key(), quota.limit, used);
            break;
        }
    }
    if (out.refusal) {
        returnEventQuota(tenant, out.taken); // all or none
        out.taken.clear();
    }
    return out;
}

void UsageService::returnEventQuota(const QUuid &tenant, const QHash<QString, qint64> &unused)
{
    if (!m_leases)
        return;
    for (auto it = unused.cbegin(); it != unused.cend(); ++it)
        m_leases->returnQuota(tenant, it.key(), it.value());
}

void UsageService::noteCrossings(const QUuid &tenant, const QString &metric, const QList<int> &thresholds)
{
    QMutexLocker lock(&m_counterMutex);
    for (int t : thresholds)
        m_notices.append({tenant, metric, m_periodStartMs, t});
}

int UsageService::flush()
{
    QHash<Key, qint64> pending;
    QList<Notice> notices;
    {
        QMutexLocker lock(&m_counterMutex);
        pending.swap(m_pending);
        notices.swap(m_notices);
    }
    if (pending.isEmpty() && notices.isEmpty())
        return 0;
    QList<HourlyCount> counts;
    counts.reserve(pending.size());
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        counts.append({it.key().tenant, it.key().metric, it.key().hour, it.key().routeClass, it.value()});
    try {
        auto c = m_db.control();
        usagestore::addHourly(*c, counts);
        for (const Notice &n : notices) {
            if (usagestore::recordQuotaNotice(*c, n.tenant, n.metric, n.periodStartMs, n.threshold))
                isolation::raiseAlert(m_db, n.threshold >= 100 ? QStringLiteral("high") : QStringLiteral("warning"), QStringLiteral("usage.quota"),
                                      n.tenant, QStringLiteral("The tenant has used %1% of its monthly %2 quota.").arg(n.threshold).arg(n.metric), {});
        }
    } catch (const std::exception &e) {
        // Keep the counts for the next flush rather than lose them.
        spdlog::error("usage flush failed, retrying later: {}", e.what());
        QMutexLocker lock(&m_counterMutex);
        for (auto it = pending.cbegin(); it != pending.cend(); ++it)
            m_pending[it.key()] += it.value();
        m_notices += notices;
        return 0;
    }
    return int(pending.size());
}

void UsageService::checkShares()
{
    const qint64 now = nowMs();
    QHash<QUuid, qint64> counts;
    qint64 total = 0;
    {
        QMutexLocker lock(&m_counterMutex);
        while (!m_recent.empty() && m_recent.front().first < now - 60000)
            m_recent.pop_front();
        for (const auto &[at, tenant] : m_recent) {
            ++counts[tenant];
            ++total;
        }
    }
    if (total < 600) // under 10 requests per second nobody is crowding anybody out
        return;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() * 2 <= total)
            continue;
        {
            QMutexLocker lock(&m_counterMutex);
            qint64 &last = m_shareAlertedMs[it.key()];
            if (now - last < 600000)
                continue;
            last = now;
        }
        isolation::raiseAlert(m_db, QStringLiteral("warning"), QStringLiteral("usage.outsized_share"), it.key(),
                              QStringLiteral("The tenant made %1 of the last minute's %2 requests (%3%).")
                                  .arg(it.value()).arg(total).arg(it.value() * 100 / total),
                              {});
    }
}

} // namespace portico::usage

namespace portico::usage {

int UsageService::sampleGauges()
{
    // Each tenant's figures come through its own TenantSession (isolation holds: no statement reads
    // several tenants' rows); they are written a chunk at a time, one statement per chunk. A stop
    // (interruptBackground) is seen between tenants, so shutdown never waits for the whole fleet.
    static constexpr int kChunk = 2000;
    QElapsedTimer took;
    took.start();
    const QList<Tenant> all = tenants::TenantRepository(*m_db.control()).all();
    const qint64 hour = hourOf(nowMs());
    spdlog::info("usage gauges: sampling {} tenants", all.size());
    int sampled = 0, seen = 0;
    QList<usagestore::GaugeSample> chunk;
    chunk.reserve(kChunk);
    const auto write = [&] {
        if (chunk.isEmpty())
            return;
        try {
            sampled += usagestore::setGauges(*m_db.control(), hour, chunk);
        } catch (const std::exception &e) {
            spdlog::warn("usage gauges of {} tenants could not be written: {}", chunk.size(), e.what());
        }
        chunk.clear();
    };
    for (const Tenant &t : all) {
        if (m_interrupted.load())
            break;
        ++seen;
        try {
            const TenantStats stats = tenants::statsOf(m_db, {t.id, t.placement});
            const qint64 storage = stats.storageBytes;
            chunk.append({t.id, stats.members, storage});
            const auto quota = m_limits.forTenant(t.id, t.plan).quotas.value(QStringLiteral("storage_bytes"));
            qint64 previous;
            {
                QMutexLocker lock(&m_counterMutex);
                qint64 &used = m_periodUsed[{t.id, QStringLiteral("storage_bytes")}];
                previous = used;
                used = std::max(used, storage);
            }
            // Storage is sampled, not admitted: a crossing always alerts, whatever the policy.
            const auto decision = checkQuota(std::min(previous, storage), std::max<qint64>(0, storage - previous), quota.limit, QuotaPolicy::Notify);
            noteCrossings(t.id, QStringLiteral("storage_bytes"), decision.thresholdsCrossed);
        } catch (const std::exception &e) {
            spdlog::warn("usage sample of tenant {} failed: {}", idToString(t.id).toStdString(), e.what());
        }
        if (chunk.size() >= kChunk)
            write();
    }
    write(); // what was sampled before a stop is kept too
    if (m_interrupted.load())
        spdlog::info("usage gauges: sample interrupted by shutdown after {} of {} tenants ({} written) in {} ms", seen, all.size(), sampled, took.elapsed());
    else
        spdlog::info("usage gauges: sampled {} of {} tenants in {} ms", sampled, all.size(), took.elapsed());
    return sampled;
}

} // namespace portico::usage
