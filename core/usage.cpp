#include "core/usage.h"
#include <QCryptographicHash>
#include <QDateTime>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

namespace portico {

TokenBucket::TokenBucket(double ratePerSecond, double burst, qint64 nowMs)
    : m_rate(ratePerSecond), m_burst(burst), m_tokens(burst), m_lastMs(nowMs) {}

void TokenBucket::refill(qint64 nowMs)
{
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_burst, m_tokens + (nowMs - m_lastMs) * m_rate / 1000.0);
        m_lastMs = nowMs;
    }
}

void TokenBucket::reconfigure(double ratePerSecond, double burst, qint64 nowMs)
{
    refill(nowMs);
    m_rate = ratePerSecond;
    m_burst = burst;
    m_tokens = std::min(m_tokens, m_burst);
}

TokenBucket::Decision TokenBucket::take(qint64 nowMs, double cost)
{
    refill(nowMs);
    Decision d;
    const auto msFor = [this](double tokens) { return m_rate > 0 ? qint64(std::ceil(tokens * 1000.0 / m_rate)) : qint64(3600000); };
    if (m_tokens >= cost) {
        m_tokens -= cost;
        d.allowed = true;
    } else {
        d.retryAfterMs = msFor(cost - m_tokens);
    }
    d.remaining = std::floor(m_tokens);
    d.resetMs = msFor(m_burst - m_tokens);
    return d;
}

QString toString(QuotaPolicy p)
{
    switch (p) {
    case QuotaPolicy::Block: return QStringLiteral("block");
    case QuotaPolicy::Overage: return QStringLiteral("overage");
    case QuotaPolicy::Notify: return QStringLiteral("notify");
    }
    return {};
}

std::optional<QuotaPolicy> parseQuotaPolicy(const QString &s)
{
    for (auto p : {QuotaPolicy::Block, QuotaPolicy::Overage, QuotaPolicy::Notify})
        if (toString(p) == s)
            return p;
    return std::nullopt;
}

QuotaDecision checkQuota(qint64 used, qint64 quantity, qint64 limit, QuotaPolicy policy)
{
    QuotaDecision d;
    if (limit <= 0)
        return d;
    const qint64 after = used + quantity;
    if (after > limit && policy == QuotaPolicy::Block) {
        d.allowed = false;
        return d;
    }
    d.overage = after > limit && policy == QuotaPolicy::Overage;
    for (int pct : {80, 100}) {
        // Crossed by this use: below the mark before, at or above it after (integer arithmetic).
        const bool before = used * 100 >= limit * pct;
        const bool now = after * 100 >= limit * pct;
        if (!before && now)
            d.thresholdsCrossed << pct;
    }
    return d;
}

Period billingPeriod(const QDateTime &t)
{
    const QDate d = t.toUTC().date();
    const QDate first(d.year(), d.month(), 1);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    const QTimeZone utc = QTimeZone::UTC;
#else
    const QTimeZone utc = QTimeZone::utc();
#endif
    return {QDateTime(first, QTime(0, 0), utc), QDateTime(first.addMonths(1), QTime(0, 0), utc)};
}

MonthToDate monthToDate(const QList<QPointF> &buckets, const QString &step, const QDateTime &now)
{
    MonthToDate m;
    m.now = now.toUTC();
    m.period = billingPeriod(m.now);
    const qint64 startMs = m.period.start.toMSecsSinceEpoch(), nowMs = m.now.toMSecsSinceEpoch();
    m.cumulative << QPointF(double(startMs), 0);
    QList<QPointF> sorted = buckets;
    std::sort(sorted.begin(), sorted.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    for (const QPointF &b : std::as_const(sorted)) {
        const qint64 at = qint64(b.x());
        if (at < startMs || at >= m.period.end.toMSecsSinceEpoch() || at > nowMs)
            continue;
        const QDateTime begin = QDateTime::fromMSecsSinceEpoch(at, m.period.start.timeZone());
        const QDateTime end = step == QLatin1String("month") ? begin.addMonths(1) : begin.addSecs(step == QLatin1String("day") ? 86400 : 3600);
        m.used += b.y();
        m.cumulative << QPointF(double(std::min(end.toMSecsSinceEpoch(), nowMs)), m.used);
    }
    const qint64 elapsed = nowMs - startMs;
    if (elapsed >= 3600 * 1000)
        m.projected = m.used * double(m.period.end.toMSecsSinceEpoch() - startMs) / double(elapsed);
    return m;
}

QByteArray sealDigest(const QByteArray &previousDigest, QList<UsageRow> rows)
{
    std::sort(rows.begin(), rows.end(), [](const UsageRow &a, const UsageRow &b) {
        return std::tie(a.metric, a.hourEpoch, a.routeClass) < std::tie(b.metric, b.hourEpoch, b.routeClass);
    });
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(previousDigest);
    for (const UsageRow &r : rows) {
        const QByteArray line = r.metric.toUtf8() + '|' + QByteArray::number(r.hourEpoch) + '|' + r.routeClass.toUtf8() + '|'
                                + QByteArray::number(r.quantity) + '\n';
        h.addData(line);
    }
    return h.result();
}

QList<QPointF> downsampleLttb(const QList<QPointF> &points, int threshold)
{
    const qsizetype n = points.size();
    if (threshold >= n || threshold < 3)
        return points;
    QList<QPointF> out;
    out.reserve(threshold);
    const double every = double(n - 2) / (threshold - 2);
    qsizetype a = 0;
    out << points.first();
    for (int i = 0; i < threshold - 2; ++i) {
        // Average of the next bucket: the third point of the triangle.
        qsizetype avgStart = qsizetype(std::floor((i + 1) * every)) + 1;
        qsizetype avgEnd = std::min<qsizetype>(qsizetype(std::floor((i + 2) * every)) + 1, n);
        double avgX = 0, avgY = 0;
        for (qsizetype j = avgStart; j < avgEnd; ++j) {
            avgX += points[j].x();
            avgY += points[j].y();
        }
        const qsizetype avgLen = std::max<qsizetype>(1, avgEnd - avgStart);
        avgX /= avgLen;
        avgY /= avgLen;
        // The point of this bucket that makes the largest triangle with the last kept point.
        const qsizetype start = qsizetype(std::floor(i * every)) + 1;
        const qsizetype end = qsizetype(std::floor((i + 1) * every)) + 1;
        double maxArea = -1;
        qsizetype chosen = start;
        for (qsizetype j = start; j < end && j < n; ++j) {
            const double area = std::abs((points[a].x() - avgX) * (points[j].y() - points[a].y())
                                         - (points[a].x() - points[j].x()) * (avgY - points[a].y()));
            if (area > maxArea) {
                maxArea = area;
                chosen = j;
            }
        }
        out << points[chosen];
        a = chosen;
    }
    out << points.last();
    return out;
}

} // namespace portico
