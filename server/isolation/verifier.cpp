#include "server/isolation/verifier.h"
#include "server/store/database.h"
#include "server/store/schema.h"
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QSet>

namespace portico::isolation {
namespace {

using store::PgConnection;

struct PlacementRow
{
    QString tenant, model, cluster, database, schema;
};

QString normalised(QString expr)
{
    expr.remove(QLatin1Char(' '));
    expr.remove(QStringLiteral("public."));
    return expr;
}

class Checker
{
public:
    Checker(store::Database &db, Report &report) : m_db(db), m_report(report) {}

    void add(Severity s, const QString &check, const QString &object, const QString &detail)
    {
        m_report.findings.append({s, check, object, detail});
    }

    // Roles are cluster-wide: the data role must be neither superuser nor BYPASSRLS nor a member of another role.
    void checkRoles(PgConnection &c, const QString &cluster)
    {
        const auto r = c.exec(QStringLiteral("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1"), {QString::fromLatin1(store::kAppRole)});
        if (r.rows() != 1) {
            add(Severity::Critical, QStringLiteral("role.exists"), cluster + QStringLiteral(": portico_app"), QStringLiteral("The data role portico_app does not exist on this cluster."));
            return;
        }
        if (r.boolean(0, 0))
            add(Severity::Critical, QStringLiteral("role.superuser"), cluster + QStringLiteral(": portico_app"),
                QStringLiteral("The data role is a superuser, which bypasses row-level security. Fix: ALTER ROLE portico_app NOSUPERUSER."));
        if (r.boolean(0, 1))
            add(Severity::Critical, QStringLiteral("role.bypassrls"), cluster + QStringLiteral(": portico_app"),
                QStringLiteral("The data role has BYPASSRLS, so row-level security does not apply to it. Fix: ALTER ROLE portico_app NOBYPASSRLS."));
        const auto m = c.exec(QStringLiteral("SELECT g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
                                             "JOIN pg_roles u ON u.oid = a.member WHERE u.rolname = $1"), {QString::fromLatin1(store::kAppRole)});
        for (int i = 0; i < m.rows(); ++i)
            add(Severity::High, QStringLiteral("role.membership"), cluster + QStringLiteral(": portico_app"),
                QStringLiteral("The data role is a member of %1 and inherits its privileges. Fix: REVOKE %1 FROM portico_app.").arg(m.text(i, 0)));
    }

    // Per database: nothing owned by the data role, no dangerous grants, no CREATE on schemas.
    void checkGrants(PgConnection &c, const QString &where)
    {
        const auto owned = c.exec(QStringLiteral("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                                 "WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = $1) "
                                                 "UNION ALL SELECT nspname FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = $1)"),
                                  {QString::fromLatin1(store::kAppRole)});
        for (int i = 0; i < owned.rows(); ++i)
            add(Severity::Critical, QStringLiteral("owner.data_role"), where + QLatin1Char('.') + owned.text(i, 0),
                QStringLiteral("Owned by the data role: an owner can switch row-level security off. Fix: ALTER ... OWNER TO portico_owner."));
        const auto grants = c.exec(QStringLiteral("SELECT table_schema || '.' || table_name, privilege_type FROM information_schema.role_table_grants "
                                                  "WHERE grantee = $1 AND privilege_type IN ('TRUNCATE', 'REFERENCES', 'TRIGGER')"),
                                   {QString::fromLatin1(store::kAppRole)});
        for (int i = 0; i < grants.rows(); ++i)
            add(Severity::High, QStringLiteral("grant.extra"), where + QLatin1Char('.') + grants.text(i, 0),
                QStringLiteral("The data role holds %1, which the design does not grant (TRUNCATE ignores row-level security). Fix: REVOKE it.").arg(grants.text(i, 1)));
        const auto create = c.exec(QStringLiteral("SELECT nspname FROM pg_namespace WHERE has_schema_privilege($1, oid, 'CREATE') "
                                                  "AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"),
                                   {QString::fromLatin1(store::kAppRole)});
        for (int i = 0; i < create.rows(); ++i)
            add(Severity::High, QStringLiteral("grant.create_schema"), where + QLatin1Char('.') + create.text(i, 0),
                QStringLiteral("The data role may create objects in this schema, and would own them. Fix: REVOKE CREATE ON SCHEMA ... FROM portico_app, PUBLIC."));
    }

