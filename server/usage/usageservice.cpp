#include "server/usage/usageservice.h"
#include "server/isolation/alerts.h"
#include "server/store/database.h"
#include "server/tenants/tenantrepository.h"
#include "server/usage/usagestore.h"
#include <QDateTime>
#include <QElapsedTimer>
#include <spdlog/spdlog.h>
#include "core/timeutil.h"
#include <array>
#include <cmath>
#include <cstring>

namespace portico::usage {
namespace {
qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
qint64 hourOf(qint64 ms) { return ms / 3600000 * 3600; }
// A non-negative integer's digits: QByteArray::number goes through a general formatter, about
// three times the work, and three of these are on every tenant response.
QByteArray decimal(qint64 v)
{
    // Small values (Reset's seconds, a small burst) are shared, made once: no allocation.
    static const std::array<QByteArray, 1024> small = [] {
        std::array<QByteArray, 1024> t;
        for (int i = 0; i < 1024; ++i)
            t[size_t(i)] = QByteArray::number(i);
        return t;
    }();
    if (v >= 0 && v < 1024)
        return small[size_t(v)];
    char buf[20];
    char *p = buf + sizeof buf;
    quint64 u = quint64(std::max<qint64>(0, v));
    do {
        *--p = char('0' + u % 10);
        u /= 10;
    } while (u);
    return QByteArray(p, qsizetype(buf + sizeof buf - p));
}
QByteArray seconds(qint64 ms) { return decimal(std::max<qint64>(1, (ms + 999) / 1000)); }
const QString kRequests = QStringLiteral("requests");
} // namespace

size_t UsageService::mixedHash(const QUuid &id, quint64 extra, size_t seed) noexcept
{
    quint64 hi, lo;
    static_assert(sizeof(QUuid) == 16);
    memcpy(&hi, &id, 8);
    memcpy(&lo, reinterpret_cast<const char *>(&id) + 8, 8);
    quint64 h = hi ^ (lo * 0x9e3779b97f4a7c15ULL) ^ (extra * 0xc2b2ae3d27d4eb4fULL) ^ seed;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return size_t(h);
}

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
    static const QByteArray limit = QByteArrayLiteral("RateLimit-Limit"), left = QByteArrayLiteral("RateLimit-Remaining"),
                            reset = QByteArrayLiteral("RateLimit-Reset");
    http::HeaderList h;
    h.reserve(5); // and room for the pipeline's X-Request-Id and Cache-Control
    // A tenant's burst is the same request after request: its text is kept per thread.
    static thread_local int lastBurst = -1;
    static thread_local QByteArray lastBurstText;
    if (burst != lastBurst) {
        lastBurstText = decimal(burst);
        lastBurst = burst;
    }
    h.append({limit, lastBurstText});
    h.append({left, decimal(qint64(std::max(0.0, remaining)))});
    h.append({reset, seconds(resetMs)});
    return h;
}

UsageService::RequestsUsed UsageService::requestsUsed(const QUuid &tenant, qint64 now) const
{
    QMutexLocker lock(&m_counterMutex);
    rollPeriod(now);
    return {m_periodRequests.value({tenant}), m_periodEndMs - now};
}

http::Response UsageService::quotaExceeded(qint64 limit, qint64 untilNextPeriodMs)
{
    Problem p = Problem::make(429, problem::QuotaExceeded,
                              QStringLiteral("This tenant has used its %1 requests for this billing month; the quota resets at the start of next month.").arg(limit));
    return http::Response::problem(p).withHeader("Retry-After", seconds(untilNextPeriodMs));
}

