#pragma once
// Cluster bootstrap (roles and databases), control-plane migrations, and the tenant-table schema
// applied to every placement by one resumable runner.

#include "server/store/pg.h"
#include <QStringList>
#include <functional>

namespace portico::store {

class Database;

inline constexpr auto kOwnerRole = "portico_owner";
inline constexpr auto kAppRole = "portico_app";

// As a superuser of one cluster: creates the owner role (CREATEDB, for database-per-tenant) and the
// data role (NOSUPERUSER NOBYPASSRLS, owns nothing) when missing, and the given databases.
void bootstrapCluster(const PgConfig &superuser, const QStringList &databases);

// As the owner: applies every control-plane migration (:/sql/control) not yet recorded, in name
// order, each in its own transaction, under an advisory lock. Returns the names applied.
QStringList migrateControl(const PgConfig &owner);

// As the owner, on a database that holds tenant data: the context function and schema grants.
void prepareTenantDatabase(PgConnection &owner);
// As the owner: applies pending tenant migrations (:/sql/tenant) to one schema, each with its
// record in <schema>.portico_schema_version, in one transaction. Returns the names applied.
QStringList applyTenantMigrations(PgConnection &owner, const QString &schema);
// The tenant migrations this build carries, in order.
QStringList tenantMigrationNames();

struct SchemaTarget
{
    QString cluster;
    QString database;
    QString schema;
    QString label; // "shared pool home", "schema t_...", "database ..."
};

struct SchemaRunReport
{
    int targets = 0;
    int changed = 0;   // targets that received at least one migration
    int failed = 0;
    int missing = 0;   // placements whose schema or database does not exist: never re-created here
                       // (that would hide lost data); the verifier reports them
    QStringList errors;
};

// Applies the tenant schema to every placement: each cluster's shared pool, every t_<id> schema,
// every tenant database. Each target records what it has, so a run that stops half-way (crash,
// error) resumes where it stopped on the next run. progress(done, total, target) after each target.
class TenantSchemaRunner
{
public:
    explicit TenantSchemaRunner(Database &db) : m_db(db) {}
    QList<SchemaTarget> targets();
    SchemaRunReport run(const std::function<void(int, int, const SchemaTarget &)> &progress = {});

private:
    Database &m_db;
};

} // namespace portico::store
