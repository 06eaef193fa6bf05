#include "server/usage/limits.h"
#include "server/problems.h"
#include "server/store/pg.h"
#include <QJsonDocument>

namespace portico::usage {

QJsonObject Limits::toJson() const
{
    QJsonObject quotaJson;
    for (auto it = quotas.cbegin(); it != quotas.cend(); ++it)
        quotaJson.insert(it.key(), QJsonObject{{QStringLiteral("limit"), it.value().limit}, {QStringLiteral("policy"), toString(it.value().policy)}});
    return {{QStringLiteral("rate_per_second"), ratePerSecond},
            {QStringLiteral("burst"), burst},
            {QStringLiteral("concurrency"), concurrency},
            {QStringLiteral("quotas"), quotaJson}};
}

QHash<QString, Quota> parseQuotas(const QJsonObject &json, const QString &field)
{
    QHash<QString, Quota> out;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString name = field + QLatin1Char('.') + it.key();
        const QJsonObject q = it.value().toObject();
        const double limit = q.value(QStringLiteral("limit")).toDouble(-1);
        // 2^63 and above would wrap to a negative qint64.
        if (!it.value().isObject() || !q.value(QStringLiteral("limit")).isDouble() || limit < 0 || limit != std::floor(limit)
            || limit >= 9223372036854775808.0)
            failValidation(name + QStringLiteral(".limit"), QStringLiteral("A quota needs a whole-number limit of 0 or more (0: unlimited)."));
        const auto policy = parseQuotaPolicy(q.value(QStringLiteral("policy")).toString());
        if (!policy)
            failValidation(name + QStringLiteral(".policy"), QStringLiteral("policy must be one of block, overage, notify."));
        out.insert(it.key(), {qint64(limit), *policy});
    }
    return out;
}

void LimitsTable::load(store::PgConnection &c)
{
    QHash<Plan, Limits> plans;
    const auto p = c.exec(QStringLiteral("SELECT plan, rate_per_second, burst, concurrency, quotas FROM plan_limits"));
    for (int i = 0; i < p.rows(); ++i) {
        Limits l;
        l.ratePerSecond = int(p.integer(i, 1));
        l.burst = int(p.integer(i, 2));
        l.concurrency = int(p.integer(i, 3));
        l.quotas = parseQuotas(p.json(i, 4).toObject(), QStringLiteral("quotas"));
        plans.insert(parsePlan(p.text(i, 0)).value_or(Plan::Free), l);
    }
    QHash<QUuid, Override> overrides;
    const auto t = c.exec(QStringLiteral("SELECT tenant_id, rate_per_second, burst, concurrency, quotas FROM tenant_limits"));
    for (int i = 0; i < t.rows(); ++i) {
        Override o;
        if (!t.isNull(i, 1)) o.rate = int(t.integer(i, 1));
        if (!t.isNull(i, 2)) o.burst = int(t.integer(i, 2));
        if (!t.isNull(i, 3)) o.concurrency = int(t.integer(i, 3));
        if (!t.isNull(i, 4)) o.quotas = parseQuotas(t.json(i, 4).toObject(), QStringLiteral("quotas"));
        if (const auto q = o.quotas.constFind(QStringLiteral("requests")); q != o.quotas.cend())
            o.requests = *q;
        overrides.insert(t.uuid(i, 0), o);
    }
    QHash<Plan, RequestLimits> planRequests;
    for (auto it = plans.cbegin(); it != plans.cend(); ++it)
        planRequests.insert(it.key(), {it->ratePerSecond, it->burst, it->concurrency, it->quotas.value(QStringLiteral("requests"))});
    QWriteLocker lock(&m_lock);
    m_plans = plans;
    m_planRequests = planRequests;
    m_overrides = overrides;
}

RequestLimits LimitsTable::forRequest(const QUuid &tenant, Plan plan) const
{
    QReadLocker lock(&m_lock);
    RequestLimits l = m_planRequests.value(plan);
    if (!m_overrides.isEmpty()) {
        const auto it = m_overrides.constFind(tenant);
        if (it != m_overrides.cend()) {
            l.ratePerSecond = it->rate.value_or(l.ratePerSecond);
            l.burst = it->burst.value_or(l.burst);
            l.concurrency = it->concurrency.value_or(l.concurrency);
            if (it->requests)
                l.requests = *it->requests;
        }
    }
    return l;
}

Limits LimitsTable::forPlan(Plan plan) const
{
    QReadLocker lock(&m_lock);
    return m_plans.value(plan);
}

Limits LimitsTable::forTenant(const QUuid &tenant, Plan plan) const
{
    QReadLocker lock(&m_lock);
    Limits l = m_plans.value(plan);
    const auto it = m_overrides.constFind(tenant);
    if (it != m_overrides.cend()) {
        l.ratePerSecond = it->rate.value_or(l.ratePerSecond);
        l.burst = it->burst.value_or(l.burst);
        l.concurrency = it->concurrency.value_or(l.concurrency);
        for (auto q = it->quotas.cbegin(); q != it->quotas.cend(); ++q)
            l.quotas.insert(q.key(), q.value());
    }
    return l;
}

} // namespace portico::usage
