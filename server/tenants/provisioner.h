#pragma once
// Provisioning in one transaction: tenant row, placement, default settings and the initial admin
// member. Used by the API and by the demo seeder.

#include "core/tenant.h"
#include "server/store/pg.h"

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
    Provisioner(QString homeCluster, QString homeDatabase) : m_cluster(std::move(homeCluster)), m_database(std::move(homeDatabase)) {}
    // Validates (ProblemException with the field on failure) and provisions inside the caller's open transaction.
    ProvisionedTenant provision(store::PgConnection &c, NewTenant request) const;

private:
    QString m_cluster;
    QString m_database;
};

} // namespace portico::tenants
