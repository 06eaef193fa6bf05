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
    // The connection is in the placement's database: the pool connected to exactly that database
    // and a connection never changes it, so this check needs no round trip.
    if (c.config().database != scope.placement.database)
        throw IsolationViolation(scope.tenantId, QStringLiteral("tenant session outside its placement: connection to %1, expected %2")
                                                     .arg(c.config().database, scope.placement.database));
    // Only the placement's schema is on the path: a table missing there fails loudly instead of
    // resolving to the shared pool's table of the same name. Both settings end with the transaction.
    const QString path = c.quoteIdentifier(scope.placement.schema);
    // A tenant's statements are planned once per connection (generic plans). With the default
    // mode a statement with a LIMIT $n or a filter parameter is planned afresh at every execution,
    // since the generic plan's estimate (a tenth of the table for an unknown LIMIT) never looks as
    // cheap as a custom one: binding the document list's SELECT cost 0.1 ms against 0.04 ms for
    // running it, and forcing the generic plan raised the list from 8,200-9,300 to 11,200-11,600
    // req/s. Custom plans would not buy isolation anything either: the policies compare with
    // current_setting(), which no plan can fold. The setting ends with the transaction, like the
    // context, and applies from the statement after this one.
    if (scope.placement.model != IsolationModel::Schema)
        return {{QStringLiteral("SELECT set_config('portico.tenant_id', $1, true), set_config('search_path', $2, true), "
                                "set_config('plan_cache_mode', 'force_generic_plan', true)"),
                 {scope.tenantId, path}}};
    // A schema of its own can vanish while the database stays: the assertion refuses the session
    // (PT001) before any statement of the handler runs. PostgreSQL evaluates a select list from
    // left to right, so it sees both settings; were that ever not so, it would refuse the session:
    // the order can cost availability, never isolation.
    return {{QStringLiteral("SELECT set_config('portico.tenant_id', $1, true), set_config('search_path', $2, true), "
                            "set_config('plan_cache_mode', 'force_generic_plan', true), public.portico_assert_placement($3, $4, $1::uuid)"),
             {scope.tenantId, path, scope.placement.database, scope.placement.schema}}};
}

TenantSession::TenantSession(Database &db, const TenantScope &scope) : m_lease(db.placement(scope.placement)), m_scope(scope)
{
    auto statements = openingStatements(*m_lease, scope);
    statements.insert(statements.begin(), {QStringLiteral("BEGIN"), {}});
    try {
        // BEGIN, the context and the placement check travel in one round trip.
        m_lease->pipeline(statements);
    } catch (const PgError &e) {
        if (m_lease->inTransaction())
            m_tx.emplace(*m_lease, PgTransaction::Adopt{}); // rolls the failed transaction back
        rethrow(scope, e);
    }
    m_tx.emplace(*m_lease, PgTransaction::Adopt{});
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
