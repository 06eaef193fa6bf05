#include "server/store/tenantsession.h"
#include "server/store/database.h"

namespace portico::store {

namespace {
constexpr auto kOutsidePlacement = "PT001"; // raised by public.portico_assert_placement()

[[noreturn]] void rethrow(const TenantScope &scope, const PgError &e)
{
    if (e.sqlState() == QLatin1String(kOutsidePlacement))
        throw IsolationViolation(scope.tenantId, QString::fromUtf8(e.what()));
    throw e;
}
} // namespace

std::vector<PgConnection::Statement> TenantSession::openingStatements(PgConnection &c, const TenantScope &scope)
{
    if (scope.tenantId.isNull())
        throw IsolationViolation({}, QStringLiteral("refused a tenant session without a tenant"));
    // Only the placement's schema is on the path: a table missing there fails loudly instead of
    // resolving to the shared pool's table of the same name. Both settings end with the transaction.
    // One prepared statement: PostgreSQL evaluates a select list from left to right, so the
    // assertion sees both settings. Were that ever not so, the assertion would fail and refuse the
    // session: the order can cost availability, never isolation.
    return {{QStringLiteral("SELECT set_config('portico.tenant_id', $1, true), set_config('search_path', $2, true), "
                            "public.portico_assert_placement($3, $4, $1::uuid)"),
             {scope.tenantId, c.quoteIdentifier(scope.placement.schema), scope.placement.database, scope.placement.schema},
             QByteArrayLiteral("portico_open_session")}};
}

TenantSession::TenantSession(Database &db, const TenantScope &scope) : m_lease(db.placement(scope.placement)), m_scope(scope)
{
    m_tx.emplace(*m_lease, QStringLiteral("BEGIN"));
    try {
        // The context and the placement check travel in one round trip.
        m_lease->pipeline(openingStatements(*m_lease, scope));
    } catch (const PgError &e) {
        rethrow(scope, e);
    }
}

TenantSession::~TenantSession() = default;

void TenantSession::checkRows(const TenantScope &scope, const PgResult &r)
{
    const int col = r.column("tenant_id");
    if (col < 0)
        return;
    for (int i = 0; i < r.rows(); ++i)
        if (r.uuid(i, col) != scope.tenantId)
            throw IsolationViolation(scope.tenantId, QStringLiteral("a query in tenant %1's session returned a row of tenant %2")
                                                         .arg(idToString(scope.tenantId), r.text(i, col)));
}

PgResult TenantSession::exec(const QString &sql, const std::vector<PgParam> &params)
{
    PgResult r = m_lease->exec(sql, params);
    checkRows(m_scope, r);
    return r;
}

void TenantSession::commit()
{
    if (m_tx)
        m_tx->commit();
}

PgResult TenantSession::once(Database &db, const TenantScope &scope, const QString &sql, const std::vector<PgParam> &params)
{
    Lease lease = db.placement(scope.placement);
    auto statements = openingStatements(*lease, scope);
    statements.push_back({sql, params});
    std::vector<PgResult> results;
    try {
        results = lease->pipeline(statements);
    } catch (const PgError &e) {
        rethrow(scope, e);
    }
    // The rows are checked after the implicit transaction committed; a row of another tenant
    // still never reaches the caller. Writes are confined by the policies' WITH CHECK.
    checkRows(scope, results.back());
    return std::move(results.back());
}

} // namespace portico::store
