#include "server/config/configstore.h"
#include "server/audit/auditlog.h"
#include "server/jsontext.h"
#include "server/problems.h"
#include "server/store/database.h"
#include <spdlog/spdlog.h>

namespace portico::config {
namespace {

store::PgParam jsonParam(const Opt &v) { return v ? store::PgParam(compactJson(*v)) : store::PgParam(); }

const QString kHistoryColumns = QStringLiteral("id, key, layer, user_id, version, before, after, actor, reason, at");

HistoryRecord historyRecord(const store::PgResult &r, int i)
{
    return {r.text(i, "id"), r.text(i, "key"), r.text(i, "layer"), r.text(i, "user_id"), r.integer(i, "version"),
            r.json(i, r.column("before")), r.json(i, r.column("after")), r.text(i, "actor"), r.text(i, "reason"), r.timestamp(i, "at")};
}

} // namespace

Schema ConfigStore::schema(store::PgConnection &control)
{
    Schema schema;
    const auto r = control.exec(QStringLiteral("SELECT definition FROM config_keys ORDER BY key"));
    for (int i = 0; i < r.rows(); ++i) {
        ValueError e;
        if (auto d = KeyDef::fromJson(r.json(i, 0).toObject(), &e))
            schema.insert(*d);
        else
            spdlog::error("config key definition {} is invalid: {}: {}", r.text(i, 0).left(80).toStdString(), e.path.toStdString(), e.message.toStdString());
    }
    return schema;
}

QHash<QString, QJsonValue> ConfigStore::planValues(store::PgConnection &control, Plan plan)
{
    QHash<QString, QJsonValue> out;
    const auto r = control.exec(QStringLiteral("SELECT key, value FROM config_plan_values WHERE plan = $1"), {toString(plan)});
    for (int i = 0; i < r.rows(); ++i)
        out.insert(r.text(i, 0), r.json(i, 1));
    return out;
}

QList<PlanValue> ConfigStore::planValueRows(store::PgConnection &control, Plan plan)
{
    const auto r = control.exec(QStringLiteral("SELECT key, value, version, updated_by, updated_at FROM config_plan_values WHERE plan = $1 ORDER BY key"),
                                {toString(plan)});
    QList<PlanValue> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.text(i, 0), {r.json(i, 1), r.integer(i, 2), r.text(i, 3), r.timestamp(i, 4)}});
    return out;
}

PlanWriteOutcome ConfigStore::writePlanValue(store::PgConnection &c, Plan plan, const QString &key, const Opt &value,
                                             const QString &actor, const QString &reason, const BeforeCheck &check)
{
    store::PgTransaction tx(c);
    const auto cur = c.exec(QStringLiteral("SELECT value, version FROM config_plan_values WHERE plan = $1 AND key = $2 FOR UPDATE"), {toString(plan), key});
    PlanWriteOutcome out;
    out.before = cur.rows() == 1 ? Opt(cur.json(0, 0)) : std::nullopt;
    check(out.before);
    out.changed = out.before != value;
    if (out.changed) {
        if (value)
            c.exec(QStringLiteral("INSERT INTO config_plan_values (plan, key, value, updated_by) VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (plan, key) DO UPDATE "
                                  "SET value = EXCLUDED.value, version = config_plan_values.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by"),
                   {toString(plan), key, compactJson(*value), actor});
        else
            c.exec(QStringLiteral("DELETE FROM config_plan_values WHERE plan = $1 AND key = $2"), {toString(plan), key});
        audit::appendAudit(c, {actor, QStringLiteral("config.plan_changed"), {}, QStringLiteral("config/") + key, reason,
                               {{QStringLiteral("plan"), toString(plan)}, {QStringLiteral("key"), key},
                                {QStringLiteral("before"), orNull(out.before)}, {QStringLiteral("after"), orNull(value)}}});
    }
    tx.commit();
    return out;
}

// Tenant and (optionally) user layer in one round trip.
TenantValues ConfigStore::tenantValues(const store::TenantScope &scope, const QString &user)
{
    const auto r = store::TenantSession::once(m_db, scope, QStringLiteral(
        "SELECT 'tenant' AS layer, key, value, version, updated_by, updated_at FROM tenant_settings "
        "UNION ALL SELECT 'user', key, value, version, updated_by, updated_at FROM user_settings WHERE $1 <> '' AND user_id = $1"),
        {user});
    TenantValues out;
    for (int i = 0; i < r.rows(); ++i) {
        StoredValue s{r.json(i, 2), r.integer(i, 3), r.text(i, 4), r.timestamp(i, 5)};
        (r.text(i, 0) == QLatin1String("tenant") ? out.tenant : out.user).insert(r.text(i, 1), s);
    }
    return out;
}

Opt ConfigStore::tenantValue(const store::TenantScope &scope, const QString &key)
{
    const auto r = store::TenantSession::once(m_db, scope, QStringLiteral("SELECT value FROM tenant_settings WHERE key = $1"), {key});
    return r.rows() == 1 ? Opt(r.json(0, 0)) : std::nullopt;
}

