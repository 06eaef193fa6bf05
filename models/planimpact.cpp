#include "models/planimpact.h"
#include "client/configtypes.h"

#include <QJsonArray>
#include <map>

namespace portico {
namespace {
QString text(const QJsonValue &v)
{
    return v.isUndefined() ? PlanImpact::tr("(default)") : jsonText(v);
}

std::map<QString, QJsonValue> values(const QJsonObject &plan)
{
    std::map<QString, QJsonValue> out;
    for (const QJsonValue &item : plan.value(QLatin1String("items")).toArray()) {
        const QJsonObject o = item.toObject();
        out[o.value(QLatin1String("key")).toString()] = o.value(QLatin1String("value"));
    }
    return out;
}
} // namespace

PlanImpact::PlanImpact(ApiClient *client, QObject *parent) : QObject(parent), m_client(client) {}

QStringList PlanImpact::describe(const QString &fromPlan, const QJsonObject &from, const QString &toPlan, const QJsonObject &to,
                                 const QList<FlagInfo> &flags)
{
    QStringList lines;
    const auto before = values(from);
    const auto after = values(to);
    std::map<QString, bool> keys;
    for (const auto &[k, v] : before)
        keys[k] = true;
    for (const auto &[k, v] : after)
        keys[k] = true;
    for (const auto &[key, unused] : keys) {
        const auto b = before.find(key);
        const auto a = after.find(key);
        const QJsonValue bv = b == before.end() ? QJsonValue(QJsonValue::Undefined) : b->second;
        const QJsonValue av = a == after.end() ? QJsonValue(QJsonValue::Undefined) : a->second;
        if (bv != av)
            lines << tr("%1: %2 → %3").arg(key, text(bv), text(av));
    }
    for (const FlagInfo &f : flags) {
        const QJsonValue bv = f.plans.contains(fromPlan) ? f.plans.value(fromPlan) : QJsonValue(QJsonValue::Undefined);
        const QJsonValue av = f.plans.contains(toPlan) ? f.plans.value(toPlan) : QJsonValue(QJsonValue::Undefined);
        if (bv != av)
            lines << tr("flag %1: %2 → %3").arg(f.key, bv.isUndefined() ? tr("(not entitled)") : text(bv),
                                                av.isUndefined() ? tr("(not entitled)") : text(av));
    }
    return lines;
}

void PlanImpact::compute(const QString &fromPlan, const QString &toPlan)
{
    const quint64 generation = ++m_generation;
    m_fromPlan = fromPlan;
    m_toPlan = toPlan;
    m_from.reset();
    m_to.reset();
    m_flags.reset();
    m_failures.clear();
    const auto plan = [this, generation](std::optional<QJsonObject> *slot) {
        return [this, generation, slot](const ApiResult<QJsonObject> &r) {
            if (generation != m_generation)
                return;
            if (!r)
                m_failures << r.problem().toDisplayString();
            *slot = r ? r.value() : QJsonObject();
            finishIfComplete();
        };
    };
    m_client->planConfig(fromPlan, this, plan(&m_from));
    m_client->planConfig(toPlan, this, plan(&m_to));
    m_client->listFlags(this, [this, generation](const ApiResult<FlagList> &r) {
        if (generation != m_generation)
            return;
        if (!r)
            m_failures << r.problem().toDisplayString();
        m_flags = r ? r->items : QList<FlagInfo>();
        finishIfComplete();
    });
}

void PlanImpact::finishIfComplete()
{
    if (!m_from || !m_to || !m_flags)
        return;
    const QStringList lines = describe(m_fromPlan, *m_from, m_toPlan, *m_to, *m_flags);
    QString out = tr("What the plan changes (plan layer and flag entitlements; a tenant's own value still wins):");
    out += QLatin1Char('\n') + (lines.isEmpty() ? tr("  nothing in the plan layer or the flags") : QStringLiteral("  ") + lines.join(QStringLiteral("\n  ")));
    if (!m_failures.isEmpty())
        out += QLatin1Char('\n') + tr("Could not read everything: %1").arg(m_failures.join(QStringLiteral("; ")));
    Q_EMIT ready(out);
}

} // namespace portico