    // The audit log is append-only twice over: no UPDATE or DELETE for the data role, and triggers
    // that refuse both for everyone.
    void checkAudit(PgConnection &c, const QString &where)
    {
        const auto grants = c.exec(QStringLiteral("SELECT table_name, privilege_type FROM information_schema.role_table_grants WHERE grantee = $1 "
                                                  "AND table_name IN ('audit_log', 'audit_checkpoints', 'audit_signing_keys') "
                                                  "AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')"),
                                   {QString::fromLatin1(store::kAppRole)});
        for (int i = 0; i < grants.rows(); ++i)
            add(Severity::Critical, QStringLiteral("audit.grant"), where + QStringLiteral(".public.") + grants.text(i, 0),
                QStringLiteral("The data role may %1 audit rows. Fix: REVOKE %1 ON %2 FROM portico_app.").arg(grants.text(i, 1), grants.text(i, 0)));
        const auto triggers = c.exec(QStringLiteral("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                                    "WHERE c.relname IN ('audit_log', 'audit_checkpoints') AND NOT t.tgisinternal AND t.tgenabled <> 'D'"));
        QSet<QString> active;
        for (int i = 0; i < triggers.rows(); ++i)
            active.insert(triggers.text(i, 0));
        for (const char *name : {"audit_log_append_only", "audit_log_no_truncate", "audit_checkpoints_append_only", "audit_checkpoints_no_truncate"})
            if (!active.contains(QLatin1String(name)))
                add(Severity::High, QStringLiteral("audit.trigger"), where + QStringLiteral(".public.") + QLatin1String(name),
                    QStringLiteral("The trigger that keeps the audit log append-only is missing or disabled. Fix: ALTER TABLE ... ENABLE TRIGGER %1.").arg(QLatin1String(name)));
    }

    // Every table holding tenant rows has RLS enabled and forced with exactly the expected policy.
    void checkTables(PgConnection &c, const QString &where, const QSet<QString> &schemas)
    {
        const auto tables = c.exec(QStringLiteral(
            "SELECT n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])"),
            {QStringLiteral("{%1}").arg(QStringList(schemas.begin(), schemas.end()).join(QLatin1Char(',')))});
        QHash<QString, QSet<QString>> present;
        for (int i = 0; i < tables.rows(); ++i) {
            const QString schema = tables.text(i, 0), table = tables.text(i, 1);
            present[schema].insert(table);
            const bool tenantTable = tables.boolean(i, 4) || Verifier::tenantTables().contains(table);
            if (!tenantTable)
                continue;
            ++m_report.tablesChecked;
            const QString object = where + QLatin1Char('.') + schema + QLatin1Char('.') + table;
            if (!tables.boolean(i, 2))
                add(Severity::Critical, QStringLiteral("rls.enabled"), object,
                    QStringLiteral("Row-level security is off: the data role sees every tenant's rows. Fix: ALTER TABLE %1 ENABLE ROW LEVEL SECURITY.").arg(table));
            if (!tables.boolean(i, 3))
                add(Severity::Critical, QStringLiteral("rls.forced"), object,
                    QStringLiteral("Row-level security is not forced: the table owner bypasses it. Fix: ALTER TABLE %1 FORCE ROW LEVEL SECURITY.").arg(table));
        }
        for (const QString &schema : schemas)
            for (const QString &table : Verifier::tenantTables())
                if (!present.value(schema).contains(table))
                    add(Severity::Critical, QStringLiteral("schema.table_missing"), where + QLatin1Char('.') + schema + QLatin1Char('.') + table,
                        QStringLiteral("The tenant table is missing: the tenant schema was not applied here. Restart the server to resume the schema runner."));

        const auto policies = c.exec(QStringLiteral("SELECT schemaname, tablename, policyname, permissive, cmd, coalesce(qual, ''), coalesce(with_check, ''), "
                                                    "array_to_string(roles, ',') FROM pg_policies WHERE schemaname = ANY($1::text[])"),
                                     {QStringLiteral("{%1}").arg(QStringList(schemas.begin(), schemas.end()).join(QLatin1Char(',')))});
        QSet<QString> good;
        const QString expected = QStringLiteral("(tenant_id=portico_current_tenant())");
        for (int i = 0; i < policies.rows(); ++i) {
            const QString key = policies.text(i, 0) + QLatin1Char('.') + policies.text(i, 1);
            const bool ok = policies.text(i, 2) == QLatin1String("tenant_isolation") && policies.text(i, 3) == QLatin1String("PERMISSIVE")
                            && policies.text(i, 4) == QLatin1String("ALL") && normalised(policies.text(i, 5)) == expected
                            && normalised(policies.text(i, 6)) == expected && policies.text(i, 7) == QLatin1String("public");
            if (ok) {
                good.insert(key);
            } else if (policies.text(i, 3) == QLatin1String("PERMISSIVE")) {
                add(Severity::Critical, QStringLiteral("rls.policy"), where + QLatin1Char('.') + key + QStringLiteral(" policy ") + policies.text(i, 2),
                    QStringLiteral("A permissive policy other than tenant_isolation (USING %1): permissive policies add up, so it can open rows of other tenants. "
                                   "Fix: DROP POLICY %2 ON %3.").arg(policies.text(i, 5), policies.text(i, 2), policies.text(i, 1)));
            }
        }
        for (const QString &schema : schemas)
            for (const QString &table : Verifier::tenantTables())
                if (present.value(schema).contains(table) && !good.contains(schema + QLatin1Char('.') + table))
                    add(Severity::Critical, QStringLiteral("rls.policy_missing"), where + QLatin1Char('.') + schema + QLatin1Char('.') + table,
                        QStringLiteral("The tenant_isolation policy is missing or altered; with RLS on and no policy the table shows nothing, with an altered one it may show too much."));
    }

private:
    store::Database &m_db;
    Report &m_report;
};

} // namespace

QString toString(Severity s)
{
    switch (s) {
    case Severity::Critical: return QStringLiteral("critical");
    case Severity::High: return QStringLiteral("high");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Info: return QStringLiteral("info");
    }
    return {};
}

QJsonObject Finding::toJson() const
{
    return {{QStringLiteral("severity"), toString(severity)}, {QStringLiteral("check"), check},
            {QStringLiteral("object"), object}, {QStringLiteral("detail"), detail}};
}

bool Report::ok() const
{
    return std::none_of(findings.begin(), findings.end(), [](const Finding &f) { return f.severity == Severity::Critical || f.severity == Severity::High; });
}

bool Report::hasCritical() const
{
    return std::any_of(findings.begin(), findings.end(), [](const Finding &f) { return f.severity == Severity::Critical; });
}

QJsonObject Report::toJson() const
{
    QJsonArray list;
    for (const Finding &f : findings)
        list.append(f.toJson());
    return {{QStringLiteral("ok"), ok()},
            {QStringLiteral("findings"), list},
            {QStringLiteral("clusters_checked"), clustersChecked},
            {QStringLiteral("tables_checked"), tablesChecked},
            {QStringLiteral("placements_checked"), placementsChecked},
            {QStringLiteral("checked_at"), checkedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("duration_ms"), durationMs}};
}

const QStringList &Verifier::tenantTables()
{
    static const QStringList tables{QStringLiteral("members"), QStringLiteral("documents"), QStringLiteral("tenant_settings")};
    return tables;
}

Report Verifier::run()
{
    QElapsedTimer timer;
    timer.start();
    Report report;
    report.checkedAt = QDateTime::currentDateTimeUtc();
    Checker check(m_db, report);
    const QString owner = QString::fromLatin1(store::kOwnerRole);

    QList<PlacementRow> placements;
    {
        PgConnection control(m_db.controlConfig(owner));
        check.checkGrants(control, m_db.home().name + QLatin1Char('/') + m_db.controlDatabase());
        check.checkAudit(control, m_db.home().name + QLatin1Char('/') + m_db.controlDatabase());
        const auto r = control.exec(QStringLiteral("SELECT tenant_id, model, cluster, database_name, schema_name FROM placements"));
        for (int i = 0; i < r.rows(); ++i)
            placements.append({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)});
    }
    report.placementsChecked = int(placements.size());
    for (const PlacementRow &p : placements)
        if (!m_db.cluster(p.cluster))
            check.add(Severity::Critical, QStringLiteral("placement.cluster"), QStringLiteral("tenant ") + p.tenant,
                      QStringLiteral("The placement names cluster '%1', which this server does not know. Register it with --cluster.").arg(p.cluster));