WriteOutcome ConfigStore::write(const Tenant &t, const KeyDef &d, const LayerWrite &w, const BeforeCheck &check)
{
    const QString &user = w.user;
    const Layer layer = user.isEmpty() ? Layer::Tenant : Layer::User;
    store::TenantSession session(m_db, {t.id, t.placement});
    const auto cur = user.isEmpty()
        ? session.exec(QStringLiteral("SELECT value, version FROM tenant_settings WHERE key = $1 FOR UPDATE"), {d.key})
        : session.exec(QStringLiteral("SELECT value, version FROM user_settings WHERE user_id = $1 AND key = $2 FOR UPDATE"), {user, d.key});
    WriteOutcome out;
    qint64 version = 0;
    if (cur.rows() == 1) {
        out.before = cur.json(0, 0);
        version = cur.integer(0, 1);
    }
    check(out.before);
    out.after = w.value;
    out.version = version;
    if (out.before == out.after) {
        session.commit();
        return out;
    }
    try {
        if (w.value) {
            const auto r = user.isEmpty()
                ? session.exec(QStringLiteral("INSERT INTO tenant_settings (tenant_id, key, value, version, updated_at, updated_by) "
                                              "VALUES (public.portico_current_tenant(), $1, $2::jsonb, 1, now(), $3) ON CONFLICT (tenant_id, key) DO UPDATE "
                                              "SET value = EXCLUDED.value, version = tenant_settings.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by "
                                              "RETURNING version"),
                               {d.key, compactJson(*w.value), w.actor})
                : session.exec(QStringLiteral("INSERT INTO user_settings (tenant_id, user_id, key, value, version, updated_at, updated_by) "
                                              "VALUES (public.portico_current_tenant(), $1, $2, $3::jsonb, 1, now(), $4) ON CONFLICT (tenant_id, user_id, key) DO UPDATE "
                                              "SET value = EXCLUDED.value, version = user_settings.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by "
                                              "RETURNING version"),
                               {user, d.key, compactJson(*w.value), w.actor});
            out.version = r.integer(0, 0);
        } else {
            if (user.isEmpty())
                session.exec(QStringLiteral("DELETE FROM tenant_settings WHERE key = $1"), {d.key});
            else
                session.exec(QStringLiteral("DELETE FROM user_settings WHERE user_id = $1 AND key = $2"), {user, d.key});
            out.version = version + 1;
        }
    } catch (const store::PgError &e) {
        if (e.isUniqueViolation()) // a concurrent first write won
            failPrecondition(QStringLiteral("%1 was set by someone else at the same moment. Read it again and reapply your change.").arg(d.key));
        throw;
    }
    out.historyId = idToString(QUuid::createUuid());
    session.exec(QStringLiteral("INSERT INTO config_history (tenant_id, id, key, layer, user_id, version, before, after, actor, reason) "
                                "VALUES (public.portico_current_tenant(), $1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9)"),
                 {out.historyId, d.key, toString(layer), user, out.version, jsonParam(out.before), jsonParam(out.after), w.actor, w.reason});
    QJsonObject details{{QStringLiteral("key"), d.key}, {QStringLiteral("layer"), toString(layer)},
                        {QStringLiteral("before"), orNull(out.before)}, {QStringLiteral("after"), orNull(out.after)},
                        {QStringLiteral("version"), out.version}, {QStringLiteral("history_id"), out.historyId}};
    if (!user.isEmpty())
        details.insert(QStringLiteral("user"), user);
    for (auto it = w.extra.begin(); it != w.extra.end(); ++it)
        details.insert(it.key(), it.value());
    // The entry commits on the control plane just before the placement's transaction: a change is
    // never left without its entry (the placement's commit failing afterwards is the only gap).
    audit::appendAudit(*m_db.control(), {w.actor, w.action, t.id, QStringLiteral("config/") + d.key, w.reason, details});
    session.commit();
    out.changed = true;
    return out;
}

QList<HistoryRecord> ConfigStore::history(const store::TenantScope &scope, const QString &key, const QString &user, int limit)
{
    const auto r = store::TenantSession::once(m_db, scope,
                                              QStringLiteral("SELECT %1 FROM config_history WHERE ($1 = '' OR key = $1) AND ($2 = '' OR user_id = $2) "
                                                             "ORDER BY at DESC, id LIMIT $3").arg(kHistoryColumns),
                                              {key, user, limit});
    QList<HistoryRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append(historyRecord(r, i));
    return out;
}

QList<UserWithSettings> ConfigStore::usersWithSettings(const store::TenantScope &scope, const QString &q, int limit)
{
    // strpos, not LIKE: a '%' or '_' typed into the search is a character, not a wildcard.
    const auto r = store::TenantSession::once(m_db, scope,
                                              QStringLiteral("SELECT user_id, count(*)::int FROM user_settings "
                                                             "WHERE strpos(lower(user_id), lower($1)) > 0 GROUP BY user_id "
                                                             "ORDER BY min(strpos(lower(user_id), lower($1))) = 1 DESC, user_id LIMIT $2"),
                                              {q, limit});
    QList<UserWithSettings> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.text(i, 0), int(r.integer(i, 1))});
    return out;
}

std::optional<HistoryRecord> ConfigStore::historyEntry(const store::TenantScope &scope, const QUuid &id)
{
    const auto r = store::TenantSession::once(m_db, scope, QStringLiteral("SELECT %1 FROM config_history WHERE id = $1").arg(kHistoryColumns), {id});
    if (r.rows() != 1)
        return std::nullopt;
    return historyRecord(r, 0);
}

} // namespace portico::config
