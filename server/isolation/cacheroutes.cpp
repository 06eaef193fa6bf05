// The tenant-aware cache as operators see it: per tenant hits, misses, bytes against its budget.
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/services.h"
#include <QJsonArray>
#include <algorithm>

namespace portico {

void registerCacheRoutes(http::Router &router, Services &s)
{
    router.add("GET", QStringLiteral("/v1/cache/stats"), http::Access::operators(), [&s](http::RequestContext &) {
        const auto stats = s.cache.stats();
        QList<QPair<QUuid, TenantCacheStats>> rows;
        for (auto it = stats.cbegin(); it != stats.cend(); ++it)
            rows.append({it.key(), it.value()});
        std::sort(rows.begin(), rows.end(), [](const auto &x, const auto &y) { return x.second.bytes > y.second.bytes; });
        QJsonArray tenants;
        TenantCacheStats total;
        for (const auto &[tenant, st] : rows) {
            total.hits += st.hits;
            total.misses += st.misses;
            total.evictions += st.evictions;
            total.entries += st.entries;
            tenants.append(QJsonObject{{QStringLiteral("tenant_id"), idToString(tenant)}, {QStringLiteral("hits"), st.hits},
                                       {QStringLiteral("misses"), st.misses}, {QStringLiteral("evictions"), st.evictions},
                                       {QStringLiteral("entries"), st.entries}, {QStringLiteral("bytes"), st.bytes}});
        }
        return http::Response::json(QJsonObject{{QStringLiteral("budget_per_tenant_bytes"), s.cache.budgetPerTenant()},
                                                {QStringLiteral("total_bytes"), s.cache.totalBytes()},
                                                {QStringLiteral("hits"), total.hits},
                                                {QStringLiteral("misses"), total.misses},
                                                {QStringLiteral("evictions"), total.evictions},
                                                {QStringLiteral("entries"), total.entries},
                                                {QStringLiteral("tenants"), tenants}});
    });
}

} // namespace portico
