#pragma once
// The one way to tenant data. A TenantSession borrows a connection to the tenant's placement and
// opens a transaction with the tenant context set for that transaction only (set_config(...,
// is_local => true)): the tenant id for row-level security, and for schema placements the
// search_path. A reused connection never carries one tenant's context into another request.
// Handlers write the same SQL for every isolation model and cannot tell which one they run on.
// The compiler holds this door shut: Database::placement, the only way to lease a placement's
// connection, is private to Database and TenantSession.
//
// The session is also the monitor: it checks that the transaction really is in the tenant's
// database and schema, and that every row it returns with a tenant_id belongs to the tenant. A
// mismatch is blocked (IsolationViolation) before any row reaches a handler.

#include "core/tenant.h"
#include "server/store/pool.h"
#include <optional>
#include <stdexcept>

namespace portico::store {

class Database;

struct TenantScope
{
    QUuid tenantId;
    Placement placement;
};

class IsolationViolation : public std::runtime_error
{
public:
    IsolationViolation(QUuid tenant, QString detail)
        : std::runtime_error(detail.toStdString()), m_tenant(tenant), m_detail(std::move(detail)) {}
    [[nodiscard]] const QUuid &tenant() const { return m_tenant; }
    [[nodiscard]] const QString &detail() const { return m_detail; }

private:
    QUuid m_tenant;
    QString m_detail;
};

class TenantSession
{
public:
    TenantSession(Database &db, const TenantScope &scope);
    ~TenantSession();
    TenantSession(const TenantSession &) = delete;
    TenantSession &operator=(const TenantSession &) = delete;

    PgResult exec(const QString &sql, const std::vector<PgParam> &params = {});
    void commit();

    // One statement in the tenant's context: context, placement check and the statement travel in
    // one round trip and run as one implicit transaction. The fast path for single-statement work.
    static PgResult once(Database &db, const TenantScope &scope, const QString &sql, const std::vector<PgParam> &params = {});
    [[nodiscard]] const TenantScope &scope() const { return m_scope; }

private:
    static std::vector<PgConnection::Statement> openingStatements(PgConnection &c, const TenantScope &scope);
    static void checkRows(const TenantScope &scope, const PgResult &r);
    Lease m_lease;                    // destroyed last: the transaction ends before the connection goes back
    TenantScope m_scope;
    std::optional<PgTransaction> m_tx;
};

} // namespace portico::store
