#pragma once
// Usage arithmetic shared by the server (limits, metering, seals) and the console (charts):
// token buckets, quota decisions, day seals, and series downsampling. Pure and clock-free: every
// function takes the time it should use.

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <optional>

namespace portico {

// A token bucket: `ratePerSecond` tokens flow in, at most `burst` are held. Times in milliseconds.
class TokenBucket
{
public:
    TokenBucket() = default;
    TokenBucket(double ratePerSecond, double burst, qint64 nowMs);

    struct Decision
    {
        bool allowed = false;
        double remaining = 0;      // whole tokens left after this request
        qint64 retryAfterMs = 0;   // when refused: until one token is back
        qint64 resetMs = 0;        // until the bucket is full again
    };
    Decision take(qint64 nowMs, double cost = 1.0);
    void reconfigure(double ratePerSecond, double burst, qint64 nowMs);
    [[nodiscard]] double rate() const { return m_rate; }
    [[nodiscard]] double burst() const { return m_burst; }

private:
    void refill(qint64 nowMs);
    double m_rate = 0;
    double m_burst = 0;
    double m_tokens = 0;
    qint64 m_lastMs = 0;
};

enum class QuotaPolicy { Block, Overage, Notify };
QString toString(QuotaPolicy p);
std::optional<QuotaPolicy> parseQuotaPolicy(const QString &s);

struct QuotaDecision
{
    bool allowed = true;
    bool overage = false;              // allowed past the limit (Overage policy)
    QList<int> thresholdsCrossed;      // 80 and/or 100 when this use crosses them
};
// used: before this use; quantity: this use. Limits of 0 or less mean unlimited.
QuotaDecision checkQuota(qint64 used, qint64 quantity, qint64 limit, QuotaPolicy policy);

// The billing period (a calendar month, UTC) holding t, as [start, end).
struct Period { QDateTime start; QDateTime end; };
Period billingPeriod(const QDateTime &t);

// A counter's month to date against a monthly quota: the usage added up bucket by bucket, and
// where the month ends at the rate so far. Buckets are (start ms, value) of `step` (hour, day or
// month); those outside the billing period holding `now` are ignored.
struct MonthToDate
{
    Period period;
    // (ms, used by then): the period's start at 0, then each bucket's end (never later than now).
    QList<QPointF> cumulative;
    double used = 0;
    // used / elapsed × the period's length; none in the period's first hour, too early to say.
    std::optional<double> projected;
    QDateTime now;
};
MonthToDate monthToDate(const QList<QPointF> &buckets, const QString &step, const QDateTime &now);

// One closed day of a tenant's counters, sealed: digest = SHA-256(previous digest || the day's
// rows in a canonical order, one "metric|hour|route_class|quantity\n" line each, hour as epoch seconds).
struct UsageRow
{
    QString metric;
    qint64 hourEpoch = 0;
    QString routeClass;
    qint64 quantity = 0;
};
QByteArray sealDigest(const QByteArray &previousDigest, QList<UsageRow> rows);

// Largest-Triangle-Three-Buckets downsampling: keeps the shape of a series in `threshold` points
// (first and last always kept). Points must be sorted by x.
QList<QPointF> downsampleLttb(const QList<QPointF> &points, int threshold);

} // namespace portico
