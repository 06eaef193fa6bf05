#pragma once
// Limits per plan with per-tenant overrides, as loaded from plan_limits and tenant_limits.

#include "core/tenant.h"
#include "core/usage.h"
#include <QHash>
#include <QJsonObject>
#include <QReadWriteLock>

namespace portico::store { class PgConnection; }

namespace portico::usage {

struct Quota
{
    qint64 limit = 0;
    QuotaPolicy policy = QuotaPolicy::Notify;
};

struct Limits
{
    int ratePerSecond = 10;
    int burst = 30;
    int concurrency = 4;
    QHash<QString, Quota> quotas; // by metric, per billing month
    QJsonObject toJson() const;
};

// Parses {"metric": {"limit": n, "policy": "..."}}; throws ProblemException naming the field.
QHash<QString, Quota> parseQuotas(const QJsonObject &json, const QString &field);

// What every tenant request reads: the figures of Limits without its quota map (no copy of it and
// no lookup by metric name on the request path), with the monthly "requests" quota resolved.
struct RequestLimits
{
    int ratePerSecond = 10;
    int burst = 30;
    int concurrency = 4;
    Quota requests; // limit 0: none
};

class LimitsTable
{
public:
    void load(store::PgConnection &control);
    [[nodiscard]] Limits forTenant(const QUuid &tenant, Plan plan) const;
    [[nodiscard]] Limits forPlan(Plan plan) const;
    // forTenant's figures for the request path; the same values, resolved when loaded.
    [[nodiscard]] RequestLimits forRequest(const QUuid &tenant, Plan plan) const;

private:
    struct Override
    {
        std::optional<int> rate, burst, concurrency;
        QHash<QString, Quota> quotas;
        std::optional<Quota> requests; // quotas["requests"], when set
    };
    QHash<Plan, RequestLimits> m_planRequests;
    mutable QReadWriteLock m_lock;
    QHash<Plan, Limits> m_plans;
    QHash<QUuid, Override> m_overrides;
};

} // namespace portico::usage
