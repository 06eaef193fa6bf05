#pragma once
// Synthetic tenants for measuring the tenant list at scale (--seed-scale N): control-plane rows
// only (tenants and their shared-pool placements, as provisioning writes them), no per-tenant
// schemas, databases or tenant rows, written by two INSERT ... SELECT statements.

namespace portico::store { class Database; }

namespace portico::demo {

// Makes the synthetic tenants scale-000001 .. scale-<count> exist; those present already are
// kept as they are, so running it again adds nothing. Returns how many it added.
int seedScaleTenants(store::Database &db, int count);

} // namespace portico::demo
