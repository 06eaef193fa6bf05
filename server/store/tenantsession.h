#pragma once
// The one way to tenant data. A TenantSession opens a transaction in the tenant's placement with
// the tenant context set for that transaction only (set_config(..., is_local => true)), so a
// reused connection never carries one tenant's context into another request. Handlers use it
// without knowing the isolation model behind it.

#include "core/tenant.h"
#include "server/store/pg.h"
#include <optional>

namespace portico::store {

class Database;

struct TenantScope
{
    QUuid tenantId;
    Placement placement;
};

class TenantSession
{
public:
    // Opens its own transaction on the calling thread's connection to the placement.
    TenantSession(Database &db, const TenantScope &scope);
    // Joins a transaction the caller already opened on c (provisioning writes control-plane rows
    // and the tenant's first rows atomically); the caller commits.
    TenantSession(PgConnection &c, const TenantScope &scope, bool joinOpenTransaction);
    ~TenantSession();
    TenantSession(const TenantSession &) = delete;
    TenantSession &operator=(const TenantSession &) = delete;

    PgResult exec(const QString &sql, const std::vector<PgParam> &params = {});
    void commit();
    [[nodiscard]] const TenantScope &scope() const { return m_scope; }

private:
    static QString contextSql(PgConnection &c, const TenantScope &scope);
    PgConnection &m_conn;
    TenantScope m_scope;
    std::optional<PgTransaction> m_tx;
};

} // namespace portico::store
