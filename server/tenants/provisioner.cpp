#include "server/tenants/provisioner.h"
#include "core/slug.h"
#include "server/jsontext.h"
#include "server/problems.h"
#include "server/store/database.h"
#include "server/store/schema.h"
#include "server/store/tenantsession.h"
#include "server/tenants/tenantrepository.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace portico::tenants {

void Provisioner::validate(NewTenant &n) const
{
    n.name = n.name.simplified();
    if (n.name.isEmpty() || n.name.size() > 200)
        failValidation(QStringLiteral("name"), QStringLiteral("name must be 1 to 200 characters."));
    if (n.slug.isEmpty())
        n.slug = slugify(n.name);
    if (!isValidSlug(n.slug))
        failValidation(QStringLiteral("slug"), QStringLiteral("slug must be 3 to 63 of a-z, 0-9 and single '-', starting and ending with a letter or digit."));
    if (!QUuid::fromString(n.slug).isNull())
        failValidation(QStringLiteral("slug"), QStringLiteral("slug must not look like an id."));
    static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    n.adminEmail = n.adminEmail.trimmed().toLower();
    if (!email.match(n.adminEmail).hasMatch() || n.adminEmail.size() > 254)
        failValidation(QStringLiteral("admin_email"), QStringLiteral("admin_email must be an email address."));
    if (n.adminName.size() > 200)
        failValidation(QStringLiteral("admin_name"), QStringLiteral("admin_name may be at most 200 characters."));
    if (!m_db.clusterForRegion(n.region))
        failValidation(QStringLiteral("region"), QStringLiteral("Unknown region '%1'. Known: %2.").arg(n.region, m_db.regions().join(QStringLiteral(", "))));
}

void Provisioner::createStorage(const Placement &p) const
{
    const store::Cluster *c = m_db.cluster(p.cluster);
    const QString owner = QString::fromLatin1(store::kOwnerRole);
    if (p.model == IsolationModel::Schema) {
        store::PgConnection conn(m_db.config(*c, p.database, owner));
        conn.execScript(QStringLiteral("CREATE SCHEMA %1 AUTHORIZATION portico_owner; GRANT USAGE ON SCHEMA %1 TO portico_app")
                            .arg(conn.quoteIdentifier(p.schema)));
        store::applyTenantMigrations(conn, p.schema);
    } else if (p.model == IsolationModel::Database) {
        {
            store::PgConnection conn(m_db.config(*c, m_db.poolDatabase(), owner));
            conn.execScript(QStringLiteral("CREATE DATABASE %1 OWNER portico_owner ENCODING 'UTF8' TEMPLATE template0").arg(conn.quoteIdentifier(p.database)));
        }
        store::PgConnection conn(m_db.config(*c, p.database, owner));
        conn.execScript(QStringLiteral("REVOKE ALL ON DATABASE %1 FROM PUBLIC; GRANT CONNECT, TEMPORARY ON DATABASE %1 TO portico_app")
                            .arg(conn.quoteIdentifier(p.database)));
        store::prepareTenantDatabase(conn);
        store::applyTenantMigrations(conn, QStringLiteral("public"));
    }
}

void Provisioner::dropStorage(const Placement &p) const
{
    const store::Cluster *c = m_db.cluster(p.cluster);
    if (!c)
        return;
    const QString owner = QString::fromLatin1(store::kOwnerRole);
    if (p.model == IsolationModel::Schema) {
        store::PgConnection conn(m_db.config(*c, p.database, owner));
        conn.execScript(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(conn.quoteIdentifier(p.schema)));
    } else if (p.model == IsolationModel::Database) {
        m_db.reapIdle();
        store::PgConnection conn(m_db.config(*c, m_db.poolDatabase(), owner));
        conn.execScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(conn.quoteIdentifier(p.database)));
    }
}

ProvisionedTenant Provisioner::provision(NewTenant n, const std::function<void(store::PgConnection &, const Tenant &)> &inControlTransaction) const
{
    validate(n);
    Tenant t;
    t.id = QUuid::createUuid();
    t.slug = n.slug;
    t.name = n.name;
    t.plan = n.plan;
    t.state = n.state;
    t.region = n.region;
    t.createdAt = n.createdAt.isValid() ? n.createdAt.toUTC() : QDateTime::currentDateTimeUtc();
    t.updatedAt = t.createdAt;
    t.placement = m_db.placementFor(t.id, n.isolation, n.region);

    const auto slugTaken = [&] {
        Problem p = Problem::make(409, problem::Conflict, QStringLiteral("The slug '%1' is taken; choose another.").arg(t.slug));
        p.field = QStringLiteral("slug");
        return p;
    };
    {
        auto control = m_db.control();
        if (TenantRepository(*control).find(t.slug))
            fail(slugTaken()); // cheap early answer; the unique index decides races below
    }

    createStorage(t.placement);
    try {
        {
            auto control = m_db.control();
            store::PgTransaction tx(*control);
            try {
                TenantRepository(*control).insert(t);
            } catch (const store::PgError &e) {
                if (e.isUniqueViolation())
                    fail(slugTaken());
                throw;
            }
            if (inControlTransaction)
                inControlTransaction(*control, t);
            tx.commit();
        }
        const QUuid adminId = QUuid::createUuid();
        try {
            store::TenantSession session(m_db, {t.id, t.placement});
            const QString adminName = n.adminName.simplified().isEmpty() ? n.adminEmail.section(QLatin1Char('@'), 0, 0) : n.adminName.simplified();
            session.exec(QStringLiteral("INSERT INTO members (tenant_id, id, email, display_name, role, created_at) "
                                        "VALUES (public.portico_current_tenant(), $1, $2, $3, 'admin', $4::timestamptz)"),
                         {adminId, n.adminEmail, adminName, t.createdAt.toString(Qt::ISODateWithMs)});
            // Default settings; the configuration service layers plan and user values on top.
            const QJsonObject defaults{{QStringLiteral("branding.display_name"), t.name},
                                       {QStringLiteral("security.session_timeout_minutes"), 60},
                                       {QStringLiteral("locale.default"), QStringLiteral("en")}};
            for (auto it = defaults.begin(); it != defaults.end(); ++it)
                session.exec(QStringLiteral("INSERT INTO tenant_settings (tenant_id, key, value) VALUES (public.portico_current_tenant(), $1, $2::jsonb)"),
                             {it.key(), compactJson(it.value())});
            session.commit();
        } catch (...) {
            // The data role may not delete tenants; undoing a half-made one is the owner's job.
            store::PgConnection owner(m_db.controlConfig(QString::fromLatin1(store::kOwnerRole)));
            owner.exec(QStringLiteral("DELETE FROM idempotency_keys WHERE response->>'id' = $1"), {idToString(t.id)});
            owner.exec(QStringLiteral("DELETE FROM tenants WHERE id = $1"), {t.id});
            throw;
        }
        return {t, adminId};
    } catch (...) {
        dropStorage(t.placement);
        throw;
    }
}

} // namespace portico::tenants
