#pragma once
// Control-plane reads and writes of tenants and their placements (operator side), the
// idempotency records of provisioning, and the few reads of a tenant's own rows that operator
// routes make (through TenantSession).

#include "core/tenant.h"
#include "core/tenantquery.h"
#include "server/store/pg.h"
#include "server/store/tenantsession.h"
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <optional>

namespace portico::tenants {

// The first answer to a provisioning request with an Idempotency-Key.
struct IdempotentAnswer
{
    QByteArray requestHash; // SHA-256 of the request body
    int status = 0;
    QJsonObject response;
};

// A member of a tenant, as stored in its placement.
struct Member
{
    QUuid id;
    QString email, displayName, role;
};

struct TenantPage
{
    QList<Tenant> items;
    QString nextCursor;
    qint64 total = 0;
    bool totalIsEstimate = false; // total is the planner's estimate (more than exactUpTo matched)
};

// Up to this many matches the list's total is counted exactly (the server's --tenant-total-exact-up-to).
inline constexpr qint64 kDefaultExactTotalUpTo = 1000;

class TenantRepository
{
public:
    explicit TenantRepository(store::PgConnection &c) : m_conn(c) {}

    // Throws ProblemException(422, field "cursor") for a cursor that does not decode.
    // The total is exact up to exactUpTo matches, or whenever the query asks for it.
    TenantPage list(const TenantListQuery &query, qint64 exactUpTo = kDefaultExactTotalUpTo);
    // The tenant list's version (control migration 018): moves with every committed change to a
    // tenant or placement. See TenantListCache.
    qint64 listVersion();
    // idOrSlug: a UUID in any case, or a slug in any case.
    std::optional<Tenant> find(const QString &idOrSlug);
    std::optional<Tenant> findById(const QUuid &id);
    // Every tenant, in no particular order.
    QList<Tenant> all();
    // The tenants of one plan by name, at most limit of them.
    QList<Tenant> ofPlan(Plan plan, int limit);
    // The slugs of the tenants among ids that exist.
    QHash<QUuid, QString> slugsOf(const QList<QUuid> &ids);
    void insert(const Tenant &t);
    void update(const Tenant &t);

    std::optional<IdempotentAnswer> findIdempotent(const QUuid &actor, const QString &key);
    // Joins the connection's transaction (the one that creates the tenant).
    void recordIdempotent(const QUuid &actor, const QString &key, const IdempotentAnswer &answer);

private:
    qint64 estimateRows(const QString &select, const std::vector<store::PgParam> &params);
    static Tenant fromRow(const store::PgResult &r, int row);
    store::PgConnection &m_conn;
};

// The tenant an operator route names in its path (id or slug), looked up once on the control
// plane; a 404 naming idOrSlug when there is none.
Tenant requireTenant(store::PgConnection &control, const QString &idOrSlug);

// Counts of the tenant's rows in its placement.
TenantStats statsOf(store::Database &db, const store::TenantScope &scope);
// The tenant's member with this id, read in its placement.
std::optional<Member> findMember(store::Database &db, const store::TenantScope &scope, const QUuid &memberId);

// The targets of a bulk change, from a request body holding either "tenants" (1 to 5000 ids or
// slugs, each once) or "plan" (every tenant of that plan); 422 naming the member otherwise. With
// refuseOverLimit a plan of more than 5000 tenants is refused, else its first 5000 are the targets.
inline constexpr int kMaxBulkTargets = 5000;
QList<Tenant> bulkTargets(store::PgConnection &control, const QJsonObject &body, bool refuseOverLimit);

} // namespace portico::tenants
