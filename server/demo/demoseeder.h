#pragma once
// Demo data on first start: a few hundred tenants of very different sizes across plans and
// states, deterministic (same seed, same fleet) so screenshots and docs stay comparable.

#include "server/store/pg.h"

namespace portico::demo {

struct SeedReport
{
    int tenants = 0;
    qint64 documents = 0;
    bool skipped = false; // tenants existed already
};

SeedReport seedDemoData(store::PgConnection &c, const QString &homeCluster, const QString &homeRegion, int tenantCount = 320);

} // namespace portico::demo
