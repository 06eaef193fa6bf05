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

class LimitsTable
{
public:
    void load(store::PgConnection &control);
    [[nodiscard]] Limits forTenant(const QUuid &tenant, Plan plan) const;
    [[nodiscard]] Limits forPlan(Plan plan) const;

private:
    struct Override
    {
        std::optional<int> rate, burst, concurrency;
        QHash<QString, Quota> quotas;
    };
    mutable QReadWriteLock m_lock;
    QHash<Plan, Limits> m_plans;
    QHash<QUuid, Override> m_overrides;
};

} // namespace portico::usage
