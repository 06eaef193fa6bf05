#include "server/store/schema.h"
#include "server/store/database.h"
#include <QCryptographicHash>
#include <QDir>
#include <QFile>

namespace portico::store {
namespace {
constexpr int kControlLock = 7400001;

QByteArray readResource(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw PgError(QStringLiteral("cannot read %1").arg(path), {});
    return f.readAll();
}

QString checksum(const QByteArray &sql)
{
    return QString::fromLatin1(QCryptographicHash::hash(sql, QCryptographicHash::Sha256).toHex());
}

QStringList migrationFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
}
} // namespace

void bootstrapCluster(const PgConfig &superuser, const QStringList &databases)
{
    PgConnection admin(superuser.withDatabase(QStringLiteral("postgres")));
    // Roles are cluster-wide and tests create many databases in one cluster: tolerate existing ones.
    admin.execScript(QStringLiteral(R"SQL(
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portico_owner') THEN
            CREATE ROLE portico_owner LOGIN NOSUPERUSER CREATEDB NOCREATEROLE;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portico_app') THEN
            CREATE ROLE portico_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
          END IF;
        END $$)SQL"));
    for (const QString &database : databases) {
        if (admin.exec(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = $1"), {database}).rows() == 0)
            admin.execScript(QStringLiteral("CREATE DATABASE %1 OWNER portico_owner ENCODING 'UTF8' TEMPLATE template0").arg(admin.quoteIdentifier(database)));
        PgConnection db(superuser.withDatabase(database));
        db.execScript(QStringLiteral("REVOKE ALL ON DATABASE %1 FROM PUBLIC; GRANT CONNECT, TEMPORARY ON DATABASE %1 TO portico_app; "
                                     "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO portico_app; "
                                     "ALTER SCHEMA public OWNER TO portico_owner")
                          .arg(db.quoteIdentifier(database)));
    }
}

QStringList migrateControl(const PgConfig &owner)
{
    PgConnection c(owner);
    c.execScript(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                " name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"));
    c.execScript(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kControlLock));
    QStringList applied;
    try {
        const QString dir = QStringLiteral(":/sql/control");
        for (const QString &name : migrationFiles(dir)) {
            const QByteArray sql = readResource(dir + QLatin1Char('/') + name);
            const auto done = c.exec(QStringLiteral("SELECT checksum FROM schema_migrations WHERE name = $1"), {name});
            if (done.rows() == 1) {
                if (done.text(0, 0) != checksum(sql))
                    throw PgError(QStringLiteral("migration %1 was changed after it was applied; add a new migration instead").arg(name), {});
                continue;
            }
            PgTransaction tx(c);
            c.execScript(QString::fromUtf8(sql));
            c.exec(QStringLiteral("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)"), {name, checksum(sql)});
            tx.commit();
            applied << name;
        }
    } catch (...) {
        c.execScript(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kControlLock));
        throw;
    }
    c.execScript(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kControlLock));
    return applied;
}

void prepareTenantDatabase(PgConnection &owner)
{
    owner.execScript(QString::fromUtf8(readResource(QStringLiteral(":/sql/tenant_database.sql"))));
}

QStringList tenantMigrationNames() { return migrationFiles(QStringLiteral(":/sql/tenant")); }

QStringList applyTenantMigrations(PgConnection &owner, const QString &schema)
{
    const QString s = owner.quoteIdentifier(schema);
    QStringList applied;
    PgTransaction tx(owner);
    // Serialises concurrent runners on this schema; released at commit.
    owner.exec(QStringLiteral("SELECT pg_advisory_xact_lock(hashtext($1))"), {QStringLiteral("portico-schema:") + schema});
    owner.execScript(QStringLiteral("SET LOCAL search_path = %1; "
                                    "CREATE TABLE IF NOT EXISTS %1.portico_schema_version (name text PRIMARY KEY, checksum text NOT NULL, "
                                    "applied_at timestamptz NOT NULL DEFAULT now())").arg(s));
    for (const QString &name : tenantMigrationNames()) {
        const QByteArray sql = readResource(QStringLiteral(":/sql/tenant/") + name);
        const auto done = owner.exec(QStringLiteral("SELECT checksum FROM %1.portico_schema_version WHERE name = $1").arg(s), {name});
        if (done.rows() == 1) {
            if (done.text(0, 0) != checksum(sql))
                throw PgError(QStringLiteral("tenant migration %1 was changed after it was applied to %2").arg(name, schema), {});
            continue;
        }
        owner.execScript(QString::fromUtf8(sql));
        owner.exec(QStringLiteral("INSERT INTO %1.portico_schema_version (name, checksum) VALUES ($1, $2)").arg(s), {name, checksum(sql)});
        applied << name;
    }
    tx.commit();
    return applied;
}

QList<SchemaTarget> TenantSchemaRunner::targets()
{
    QList<SchemaTarget> out;
    for (const Cluster &c : m_db.clusters())
        out << SchemaTarget{c.name, m_db.poolDatabase(), QStringLiteral("public"), QStringLiteral("shared pool on ") + c.name};
    auto control = m_db.control();
    const auto r = control->exec(QStringLiteral("SELECT cluster, database_name, schema_name, model FROM placements "
                                                "WHERE model <> 'shared' ORDER BY cluster, database_name, schema_name"));
    for (int i = 0; i < r.rows(); ++i)
        out << SchemaTarget{r.text(i, 0), r.text(i, 1), r.text(i, 2),
                            r.text(i, 3) == QLatin1String("schema") ? QStringLiteral("schema ") + r.text(i, 2) : QStringLiteral("database ") + r.text(i, 1)};
    return out;
}

SchemaRunReport TenantSchemaRunner::run(const std::function<void(int, int, const SchemaTarget &)> &progress)
{
    const QList<SchemaTarget> all = targets();
    SchemaRunReport report;
    report.targets = int(all.size());
    int done = 0;
    for (const SchemaTarget &t : all) {
        try {
            const Cluster *c = m_db.cluster(t.cluster);
            if (!c)
                throw PgError(QStringLiteral("unknown cluster %1").arg(t.cluster), {});
            {
                PgConnection pool(m_db.config(*c, m_db.poolDatabase(), QString::fromLatin1(kOwnerRole)));
                const bool exists = t.database == m_db.poolDatabase()
                                        ? pool.exec(QStringLiteral("SELECT 1 FROM pg_namespace WHERE nspname = $1"), {t.schema}).rows() == 1
                                        : pool.exec(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = $1"), {t.database}).rows() == 1;
                if (!exists) {
                    ++report.missing;
                    ++done;
                    if (progress)
                        progress(done, report.targets, t);
                    continue;
                }
            }
            PgConnection owner(m_db.config(*c, t.database, QString::fromLatin1(kOwnerRole)));
            if (t.schema == QLatin1String("public"))
                prepareTenantDatabase(owner);
            if (!applyTenantMigrations(owner, t.schema).isEmpty())
                ++report.changed;
        } catch (const std::exception &e) {
            ++report.failed;
            report.errors << QStringLiteral("%1: %2").arg(t.label, QString::fromUtf8(e.what()));
        }
        ++done;
        if (progress)
            progress(done, report.targets, t);
    }
    return report;
}

} // namespace portico::store