http::TrafficPolicy::Admission UsageService::admitShared(const auth::Principal &tenant, const RequestLimits &limits, qint64 now)
{
    const Quota quota = limits.requests;
    const bool blocking = quota.limit > 0 && quota.policy == QuotaPolicy::Block;
    const RequestsUsed used = requestsUsed(tenant.tenantId, now);
    Admission a;
    const auto quotaRefusal = [&] { a.refusal = quotaExceeded(quota.limit, used.untilNextPeriodMs); };
    // What this instance has counted already is past the quota: no need to ask the budget.
    if (blocking && !checkQuota(used.count, 1, quota.limit, quota.policy).allowed) {
        quotaRefusal();
        return a;
    }
    const LeaseLimits l{limits.ratePerSecond, limits.burst, limits.concurrency, blocking ? quota.limit : 0};
    const BudgetLeases::Ticket t = m_leases->admit(tenant.tenantId, l, used.count, now);
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

int UsageService::routeClassIndex(const http::Request &request)
{
    // "documents:read", "usage:write", "ofrep:write": coarse enough to aggregate, fine enough to
    // tell costs apart. The area is the first segment after a version segment ("/v1/<area>"),
    // read as a view of the path; the result is the index of its class in a list that only grows
    // by the routes' areas (every route's area segment is literal). Past 4,096 classes, which no
    // route table comes near, a new one counts as other.
    const QStringView path(request.path);
    qsizetype i = 0;
    const auto segment = [&] {
        while (i < path.size() && path[i] == u'/')
            ++i;
        const qsizetype from = i;
        while (i < path.size() && path[i] != u'/')
            ++i;
        return path.sliced(from, i - from);
    };
    const QStringView first = segment();
    const bool versioned = first.size() >= 2 && first.startsWith(u'v');
    QStringView area = versioned ? segment() : first;
    if (area.isEmpty())
        area = u"other";
    const bool read = request.method == "GET" || request.method == "HEAD";
    quint64 h = read ? 1 : 2;
    for (const QChar c : area)
        h = (h ^ c.unicode()) * 0x100000001b3ULL;
    const QLatin1StringView suffix = read ? QLatin1StringView(":read") : QLatin1StringView(":write");
    for (qsizetype k = 0; k < m_routeClassHashes.size(); ++k) {
        if (m_routeClassHashes[k] != h)
            continue;
        const QString &known = m_routeClasses[k];
        const QStringView knownArea = QStringView(known).chopped(suffix.size());
        if (known.endsWith(suffix) && knownArea == area)
            return int(k);
    }
    QString text = area.toString() + suffix;
    if (m_routeClasses.size() >= 4096) {
        const QString other = QStringLiteral("other") + suffix;
        const qsizetype k = m_routeClasses.indexOf(other);
        if (k >= 0)
            return int(k);
        text = other;
    }
    m_routeClasses.append(text);
    m_routeClassHashes.append(h);
    return int(m_routeClasses.size() - 1);
}

void UsageService::load()
{
    reloadLimits();
    const Period period = billingPeriod(QDateTime::currentDateTimeUtc());
    auto totals = usagestore::periodTotals(*m_db.control(), period.start);
    QHash<TenantKey, qint64> requests;
    for (auto it = totals.begin(); it != totals.end();) {
        if (it.key().second == kRequests) {
            requests.insert({it.key().first}, it.value());
            it = totals.erase(it);
        } else {
            ++it;
        }
    }
    QMutexLocker lock(&m_counterMutex);
    m_periodStartMs = period.start.toMSecsSinceEpoch();
    m_periodEndMs = period.end.toMSecsSinceEpoch();
    m_periodUsed = std::move(totals);
    m_periodRequests = std::move(requests);
}

void UsageService::reloadLimits() { m_limits.load(*m_db.control()); }

http::TrafficPolicy::Admission UsageService::admit(const http::Request &, const auth::Principal &tenant)
{
    const RequestLimits limits = m_limits.forRequest(tenant.tenantId, tenant.tenantPlan);
    const qint64 now = nowMs();
    if (m_leases)
        return admitShared(tenant, limits, now);
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
    a.headers = rateHeaders(limits.burst, decision.remaining, decision.resetMs);
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
    const Quota quota = limits.requests;
    if (quota.limit > 0 && quota.policy == QuotaPolicy::Block) {
        const RequestsUsed used = requestsUsed(tenant.tenantId, now);
        if (!checkQuota(used.count, 1, quota.limit, quota.policy).allowed) {
            {
                QMutexLocker lock(&m_stateMutex);
                --m_states[tenant.tenantId].inFlight;
            }
            a.refusal = quotaExceeded(quota.limit, used.untilNextPeriodMs);
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

void UsageService::account(const http::Request &request, const auth::Principal &tenant, const http::Response &response,
                           const http::RequestCost &cost, bool refused)
{
    const qint64 now = nowMs();
    const qint64 hour = hourOf(now);
    const Quota quota = refused ? Quota{} : m_limits.forRequest(tenant.tenantId, tenant.tenantPlan).requests;
    Q_UNUSED(response);
    QMutexLocker lock(&m_counterMutex);
    rollPeriod(now);
    Counts &c = m_pending[{tenant.tenantId, hour, routeClassIndex(request)}];
    if (refused) {
        ++c.refused;
        return;
    }
    ++c.requests;
    c.bytesIn += cost.bytesIn;
    c.bytesOut += cost.bytesOut;
    c.computeMs += (cost.computeMicros + 500) / 1000;
    c.dbMs += (cost.dbMicros + 500) / 1000;
    qint64 &used = m_periodRequests[{tenant.tenantId}];
    const auto decision = checkQuota(used, 1, quota.limit, quota.policy);
    ++used;
    for (int threshold : decision.thresholdsCrossed)
        m_notices.append({tenant.tenantId, kRequests, m_periodStartMs, threshold});
    m_recent.emplace_back(now, tenant.tenantId);
}

qint64 &UsageService::periodSlot(const QUuid &tenant, const QString &metric) const
{
    return metric == kRequests ? m_periodRequests[{tenant}] : m_periodUsed[{tenant, metric}];
}

void UsageService::addToPeriod(const QUuid &tenant, const QString &metric, qint64 quantity)
{
    QMutexLocker lock(&m_counterMutex);
    rollPeriod(nowMs());
    periodSlot(tenant, metric) += quantity;
}

void UsageService::rollPeriod(qint64 nowMs) const
{
    if (nowMs >= m_periodStartMs && nowMs < m_periodEndMs)
        return;
    // A new billing month (or a clock set back past the start of this one): every quota starts again.
    const Period period = billingPeriod(utcFromMs(nowMs));
    const qint64 start = period.start.toMSecsSinceEpoch();
    if (start != m_periodStartMs) {
        m_periodUsed.clear();
        m_periodRequests.clear();
        m_periodStartMs = start;
    }
    m_periodEndMs = period.end.toMSecsSinceEpoch();
}

qint64 UsageService::periodUsed(const QUuid &tenant, const QString &metric) const
{
    QMutexLocker lock(&m_counterMutex);
    rollPeriod(nowMs());
    return metric == kRequests ? m_periodRequests.value({tenant}) : m_periodUsed.value({tenant, metric});
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
    QHash<Key, Counts> pending;
    QList<Notice> notices;
    QList<QString> classes;
    {
        QMutexLocker lock(&m_counterMutex);
        pending.swap(m_pending);
        notices.swap(m_notices);
        classes = m_routeClasses; // only ever appended to: every index in pending is in it
    }
    if (pending.isEmpty() && notices.isEmpty())
        return 0;
    static const QString kRefused = QStringLiteral("requests_refused"), kBytesIn = QStringLiteral("bytes_in"),
                         kBytesOut = QStringLiteral("bytes_out"), kCompute = QStringLiteral("compute_ms"), kDb = QStringLiteral("db_ms");
    QList<HourlyCount> counts;
    counts.reserve(pending.size() * 5);
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        const Key &k = it.key();
        const QString &rc = classes.at(k.routeClass);
        // A metric with nothing to add has no row, as when each was counted on its own.
        const auto row = [&](const QString &metric, qint64 quantity) {
            if (quantity > 0)
                counts.append({k.tenant, metric, k.hour, rc, quantity});
        };
        row(kRequests, it->requests);
        row(kRefused, it->refused);
        row(kBytesIn, it->bytesIn);
        row(kBytesOut, it->bytesOut);
        row(kCompute, it->computeMs);
        row(kDb, it->dbMs);
    }
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
        for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
            Counts &c = m_pending[it.key()];
            c.requests += it->requests;
            c.refused += it->refused;
            c.bytesIn += it->bytesIn;
            c.bytesOut += it->bytesOut;
            c.computeMs += it->computeMs;
            c.dbMs += it->dbMs;
        }
        m_notices += notices;
        return 0;
    }
    return int(counts.size());
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
                qint64 &used = periodSlot(t.id, QStringLiteral("storage_bytes"));
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
