#pragma once
namespace portico::store { class Database; }
namespace portico::demo {
// 90 days of hourly usage for every tenant, with working days, nights and weekends, growth or
// decline, and a few noisy tenants with bursts. Does nothing when usage exists already.
// Returns the hourly rows written.
long long seedDemoUsage(store::Database &db, int days = 90);
} // namespace portico::demo
