#include "server/tenants/provisioner.h"
#include "core/slug.h"
#include "server/http/http.h"
#include "server/store/tenantsession.h"
#include "server/tenants/tenantrepository.h"
#include <QJsonDocument>
#include <QRegularExpression>

namespace portico::tenants {

ProvisionedTenant Provisioner::provision(store::PgConnection &c, NewTenant n) const
{
    n.name = n.name.simplified();
    if (n.name.isEmpty() || n.name.size() > 200)
        http::failValidation(QStringLiteral("name"), QStringLiteral("name must be 1 to 200 characters."));
    if (n.slug.isEmpty())
        n.slug = slugify(n.name);
    if (!isValidSlug(n.slug))
        http::failValidation(QStringLiteral("slug"), QStringLiteral("slug must be 3 to 63 of a-z, 0-9 and single '-', starting and ending with a letter or digit."));
    if (!QUuid::fromString(n.slug).isNull())
        http::failValidation(QStringLiteral("slug"), QStringLiteral("slug must not look like an id."));
    static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    n.adminEmail = n.adminEmail.trimmed().toLower();
    if (!email.match(n.adminEmail).hasMatch() || n.adminEmail.size() > 254)
        http::failValidation(QStringLiteral("admin_email"), QStringLiteral("admin_email must be an email address."));
    if (n.isolation != IsolationModel::Shared)
        http::failValidation(QStringLiteral("isolation"), QStringLiteral("This server places tenants in the shared pool only so far; use isolation 'shared'."));

    Tenant t;
    t.id = QUuid::createUuid();
    t.slug = n.slug;
    t.name = n.name;
    t.plan = n.plan;
    t.state = n.state;
    t.region = n.region;
    t.createdAt = n.createdAt.isValid() ? n.createdAt.toUTC() : QDateTime::currentDateTimeUtc();
    t.updatedAt = t.createdAt;
    t.placement = Placement{IsolationModel::Shared, n.region, m_cluster, m_database, QStringLiteral("public")};

    // A savepoint lets a taken slug become a clean 409 without losing the caller's transaction.
    c.execScript(QStringLiteral("SAVEPOINT provision"));
    try {
        TenantRepository(c).insert(t);
    } catch (const store::PgError &e) {
        c.execScript(QStringLiteral("ROLLBACK TO SAVEPOINT provision"));
        if (e.isUniqueViolation())
            http::fail([&] {
                Problem p = Problem::make(409, problem::Conflict, QStringLiteral("The slug '%1' is taken; choose another.").arg(t.slug));
                p.field = QStringLiteral("slug");
                return p;
            }());
        throw;
    }

    store::TenantSession session(c, {t.id, t.placement}, /*joinOpenTransaction=*/true);
    const QUuid adminId = QUuid::createUuid();
    const QString adminName = n.adminName.simplified().isEmpty() ? n.adminEmail.section(QLatin1Char('@'), 0, 0) : n.adminName.simplified();
    session.exec(QStringLiteral("INSERT INTO members (tenant_id, id, email, display_name, role, created_at) "
                                "VALUES ($1, $2, $3, $4, 'admin', $5::timestamptz)"),
                 {t.id, adminId, n.adminEmail, adminName, t.createdAt.toString(Qt::ISODateWithMs)});
    // Default settings; the configuration service layers plan and user values on top.
    const QJsonObject defaults{{QStringLiteral("branding.display_name"), t.name},
                               {QStringLiteral("security.session_timeout_minutes"), 60},
                               {QStringLiteral("locale.default"), QStringLiteral("en")}};
    for (auto it = defaults.begin(); it != defaults.end(); ++it) {
        const QByteArray value = QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
        session.exec(QStringLiteral("INSERT INTO tenant_settings (tenant_id, key, value) VALUES ($1, $2, $3::jsonb)"),
                     {t.id, it.key(), value});
    }
    c.execScript(QStringLiteral("RELEASE SAVEPOINT provision"));
    return {t, adminId};
}

} // namespace portico::tenants
