#include "server/store/tenantsession.h"
#include "server/store/database.h"

namespace portico::store {

QString TenantSession::contextSql(PgConnection &c, const TenantScope &scope)
{
    if (scope.tenantId.isNull())
        throw PgError(QStringLiteral("refusing a tenant session without a tenant"), QStringLiteral("42501"));
    switch (scope.placement.model) {
    case IsolationModel::Shared:
        // The id is a QUuid rendered by us, never request text; quoting is belt and braces.
        return QStringLiteral("SELECT set_config('portico.tenant_id', %1, true)").arg(c.quoteLiteral(idToString(scope.tenantId)));
    case IsolationModel::Schema:
    case IsolationModel::Database:
        break;
    }
    throw PgError(QStringLiteral("isolation model '%1' is not served by this build").arg(toString(scope.placement.model)),
                  QStringLiteral("0A000"));
}

TenantSession::TenantSession(Database &db, const TenantScope &scope)
    : m_conn(db.connection(scope.placement.database.isEmpty() ? db.config().database : scope.placement.database)),
      m_scope(scope)
{
    // BEGIN and the context travel in one round trip.
    m_tx.emplace(m_conn, QStringLiteral("BEGIN; ") + contextSql(m_conn, scope));
}

TenantSession::TenantSession(PgConnection &c, const TenantScope &scope, bool joinOpenTransaction)
    : m_conn(c), m_scope(scope)
{
    if (joinOpenTransaction)
        m_conn.execScript(contextSql(m_conn, scope));
    else
        m_tx.emplace(m_conn, QStringLiteral("BEGIN; ") + contextSql(m_conn, scope));
}

TenantSession::~TenantSession() = default;

PgResult TenantSession::exec(const QString &sql, const std::vector<PgParam> &params) { return m_conn.exec(sql, params); }

void TenantSession::commit()
{
    if (m_tx)
        m_tx->commit();
}

} // namespace portico::store