    for (const store::Cluster &cluster : m_db.clusters()) {
        ++report.clustersChecked;
        PgConnection pool(m_db.config(cluster, m_db.poolDatabase(), owner));
        const QString where = cluster.name + QLatin1Char('/') + m_db.poolDatabase();
        check.checkRoles(pool, cluster.name);
        check.checkGrants(pool, where);

        // Schemas in the pool against the placement map.
        QSet<QString> placedSchemas, placedDatabases;
        for (const PlacementRow &p : placements) {
            if (p.cluster != cluster.name)
                continue;
            if (p.model == QLatin1String("schema"))
                placedSchemas.insert(p.schema);
            if (p.model == QLatin1String("database"))
                placedDatabases.insert(p.database);
        }
        QSet<QString> schemas;
        const auto s = pool.exec(QStringLiteral("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'"));
        for (int i = 0; i < s.rows(); ++i)
            schemas.insert(s.text(i, 0));
        for (const QString &schema : placedSchemas - schemas)
            check.add(Severity::Critical, QStringLiteral("placement.schema_missing"), where + QLatin1Char('.') + schema,
                      QStringLiteral("A tenant is placed in this schema, but it does not exist: the tenant's data is gone or elsewhere."));
        for (const QString &schema : schemas - placedSchemas)
            check.add(Severity::High, QStringLiteral("placement.schema_orphan"), where + QLatin1Char('.') + schema,
                      QStringLiteral("A tenant schema that no placement names: left over from a deleted tenant, or created by hand. "
                                     "Inspect it, then DROP SCHEMA or register its tenant."));
        check.checkTables(pool, where, (schemas & placedSchemas) + QSet<QString>{QStringLiteral("public")});

        // Databases on this cluster against the placement map.
        QSet<QString> databases;
        const auto d = pool.exec(QStringLiteral("SELECT datname FROM pg_database WHERE datname LIKE $1"),
                                 {QString(m_db.controlDatabase()).replace(QLatin1Char('_'), QStringLiteral("\\_")) + QStringLiteral("\\_t\\_%")});
        for (int i = 0; i < d.rows(); ++i)
            databases.insert(d.text(i, 0));
        for (const QString &database : placedDatabases - databases)
            check.add(Severity::Critical, QStringLiteral("placement.database_missing"), cluster.name + QLatin1Char('/') + database,
                      QStringLiteral("A tenant is placed in this database, but it does not exist."));
        for (const QString &database : databases - placedDatabases)
            check.add(Severity::High, QStringLiteral("placement.database_orphan"), cluster.name + QLatin1Char('/') + database,
                      QStringLiteral("A tenant database that no placement names. Inspect it, then DROP DATABASE or register its tenant."));
        for (const QString &database : databases & placedDatabases) {
            try {
                PgConnection tenantDb(m_db.config(cluster, database, owner));
                check.checkGrants(tenantDb, cluster.name + QLatin1Char('/') + database);
                check.checkTables(tenantDb, cluster.name + QLatin1Char('/') + database, {QStringLiteral("public")});
            } catch (const std::exception &e) {
                check.add(Severity::Critical, QStringLiteral("placement.database_unreachable"), cluster.name + QLatin1Char('/') + database,
                          QString::fromUtf8(e.what()));
            }
        }
    }
    report.durationMs = timer.elapsed();
    return report;
}

} // namespace portico::isolation
