#include "server/config/bulkplan.h"

namespace portico::config {

BulkPlan planBulk(ConfigStore &store, store::PgConnection &control, const KeyDef &d, const QList<Tenant> &targets, const Opt &value)
{
    BulkPlan plan;
    plan.targets = int(targets.size());
    QHash<int, QHash<QString, QJsonValue>> plans;
    for (const Tenant &t : targets) {
        if (!plans.contains(int(t.plan)))
            plans.insert(int(t.plan), ConfigStore::planValues(control, t.plan));
        const Opt before = store.tenantValue({t.id, t.placement}, d.key);
        if (before == value)
            continue;
        LayerValues lv;
        if (plans[int(t.plan)].contains(d.key))
            lv.plan = plans[int(t.plan)].value(d.key);
        lv.tenant = before;
        const auto eb = resolve(d, lv);
        lv.tenant = value;
        const auto ea = resolve(d, lv);
        plan.changes.append({t, before, value, eb.value, ea.value, toString(ea.source)});
    }
    return plan;
}

} // namespace portico::config
