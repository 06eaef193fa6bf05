#include "server/store/tenantsession.h"
#include "server/store/database.h"

namespace portico::store {

QString TenantSession::openingSql(PgConnection &c, const TenantScope &scope)
{
    if (scope.tenantId.isNull())
        throw IsolationViolation({}, QStringLiteral("refused a tenant session without a tenant"));
    // The id is a QUuid rendered by us, never request text; quoting is belt and braces.
    QString sql = QStringLiteral("BEGIN; SELECT set_config('portico.tenant_id', %1, true); ").arg(c.quoteLiteral(idToString(scope.tenantId)));
    // Only the placement's schema is on the path: a table missing there fails loudly instead of
    // resolving to the shared pool's table of the same name.
    sql += QStringLiteral("SELECT set_config('search_path', %1, true); ").arg(c.quoteLiteral(c.quoteIdentifier(scope.placement.schema)));
    sql += QStringLiteral("SELECT current_database(), current_schema(), public.portico_current_tenant()");
    return sql;
}

TenantSession::TenantSession(Database &db, const TenantScope &scope) : m_lease(db.placement(scope.placement)), m_scope(scope)
{
    // BEGIN, the context and the check of where we landed travel in one round trip.
    const PgResult where = m_lease->execSimple(openingSql(*m_lease, scope));
    m_tx.emplace(*m_lease, PgTransaction::Adopt{});
    if (where.rows() != 1 || where.text(0, 0) != scope.placement.database || where.text(0, 1) != scope.placement.schema
        || where.uuid(0, 2) != scope.tenantId)
        throw IsolationViolation(scope.tenantId, QStringLiteral("tenant %1's session opened in %2.%3, not in its placement %4.%5")
                                                     .arg(idToString(scope.tenantId), where.text(0, 0), where.text(0, 1),
                                                          scope.placement.database, scope.placement.schema));
}

TenantSession::~TenantSession() = default;

void TenantSession::checkRows(const PgResult &r) const
{
    const int col = r.column("tenant_id");
    if (col < 0)
        return;
    for (int i = 0; i < r.rows(); ++i)
        if (r.uuid(i, col) != m_scope.tenantId)
            throw IsolationViolation(m_scope.tenantId, QStringLiteral("a query in tenant %1's session returned a row of tenant %2")
                                                           .arg(idToString(m_scope.tenantId), r.text(i, col)));
}

PgResult TenantSession::exec(const QString &sql, const std::vector<PgParam> &params)
{
    PgResult r = m_lease->exec(sql, params);
    checkRows(r);
    return r;
}

void TenantSession::commit()
{
    if (m_tx)
        m_tx->commit();
}

} // namespace portico::store
