#pragma once
// Demo data on first start: a few hundred tenants of very different sizes across plans and
// states, deterministic (same seed, same fleet) so screenshots and docs stay comparable.

#include <QString>

namespace portico::store { class Database; }

namespace portico::demo {

struct SeedReport
{
    int tenants = 0;
    qint64 documents = 0;
    bool skipped = false; // tenants existed already
};

// Spreads tenants over every registered region and all three isolation models.
SeedReport seedDemoData(store::Database &db, int tenantCount = 320);

// A dozen demo flags, some overrides and tenant-layer configuration values (called by seedDemoData).
void seedDemoFlags(store::Database &db);

} // namespace portico::demo
