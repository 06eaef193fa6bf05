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
// nullopt) each tenant's bucket first, then their sum.
QList<Point> series(store::PgConnection &c, const Metric &m, const Range &range, const std::optional<QUuid> &tenant);
// Each plan's total over range (as series does it per tenant) and how many tenants it has usage of.
QList<PlanTotal> totalsByPlan(store::PgConnection &c, const Metric &m, const Range &range);
// Tenants by their value over range, with the same-length range before it and their plan's median.
QList<TopRow> top(store::PgConnection &c, const Metric &m, const Range &range, int limit, const QString &plan);
// Stores the new events and adds them to the hourly counters in one statement; repeats change nothing.
QList<StoredEvents> storeEvents(store::PgConnection &c, const QUuid &tenant, const EventBatch &batch, const QDateTime &periodStart);
// The tenant's limit overrides (an absent value: the plan's).
void setTenantLimits(store::PgConnection &c, const QUuid &tenant, std::optional<qint64> rate, std::optional<qint64> burst,
                     std::optional<qint64> concurrency, const std::optional<QJsonObject> &quotas);

// Each tenant's total per metric since periodStart (a gauge's highest sample, a counter's sum).
QHash<QPair<QUuid, QString>, qint64> periodTotals(store::PgConnection &c, const QDateTime &periodStart);
// Adds the counts to the hourly rows in one statement.
void addHourly(store::PgConnection &c, const QList<HourlyCount> &counts);
// Records that a tenant crossed threshold % of a quota in a period; false when it was recorded before.
bool recordQuotaNotice(store::PgConnection &c, const QUuid &tenant, const QString &metric, qint64 periodStartMs, int threshold);
// The hour's latest gauge samples (members, storage_bytes) of a tenant.
void setGauges(store::PgConnection &c, const QUuid &tenant, qint64 hourSecs, qint64 members, qint64 storageBytes);

} // namespace usagestore
} // namespace portico::usage
