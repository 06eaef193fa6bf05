#pragma once
// Control-plane reads and writes of tenants and their placements (operator side).

#include "core/tenant.h"
#include "core/tenantquery.h"
#include "server/store/pg.h"
#include <QList>
#include <optional>

namespace portico::tenants {

struct TenantPage
{
    QList<Tenant> items;
    QString nextCursor;
    qint64 total = 0;
};

class TenantRepository
{
public:
    explicit TenantRepository(store::PgConnection &c) : m_conn(c) {}

    // Throws ProblemException(422, field "cursor") for a cursor that does not decode.
    TenantPage list(const TenantListQuery &query);
    // idOrSlug: a UUID in any case, or a slug in any case.
    std::optional<Tenant> find(const QString &idOrSlug);
    std::optional<Tenant> findById(const QUuid &id);
    void insert(const Tenant &t);
    void update(const Tenant &t);

private:
    static Tenant fromRow(const store::PgResult &r, int row);
    store::PgConnection &m_conn;
};

} // namespace portico::tenants
