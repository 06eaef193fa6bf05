#pragma once
// The bulk planner: what setting one key's tenant layer on many tenants would change, tenant by
// tenant, with the effective value before and after. The same plan serves the dry run and the
// write, so a write applies exactly what its preview showed.

#include "server/config/configstore.h"

namespace portico::config {

struct BulkChange
{
    Tenant tenant;
    Opt before, after;
    QJsonValue effectiveBefore, effectiveAfter;
    QString sourceAfter;
};

struct BulkPlan
{
    QList<BulkChange> changes; // tenants whose tenant-layer value would change
    int targets = 0;
};

BulkPlan planBulk(ConfigStore &store, store::PgConnection &control, const KeyDef &key, const QList<Tenant> &targets, const Opt &value);

} // namespace portico::config
