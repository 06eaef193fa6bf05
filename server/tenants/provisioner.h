#pragma once
// Provisioning: storage for the placement (nothing for the shared pool, a schema, or a database),
// then the tenant and placement rows, then the tenant's first rows (admin member, default
// settings) through a TenantSession. Each later step that fails undoes the earlier ones, so a
// failed provisioning leaves neither rows nor orphaned schemas or databases.

#include "core/tenant.h"
#include "server/store/pg.h"
#include <functional>

namespace portico::store { class Database; }

namespace portico::tenants {

struct NewTenant
{
    QString name;
    QString slug;
    Plan plan = Plan::Free;
    TenantState state = TenantState::Trial;
    QString region;
    IsolationModel isolation = IsolationModel::Shared;
    QString adminEmail;
    QString adminName;
    QDateTime createdAt; // defaults to now; the demo seeder back-dates
};

struct ProvisionedTenant
{
    Tenant tenant;
    QUuid adminMemberId;
};

class Provisioner
{
public:
    explicit Provisioner(store::Database &db) : m_db(db) {}
    // Validates (ProblemException naming the field) and provisions. inControlTransaction runs in the
    // transaction that writes the control-plane rows (the idempotency record goes there).
    ProvisionedTenant provision(NewTenant request, const std::function<void(store::PgConnection &, const Tenant &)> &inControlTransaction = {}) const;
    // Removes a tenant's storage (schema or database); the control-plane rows go with ON DELETE CASCADE.
    void dropStorage(const Placement &placement) const;

private:
    void validate(NewTenant &n) const;
    void createStorage(const Placement &placement) const;
    store::Database &m_db;
};

} // namespace portico::tenants
