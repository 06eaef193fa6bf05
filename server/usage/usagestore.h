#pragma once
// Usage's SQL on the control plane: the metric catalogue, bucketed series (one tenant's or the
// fleet's), top consumers, external events and limit overrides. The hot path (admission and
// metering) never comes here; UsageService keeps that in memory.

#include "core/tenant.h"
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <optional>

namespace portico::store { class PgConnection; }

namespace portico::usage {

struct Metric
{
    QString name, unit, kind, description;
    bool external = false;
    QString label; // readable: "Emails sent" for emails_sent
    [[nodiscard]] bool isGauge() const { return kind == QLatin1String("gauge"); }
};

struct Range
{
    QDateTime from, to;
    QString step; // hour, day, month
};

struct Point
{
    qint64 atMs = 0;
    qint64 value = 0;
};

struct PlanTotal
{
    QString plan;
    qint64 total = 0, tenants = 0;
};

struct TopRow
{
    QUuid id;
    QString slug, name, plan, state;
    qint64 value = 0, previous = 0;
    double planMedian = 0;
};

// Events that passed validation, in parallel lists, each id once.
struct EventBatch
{
    QStringList ids, metrics;
    QList<qint64> quantities;
    QList<QDateTime> times;
};

struct StoredEvents
{
    QString metric;
    qint64 thisPeriod = 0; // of the quantity stored, what falls in the period that began at periodStart
    qint64 count = 0;      // events stored (repeats of stored ids are not)
};

// Counted requests, bytes and times of one (tenant, metric, hour, route class), to add.
struct HourlyCount
{
    QUuid tenant;
    QString metric;
    qint64 hourSecs = 0; // the hour's start, seconds since the epoch
    QString routeClass;
    qint64 quantity = 0;
};

namespace usagestore {

QHash<QString, Metric> metrics(store::PgConnection &c);
// Points per step bucket: a counter's sum, a gauge's highest sample; for the fleet (tenant
// nullopt) each tenant's bucket first, then their sum. Whole days and months are read from the
// daily and monthly rollups (step day: days; step month: months and days), the hours of partial
// days from usage_hourly (its month partitions pruned by the range); the figures are the same.
QList<Point> series(store::PgConnection &c, const Metric &m, const Range &range, const std::optional<QUuid> &tenant);
// Each plan's total over range (as series does it per tenant) and how many tenants it has usage of.
// One day or month: the fleet rollups. Whole days of a counter up to the latest day: the fleet
// rollups and usage_tenant_last. Otherwise computed per tenant and kept in usage_fleet_cache with
// the fingerprint (versions) of the fleet rollups of its buckets, reused while it holds.
QList<PlanTotal> totalsByPlan(store::PgConnection &c, const Metric &m, const Range &range);
// Tenants by their value over range, with the same-length range before it and their plan's median.
// The period top compares with: the same number of calendar months before a range of whole months,
// otherwise the same length just before it.
Range previousRange(const Range &range);
// Over whole days and months, by a threshold scan of the rollups' (metric, bucket, quantity DESC)
// indexes, with the medians of the shown plans only (kept like by_plan's figures); otherwise, or
// when the top needs tenants without usage, by grouping every tenant. today (UTC) splits a range
// of whole days that runs into it: the medians add each tenant's value over the days before it,
// kept (keepClosedValues), to its value from today on, read at each request.
QList<TopRow> top(store::PgConnection &c, const Metric &m, const Range &range, int limit, const QString &plan, const QDate &today);
// Keeps each tenant's value of metric over the days [from, to) (usage_closed_sets, with the
// fingerprint of their fleet rollups) unless a set with the fingerprint they have now is kept;
// drops sets that end before `to`. Not inside a transaction: it commits its own.
void keepClosedValues(store::PgConnection &c, const Metric &m, const QDate &from, const QDate &to);
// Stores the new events and adds them to the hourly counters in one statement; repeats change nothing.
QList<StoredEvents> storeEvents(store::PgConnection &c, const QUuid &tenant, const EventBatch &batch, const QDateTime &periodStart);
// The tenant's limit overrides (an absent value: the plan's).
void setTenantLimits(store::PgConnection &c, const QUuid &tenant, std::optional<qint64> rate, std::optional<qint64> burst,
                     std::optional<qint64> concurrency, const std::optional<QJsonObject> &quotas);

// Each tenant's total per metric in the billing month starting at periodStart (a gauge's highest
// sample, a counter's sum), from the monthly rollups.
QHash<QPair<QUuid, QString>, qint64> periodTotals(store::PgConnection &c, const QDateTime &periodStart);
// Adds the counts to the hourly rows in one statement.
void addHourly(store::PgConnection &c, const QList<HourlyCount> &counts);
// Records that a tenant crossed threshold % of a quota in a period; false when it was recorded before.
bool recordQuotaNotice(store::PgConnection &c, const QUuid &tenant, const QString &metric, qint64 periodStartMs, int threshold);
// The hour's latest gauge samples (members, storage_bytes) of many tenants, in one statement;
// tenants deleted since they were sampled are skipped. Returns the tenants written.
struct GaugeSample { QUuid tenant; qint64 members = 0; qint64 storageBytes = 0; };
int setGauges(store::PgConnection &c, qint64 hourSecs, const QList<GaugeSample> &samples);

// Partitions of usage_hourly (one per UTC month): makes those of the month holding now and of the
// `ahead` months after it, returning the names made; drops those of months before keepFrom (the
// rollups stay), returning the names dropped.
QStringList ensurePartitions(store::PgConnection &c, const QDateTime &now, int ahead);
QStringList dropPartitionsBefore(store::PgConnection &c, const QDate &keepFrom);
// Sets the tenant's daily rollups of days [from, to) to what their hourly rows add up to, and the
// monthly rollups of the months corrected to their days; returns the days corrected (0 when the
// rollups were right, as they should be).
int reconcileRollups(store::PgConnection &c, const QUuid &tenant, const QDate &from, const QDate &to);

} // namespace usagestore
} // namespace portico::usage
