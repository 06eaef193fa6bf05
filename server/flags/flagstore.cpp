#include "server/flags/flagstore.h"
#include "core/tenant.h"
#include "server/jsontext.h"
#include "server/problems.h"
#include "server/store/pg.h"
#include <QJsonDocument>
#include <spdlog/spdlog.h>

namespace portico::flags::flagstore {
namespace {
QString forUpdateClause(bool forUpdate) { return forUpdate ? QStringLiteral(" FOR UPDATE") : QString(); }
QByteArray definitionText(const QJsonObject &definition) { return QJsonDocument(definition).toJson(QJsonDocument::Compact); }
} // namespace

std::shared_ptr<Snapshot> loadSnapshot(store::PgConnection &c)
{
    // One round trip, one implicit transaction: a consistent view of all three.
    const auto results = c.pipeline({{QStringLiteral("SELECT key, definition, version, created_at, updated_at FROM flags ORDER BY key"), {}},
                                     {QStringLiteral("SELECT flag_key, tenant_id, user_id, value FROM flag_overrides"), {}},
                                     {QStringLiteral("SELECT id, plan FROM tenants"), {}}});
    auto snap = std::make_shared<Snapshot>();
    QHash<QString, Flag> byKey;
    QStringList order;
    for (int i = 0; i < results[0].rows(); ++i) {
        config::ValueError e;
        QJsonObject def = results[0].json(i, 1).toObject();
        def.insert(QStringLiteral("version"), results[0].integer(i, 2));
        auto f = Flag::fromJson(def, &e);
        if (!f) {
            spdlog::error("flag {} has an invalid stored definition ({}: {}); not served", results[0].text(i, 0).toStdString(),
                          e.path.toStdString(), e.message.toStdString());
            continue;
        }
        f->createdAt = results[0].timestamp(i, 3);
        f->updatedAt = results[0].timestamp(i, 4);
        order << f->key;
        byKey.insert(f->key, *f);
    }
    for (int i = 0; i < results[1].rows(); ++i) {
        auto it = byKey.find(results[1].text(i, 0));
        if (it == byKey.end())
            continue;
        const int variant = it->variantOf(results[1].json(i, 3));
        if (variant < 0)
            continue;
        const QUuid tenant = results[1].uuid(i, 1);
        const QString user = results[1].text(i, 2);
        if (user.isEmpty())
            it->tenantOverrides.insert(idKey(tenant), variant);
        else
            it->userOverrides.insert(Context::make(tenant, -1, user, 0).userOverrideKey, variant);
    }
    for (const QString &key : order)
        snap->add(byKey.take(key));
    for (int i = 0; i < results[2].rows(); ++i)
        if (const auto plan = parsePlan(results[2].text(i, 1)))
            snap->setTenantPlan(results[2].uuid(i, 0), int(*plan));
    snap->link();
    return snap;
}

std::optional<StoredFlag> find(store::PgConnection &c, const QString &key, bool forUpdate)
{
    const auto r = c.exec(QStringLiteral("SELECT definition, version, created_at, updated_at, updated_by FROM flags WHERE key = $1") + forUpdateClause(forUpdate),
                          {key});
    if (r.rows() != 1)
        return std::nullopt;
    return StoredFlag{r.json(0, 0).toObject(), r.integer(0, 1), r.timestamp(0, 2), r.timestamp(0, 3), r.text(0, 4)};
}

QList<StoredFlagCount> listWithOverrideCounts(store::PgConnection &c)
{
    const auto r = c.exec(QStringLiteral(
        "SELECT f.definition, f.version, f.created_at, f.updated_at, f.updated_by, "
        "(SELECT count(*) FROM flag_overrides o WHERE o.flag_key = f.key) FROM flags f ORDER BY f.key"));
    QList<StoredFlagCount> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({{r.json(i, 0).toObject(), r.integer(i, 1), r.timestamp(i, 2), r.timestamp(i, 3), r.text(i, 4)}, int(r.integer(i, 5))});
    return out;
}

int overrideCount(store::PgConnection &c, const QString &key)
{
    return int(c.exec(QStringLiteral("SELECT count(*) FROM flag_overrides WHERE flag_key = $1"), {key}).integer(0, 0));
}

void insert(store::PgConnection &c, const QString &key, const QJsonObject &definition, const QString &actor)
{
    try {
        c.exec(QStringLiteral("INSERT INTO flags (key, definition, updated_by) VALUES ($1, $2::jsonb, $3)"), {key, definitionText(definition), actor});
    } catch (const store::PgError &e) {
        if (!e.isUniqueViolation())
            throw;
        Problem p = Problem::make(409, problem::Conflict, QStringLiteral("A flag with the key '%1' exists.").arg(key));
        p.field = QStringLiteral("key");
        fail(p);
    }
}

void update(store::PgConnection &c, const QString &key, const QJsonObject &definition, const QString &actor)
{
    c.exec(QStringLiteral("UPDATE flags SET definition = $2::jsonb, version = version + 1, updated_at = now(), updated_by = $3 WHERE key = $1"),
           {key, definitionText(definition), actor});
}

void remove(store::PgConnection &c, const QString &key)
{
    c.exec(QStringLiteral("DELETE FROM flags WHERE key = $1"), {key});
}

QString firstDependent(store::PgConnection &c, const QString &key)
{
    const auto r = c.exec(QStringLiteral("SELECT key FROM flags WHERE definition->'prerequisites' @> jsonb_build_array(jsonb_build_object('flag', $1::text))"), {key});
    return r.rows() > 0 ? r.text(0, 0) : QString();
}

Opt currentOverride(store::PgConnection &c, const QString &key, const QUuid &tenant, const QString &user, bool forUpdate)
{
    const auto r = c.exec(QStringLiteral("SELECT value FROM flag_overrides WHERE flag_key = $1 AND tenant_id = $2 AND user_id = $3") + forUpdateClause(forUpdate),
                          {key, tenant, user});
    return r.rows() == 1 ? Opt(r.json(0, 0)) : std::nullopt;
}

void writeOverride(store::PgConnection &c, const QString &key, const QUuid &tenant, const QString &user, const Opt &value,
                   const QString &reason, const QString &actor)
{
    if (value)
        c.exec(QStringLiteral("INSERT INTO flag_overrides (flag_key, tenant_id, user_id, value, reason, updated_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6) "
                              "ON CONFLICT (flag_key, tenant_id, user_id) DO UPDATE SET value = EXCLUDED.value, reason = EXCLUDED.reason, "
                              "updated_at = now(), updated_by = EXCLUDED.updated_by"),
               {key, tenant, user, compactJson(*value), reason, actor});
    else
        c.exec(QStringLiteral("DELETE FROM flag_overrides WHERE flag_key = $1 AND tenant_id = $2 AND user_id = $3"), {key, tenant, user});
}

QList<OverrideRecord> overrides(store::PgConnection &c, const QString &key)
{
    const auto r = c.exec(QStringLiteral(
        "SELECT o.tenant_id, t.slug, t.name, t.plan, o.user_id, o.value, o.reason, o.updated_at, o.updated_by "
        "FROM flag_overrides o JOIN tenants t ON t.id = o.tenant_id WHERE o.flag_key = $1 ORDER BY lower(t.name), t.id, o.user_id"), {key});
    QList<OverrideRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.uuid(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.json(i, 5), r.text(i, 6), r.timestamp(i, 7), r.text(i, 8)});
    return out;
}

QList<OverrideRecord> overridesOf(store::PgConnection &c, const QString &key, const QUuid &tenant, const QString &user)
{
    const auto r = c.exec(QStringLiteral("SELECT user_id, value, reason, updated_at, updated_by FROM flag_overrides WHERE flag_key = $1 AND tenant_id = $2 "
                                         "AND user_id IN ('', $3)"), {key, tenant, user});
    QList<OverrideRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({tenant, {}, {}, {}, r.text(i, 0), r.json(i, 1), r.text(i, 2), r.timestamp(i, 3), r.text(i, 4)});
    return out;
}

} // namespace portico::flags::flagstore
