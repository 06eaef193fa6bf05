#include "server/store/schema.h"
#include <QCryptographicHash>
#include <QDir>
#include <QFile>

namespace portico::store {

void bootstrapCluster(const PgConfig &superuser, const QString &database)
{
    PgConnection admin(superuser.withDatabase(QStringLiteral("postgres")));
    // Roles are cluster-wide; tests create many databases in one cluster, so tolerate existing ones.
    admin.execScript(QStringLiteral(R"SQL(
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portico_owner') THEN
            CREATE ROLE portico_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portico_app') THEN
            CREATE ROLE portico_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
          END IF;
        END $$)SQL"));
    const auto exists = admin.exec(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = $1"), {database});
    if (exists.rows() == 0)
        admin.execScript(QStringLiteral("CREATE DATABASE %1 OWNER portico_owner ENCODING 'UTF8' TEMPLATE template0")
                             .arg(admin.quoteIdentifier(database)));
    PgConnection db(superuser.withDatabase(database));
    db.execScript(QStringLiteral("REVOKE ALL ON DATABASE %1 FROM PUBLIC; GRANT CONNECT, TEMPORARY ON DATABASE %1 TO portico_app; "
                                 "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO portico_app; "
                                 "ALTER SCHEMA public OWNER TO portico_owner")
                      .arg(db.quoteIdentifier(database)));
}

QStringList migrate(const PgConfig &owner)
{
    PgConnection c(owner);
    c.execScript(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                " name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"));
    c.execScript(QStringLiteral("SELECT pg_advisory_lock(7400001)"));
    QStringList applied;
    try {
        QDir dir(QStringLiteral(":/sql"));
        const QStringList files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
        for (const QString &name : files) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::ReadOnly))
                throw PgError(QStringLiteral("cannot read migration %1").arg(name), {});
            const QByteArray sql = f.readAll();
            const QString checksum = QString::fromLatin1(QCryptographicHash::hash(sql, QCryptographicHash::Sha256).toHex());
            const auto done = c.exec(QStringLiteral("SELECT checksum FROM schema_migrations WHERE name = $1"), {name});
            if (done.rows() == 1) {
                if (done.text(0, 0) != checksum)
                    throw PgError(QStringLiteral("migration %1 was changed after it was applied; add a new migration instead").arg(name), {});
                continue;
            }
            PgTransaction tx(c);
            c.execScript(QString::fromUtf8(sql));
            c.exec(QStringLiteral("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)"), {name, checksum});
            tx.commit();
            applied << name;
        }
    } catch (...) {
        c.execScript(QStringLiteral("SELECT pg_advisory_unlock(7400001)"));
        throw;
    }
    c.execScript(QStringLiteral("SELECT pg_advisory_unlock(7400001)"));
    return applied;
}

} // namespace portico::store
