// Hierarchical configuration: the schema, plan-layer values (control plane), tenant- and user-layer
// values (the tenant's placement, through TenantSession), resolution with sources, ETag/If-Match
// writes, history with diff and revert, bulk set with a dry-run preview, and the tenant's view.
#include "core/config.h"
#include "core/timeutil.h"
#include "server/audit/auditlog.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/store/tenantsession.h"
#include "server/tenants/tenantrepository.h"
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <spdlog/spdlog.h>

namespace portico {
namespace {

using config::KeyDef;
using config::Layer;
using Opt = std::optional<QJsonValue>;

const QStringList kWriters{QStringLiteral("admin"), QStringLiteral("support")};

store::PgParam jsonParam(const Opt &v) { return v ? store::PgParam(http::compactJson(*v)) : store::PgParam(); }
QJsonValue orNull(const Opt &v) { return v ? *v : QJsonValue(); }

// The ETag of one layer's value: its content, so an unchanged value keeps its tag.
QByteArray etagOf(const Opt &v)
{
    const QByteArray content = v ? QByteArray("v:") + http::compactJson(*v) : QByteArray("unset");
    return http::etagOf(content);
}

[[noreturn]] void failPrecondition(const QString &detail)
{
    http::fail(Problem::make(412, problem::PreconditionFailed, detail));
}

QByteArray requireIfMatch(const http::Request &r)
{
    const QByteArray ifMatch = r.header("if-match");
    if (ifMatch.trimmed().isEmpty()) {
        Problem p = Problem::make(428, problem::PreconditionRequired,
                                  QStringLiteral("Send If-Match with the ETag you read (or * to overwrite whatever is there), so a concurrent change is not lost."));
        p.field = QStringLiteral("If-Match");
        http::fail(p);
    }
    return ifMatch;
}

Tenant requireTenant(store::PgConnection &c, const QString &idOrSlug)
{
    auto t = tenants::TenantRepository(c).find(idOrSlug);
    if (!t)
        http::failNotFound(QStringLiteral("No tenant has the id or slug '%1'.").arg(idOrSlug));
    return *t;
}

config::Schema loadSchema(store::PgConnection &c)
{
    config::Schema schema;
    const auto r = c.exec(QStringLiteral("SELECT definition FROM config_keys ORDER BY key"));
    for (int i = 0; i < r.rows(); ++i) {
        config::ValueError e;
        if (auto d = KeyDef::fromJson(r.json(i, 0).toObject(), &e))
            schema.insert(*d);
        else
            spdlog::error("config key definition {} is invalid: {}: {}", r.text(i, 0).left(80).toStdString(), e.path.toStdString(), e.message.toStdString());
    }
    return schema;
}

const KeyDef &requireKey(const config::Schema &schema, const QString &key)
{
    const KeyDef *d = schema.find(key);
    if (!d)
        http::failNotFound(QStringLiteral("No configuration key '%1'. GET /v1/config/schema lists them.").arg(key));
    return *d;
}

QHash<QString, QJsonValue> planValues(store::PgConnection &c, Plan plan)
{
    QHash<QString, QJsonValue> out;
    const auto r = c.exec(QStringLiteral("SELECT key, value FROM config_plan_values WHERE plan = $1"), {toString(plan)});
    for (int i = 0; i < r.rows(); ++i)
        out.insert(r.text(i, 0), r.json(i, 1));
    return out;
}

struct Stored
{
    QJsonValue value;
    qint64 version = 0;
    QString updatedBy;
    QDateTime updatedAt;
};

struct TenantValues
{
    QHash<QString, Stored> tenant;
    QHash<QString, Stored> user;
};

// Tenant and (optionally) user layer in one round trip.
TenantValues loadTenantValues(store::Database &db, const store::TenantScope &scope, const QString &user)
{
    const auto r = store::TenantSession::once(db, scope, QStringLiteral(
        "SELECT 'tenant' AS layer, key, value, version, updated_by, updated_at FROM tenant_settings "
        "UNION ALL SELECT 'user', key, value, version, updated_by, updated_at FROM user_settings WHERE $1 <> '' AND user_id = $1"),
        {user});
    TenantValues out;
    for (int i = 0; i < r.rows(); ++i) {
        Stored s{r.json(i, 2), r.integer(i, 3), r.text(i, 4), r.timestamp(i, 5)};
        (r.text(i, 0) == QLatin1String("tenant") ? out.tenant : out.user).insert(r.text(i, 1), s);
    }
    return out;
}

config::Resolved resolveKey(const KeyDef &d, const QHash<QString, QJsonValue> &plan, const TenantValues &tv, bool withUser)
{
    config::LayerValues lv;
    if (plan.contains(d.key))
        lv.plan = plan.value(d.key);
    if (tv.tenant.contains(d.key))
        lv.tenant = tv.tenant.value(d.key).value;
    if (withUser && tv.user.contains(d.key))
        lv.user = tv.user.value(d.key).value;
    return config::resolve(d, lv);
}

QJsonObject versionInfo(const QHash<QString, Stored> &values, const QString &key)
{
    if (!values.contains(key))
        return {};
    const Stored &s = values[key];
    return {{QStringLiteral("version"), s.version}, {QStringLiteral("updated_by"), s.updatedBy}, {QStringLiteral("updated_at"), toIsoUtc(s.updatedAt)}};
}

QString userParam(const http::Request &r)
{
    const QString user = r.query.queryItemValue(QStringLiteral("user"), QUrl::FullyDecoded);
    if (user.size() > 128 || user.contains(QChar(0)))
        http::failValidation(QStringLiteral("user"), QStringLiteral("user is a user id of at most 128 characters."));
    return user;
}

QString reasonOf(const http::Request &r, const QJsonObject &body)
{
    QString reason = http::stringField(body, QStringLiteral("reason"), false);
    if (reason.isEmpty())
        reason = audit::requestReason(r);
    if (reason.size() > 500)
        http::failValidation(QStringLiteral("reason"), QStringLiteral("reason may be at most 500 characters."));
    return reason;
}

// Reads the value a PUT carries: null = remove this layer's value (inherit again).
Opt valueOf(const KeyDef &d, Layer layer, const QJsonObject &body, const QString &field = QStringLiteral("value"))
{
    if (!body.contains(field))
        http::failValidation(field, QStringLiteral("'%1' is required (null removes the value at this layer).").arg(field));
    const QJsonValue v = body.value(field);
    if (v.isNull()) {
        if (!d.allows(layer) || layer == Layer::Default)
            http::failValidation(field, QStringLiteral("The %1 layer may not override %2.").arg(config::toString(layer), d.key));
        return std::nullopt;
    }
    if (auto e = config::checkLayerWrite(d, layer, v))
        http::failValidation(e->path.isEmpty() ? field : field + QLatin1Char('.') + e->path, e->message);
    return v;
}

struct WriteOutcome
{
    Opt before, after;
    qint64 version = 0;
    bool changed = false;
    QString historyId;
};

// Writes one tenant- or user-layer value in the tenant's placement, with its history row and its
// audit entry. ifMatch empty = unconditional. Throws 412 when ifMatch does not match.
WriteOutcome writeValue(Services &s, const Tenant &t, const KeyDef &d, const QString &user, const Opt &value, const QByteArray &ifMatch,
                        const QString &actor, const QString &reason, const QString &action, QJsonObject extra = {})
{
    const Layer layer = user.isEmpty() ? Layer::Tenant : Layer::User;
    store::TenantSession session(s.db, {t.id, t.placement});
    const auto cur = user.isEmpty()
        ? session.exec(QStringLiteral("SELECT value, version FROM tenant_settings WHERE key = $1 FOR UPDATE"), {d.key})
        : session.exec(QStringLiteral("SELECT value, version FROM user_settings WHERE user_id = $1 AND key = $2 FOR UPDATE"), {user, d.key});
    WriteOutcome out;
    qint64 version = 0;
    if (cur.rows() == 1) {
        out.before = cur.json(0, 0);
        version = cur.integer(0, 1);
    }
    if (!ifMatch.isEmpty() && !http::etagMatches(ifMatch, etagOf(out.before)))
        failPrecondition(QStringLiteral("%1 changed since you read it (its ETag is now %2). Read it again and reapply your change.")
                             .arg(d.key, QString::fromLatin1(etagOf(out.before))));
    out.after = value;
    out.version = version;
    if (out.before == out.after) {
        session.commit();
        return out;
    }
    try {
        if (value) {
            const auto r = user.isEmpty()
                ? session.exec(QStringLiteral("INSERT INTO tenant_settings (tenant_id, key, value, version, updated_at, updated_by) "
                                              "VALUES (public.portico_current_tenant(), $1, $2::jsonb, 1, now(), $3) ON CONFLICT (tenant_id, key) DO UPDATE "
                                              "SET value = EXCLUDED.value, version = tenant_settings.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by "
                                              "RETURNING version"),
                               {d.key, http::compactJson(*value), actor})
                : session.exec(QStringLiteral("INSERT INTO user_settings (tenant_id, user_id, key, value, version, updated_at, updated_by) "
                                              "VALUES (public.portico_current_tenant(), $1, $2, $3::jsonb, 1, now(), $4) ON CONFLICT (tenant_id, user_id, key) DO UPDATE "
                                              "SET value = EXCLUDED.value, version = user_settings.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by "
                                              "RETURNING version"),
                               {user, d.key, http::compactJson(*value), actor});
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
                 {out.historyId, d.key, config::toString(layer), user, out.version, jsonParam(out.before), jsonParam(out.after), actor, reason});
    QJsonObject details{{QStringLiteral("key"), d.key}, {QStringLiteral("layer"), config::toString(layer)},
                        {QStringLiteral("before"), orNull(out.before)}, {QStringLiteral("after"), orNull(out.after)},
                        {QStringLiteral("version"), out.version}, {QStringLiteral("history_id"), out.historyId}};
    if (!user.isEmpty())
        details.insert(QStringLiteral("user"), user);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        details.insert(it.key(), it.value());
    // The entry commits on the control plane just before the placement's transaction: a change is
    // never left without its entry (the placement's commit failing afterwards is the only gap).
    audit::appendAudit(*s.db.control(), {actor, action, t.id, QStringLiteral("config/") + d.key, reason, details});
    session.commit();
    out.changed = true;
    return out;
}

QJsonObject historyEntry(const store::PgResult &r, int i)
{
    const QJsonValue before = r.json(i, r.column("before"));
    const QJsonValue after = r.json(i, r.column("after"));
    return {{QStringLiteral("id"), r.text(i, "id")}, {QStringLiteral("key"), r.text(i, "key")}, {QStringLiteral("layer"), r.text(i, "layer")},
            {QStringLiteral("user"), r.text(i, "user_id").isEmpty() ? QJsonValue() : QJsonValue(r.text(i, "user_id"))},
            {QStringLiteral("version"), r.integer(i, "version")}, {QStringLiteral("before"), before}, {QStringLiteral("after"), after},
            {QStringLiteral("diff"), config::diff(before, after)}, {QStringLiteral("actor"), r.text(i, "actor")},
            {QStringLiteral("reason"), r.text(i, "reason")}, {QStringLiteral("at"), toIsoUtc(r.timestamp(i, "at"))}};
}

const QString kHistoryColumns = QStringLiteral("id, key, layer, user_id, version, before, after, actor, reason, at");

// ---- Bulk -----------------------------------------------------------------------------------------

struct BulkChange
{
    Tenant tenant;
    Opt before, after;
    QJsonValue effectiveBefore, effectiveAfter;
    QString sourceAfter;
};

struct BulkPlan
{
    QList<BulkChange> changes;
    int targets = 0;
    QByteArray etag;
};

BulkPlan planBulk(Services &s, store::PgConnection &c, const KeyDef &d, const QList<Tenant> &targets, const Opt &value)
{
    BulkPlan plan;
    plan.targets = int(targets.size());
    QHash<int, QHash<QString, QJsonValue>> plans;
    QCryptographicHash h(QCryptographicHash::Sha1);
    for (const Tenant &t : targets) {
        if (!plans.contains(int(t.plan)))
            plans.insert(int(t.plan), planValues(c, t.plan));
        const auto r = store::TenantSession::once(s.db, {t.id, t.placement},
                                                  QStringLiteral("SELECT value FROM tenant_settings WHERE key = $1"), {d.key});
        const Opt before = r.rows() == 1 ? Opt(r.json(0, 0)) : std::nullopt;
        if (before == value)
            continue;
        config::LayerValues lv;
        if (plans[int(t.plan)].contains(d.key))
            lv.plan = plans[int(t.plan)].value(d.key);
        lv.tenant = before;
        const auto eb = config::resolve(d, lv);
        lv.tenant = value;
        const auto ea = config::resolve(d, lv);
        plan.changes.append({t, before, value, eb.value, ea.value, config::toString(ea.source)});
        h.addData(idToString(t.id).toLatin1() + '\n' + etagOf(before) + '\n' + etagOf(value) + '\n');
    }
    plan.etag = '"' + h.result().toHex().left(20) + '"';
    return plan;
}

QJsonObject bulkJson(const BulkPlan &p, const KeyDef &d, const Opt &value, bool dryRun)
{
    QJsonArray items;
    for (const BulkChange &ch : p.changes)
        items.append(QJsonObject{{QStringLiteral("tenant_id"), idToString(ch.tenant.id)}, {QStringLiteral("slug"), ch.tenant.slug},
                                 {QStringLiteral("name"), ch.tenant.name}, {QStringLiteral("plan"), toString(ch.tenant.plan)},
                                 {QStringLiteral("before"), orNull(ch.before)}, {QStringLiteral("after"), orNull(ch.after)},
                                 {QStringLiteral("effective_before"), ch.effectiveBefore}, {QStringLiteral("effective_after"), ch.effectiveAfter},
                                 {QStringLiteral("source_after"), ch.sourceAfter},
                                 {QStringLiteral("diff"), config::diff(ch.effectiveBefore, ch.effectiveAfter)}});
    return {{QStringLiteral("dry_run"), dryRun}, {QStringLiteral("key"), d.key}, {QStringLiteral("value"), orNull(value)},
            {QStringLiteral("targets"), p.targets}, {QStringLiteral("changed"), items.size()},
            {QStringLiteral("unchanged"), p.targets - int(items.size())}, {QStringLiteral("changes"), items},
            {QStringLiteral("preview_etag"), QString::fromLatin1(p.etag)}};
}

QList<Tenant> bulkTargets(store::PgConnection &c, const QJsonObject &body)
{
    const bool hasTenants = body.contains(QStringLiteral("tenants")) && !body.value(QStringLiteral("tenants")).isNull();
    const bool hasPlan = body.contains(QStringLiteral("plan")) && !body.value(QStringLiteral("plan")).isNull();
    if (hasTenants == hasPlan)
        http::failValidation(hasTenants ? QStringLiteral("plan") : QStringLiteral("tenants"),
                             QStringLiteral("Give either tenants (a list of ids or slugs) or plan (all tenants of that plan)."));
    QList<Tenant> out;
    tenants::TenantRepository repo(c);
    if (hasTenants) {
        const QJsonValue v = body.value(QStringLiteral("tenants"));
        if (!v.isArray() || v.toArray().isEmpty() || v.toArray().size() > 5000)
            http::failValidation(QStringLiteral("tenants"), QStringLiteral("tenants is a list of 1 to 5000 tenant ids or slugs."));
        QSet<QUuid> seen;
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const auto t = a.at(i).isString() ? repo.find(a.at(i).toString()) : std::nullopt;
            if (!t)
                http::failValidation(QStringLiteral("tenants[%1]").arg(i), QStringLiteral("No tenant has the id or slug '%1'.").arg(a.at(i).toString()));
            if (!seen.contains(t->id)) {
                seen.insert(t->id);
                out.append(*t);
            }
        }
        return out;
    }
    const auto plan = parsePlan(body.value(QStringLiteral("plan")).toString());
    if (!plan)
        http::failValidation(QStringLiteral("plan"), QStringLiteral("plan must be one of: %1.").arg(allPlans().join(QStringLiteral(", "))));
    const auto ids = c.exec(QStringLiteral("SELECT id FROM tenants WHERE plan = $1 ORDER BY lower(name), id LIMIT 5001"), {toString(*plan)});
    if (ids.rows() > 5000)
        http::failValidation(QStringLiteral("plan"), QStringLiteral("More than 5000 tenants have this plan; set the plan layer instead."));
    for (int i = 0; i < ids.rows(); ++i)
        if (auto t = repo.findById(ids.uuid(i, 0)))
            out.append(*t);
    return out;
}

http::Response bulkSet(Services &s, http::RequestContext &ctx)
{
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("key"), QStringLiteral("value"), QStringLiteral("tenants"), QStringLiteral("plan"),
                                     QStringLiteral("dry_run"), QStringLiteral("reason")});
    const QString key = http::stringField(body, QStringLiteral("key"), true);
    const QJsonValue dry = body.value(QStringLiteral("dry_run"));
    if (!dry.isUndefined() && !dry.isNull() && !dry.isBool())
        http::failValidation(QStringLiteral("dry_run"), QStringLiteral("dry_run must be true or false."));
    const bool dryRun = dry.toBool(false);
    const QString reason = reasonOf(ctx.request, body);
    auto lease = s.db.control();
    const config::Schema schema = loadSchema(*lease);
    const KeyDef *d = schema.find(key);
    if (!d)
        http::failValidation(QStringLiteral("key"), QStringLiteral("No configuration key '%1'.").arg(key));
    const Opt value = valueOf(*d, Layer::Tenant, body);
    const QList<Tenant> targets = bulkTargets(*lease, body);
    BulkPlan plan = planBulk(s, *lease, *d, targets, value);
    if (dryRun)
        return http::Response::json(bulkJson(plan, *d, value, true)).withHeader("ETag", plan.etag);
    const QByteArray ifMatch = ctx.request.header("if-match");
    if (!ifMatch.isEmpty() && !http::etagMatches(ifMatch, plan.etag))
        failPrecondition(QStringLiteral("The change set differs from the preview you saw (preview_etag is now %1); nothing was applied. Preview again.")
                             .arg(QString::fromLatin1(plan.etag)));
    const QString bulkId = idToString(QUuid::createUuid());
    for (const BulkChange &ch : plan.changes)
        writeValue(s, ch.tenant, *d, {}, value, etagOf(ch.before), ctx.principal.actorLabel(), reason, QStringLiteral("config.changed"),
                   {{QStringLiteral("bulk_id"), bulkId}});
    QJsonObject out = bulkJson(plan, *d, value, false);
    out.insert(QStringLiteral("bulk_id"), bulkId);
    return http::Response::json(out);
}

// ---- Handlers ------------------------------------------------------------------------------------

http::Response tenantConfig(Services &s, http::RequestContext &ctx)
{
    const QString user = userParam(ctx.request);
    auto lease = s.db.control();
    const Tenant t = requireTenant(*lease, ctx.request.param(0));
    const config::Schema schema = loadSchema(*lease);
    const auto plan = planValues(*lease, t.plan);
    const TenantValues tv = loadTenantValues(s.db, {t.id, t.placement}, user);
    QJsonArray items;
    for (const KeyDef &d : schema.keys()) {
        QJsonObject o = resolveKey(d, plan, tv, !user.isEmpty()).toJson();
        o.insert(QStringLiteral("tenant_visible"), d.tenantVisible);
        o.insert(QStringLiteral("overridable"), [&] {
            QJsonArray a;
            for (Layer l : d.overridable)
                a.append(config::toString(l));
            return a;
        }());
        o.insert(QStringLiteral("etag"), QString::fromLatin1(etagOf(user.isEmpty() ? (tv.tenant.contains(d.key) ? Opt(tv.tenant[d.key].value) : std::nullopt)
                                                                             : (tv.user.contains(d.key) ? Opt(tv.user[d.key].value) : std::nullopt))));
        items.append(o);
    }
    return http::Response::json({{QStringLiteral("tenant_id"), idToString(t.id)}, {QStringLiteral("plan"), toString(t.plan)},
                                 {QStringLiteral("user"), user.isEmpty() ? QJsonValue() : QJsonValue(user)}, {QStringLiteral("items"), items}});
}

http::Response tenantConfigKey(Services &s, http::RequestContext &ctx)
{
    const QString user = userParam(ctx.request);
    auto lease = s.db.control();
    const Tenant t = requireTenant(*lease, ctx.request.param(0));
    const config::Schema schema = loadSchema(*lease);
    const KeyDef &d = requireKey(schema, ctx.request.param(1));
    const auto plan = planValues(*lease, t.plan);
    const TenantValues tv = loadTenantValues(s.db, {t.id, t.placement}, user);
    QJsonObject o = resolveKey(d, plan, tv, !user.isEmpty()).toJson();
    o.insert(QStringLiteral("definition"), d.toJson());
    o.insert(QStringLiteral("versions"), QJsonObject{{QStringLiteral("tenant"), versionInfo(tv.tenant, d.key)},
                                                     {QStringLiteral("user"), versionInfo(tv.user, d.key)}});
    const QHash<QString, Stored> &layer = user.isEmpty() ? tv.tenant : tv.user;
    const QByteArray etag = etagOf(layer.contains(d.key) ? Opt(layer[d.key].value) : std::nullopt);
    o.insert(QStringLiteral("etag"), QString::fromLatin1(etag));
    return http::Response::json(o).withHeader("ETag", etag);
}

http::Response putTenantConfigKey(Services &s, http::RequestContext &ctx)
{
    const QString user = userParam(ctx.request);
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("value"), QStringLiteral("reason")});
    const QString reason = reasonOf(ctx.request, body);
    const QByteArray ifMatch = requireIfMatch(ctx.request);
    auto lease = s.db.control();
    const Tenant t = requireTenant(*lease, ctx.request.param(0));
    const config::Schema schema = loadSchema(*lease);
    const KeyDef &d = requireKey(schema, ctx.request.param(1));
    const Opt value = valueOf(d, user.isEmpty() ? Layer::Tenant : Layer::User, body);
    const WriteOutcome w = writeValue(s, t, d, user, value, ifMatch, ctx.principal.actorLabel(), reason, QStringLiteral("config.changed"));
    const auto plan = planValues(*lease, t.plan);
    const TenantValues tv = loadTenantValues(s.db, {t.id, t.placement}, user);
    QJsonObject o = resolveKey(d, plan, tv, !user.isEmpty()).toJson();
    o.insert(QStringLiteral("changed"), w.changed);
    o.insert(QStringLiteral("version"), w.version);
    o.insert(QStringLiteral("history_id"), w.historyId.isEmpty() ? QJsonValue() : QJsonValue(w.historyId));
    o.insert(QStringLiteral("etag"), QString::fromLatin1(etagOf(w.after)));
    return http::Response::json(o).withHeader("ETag", etagOf(w.after));
}

http::Response history(Services &s, http::RequestContext &ctx)
{
    const QUrlQuery &q = ctx.request.query;
    http::rejectUnknownParameters(q, {QStringLiteral("key"), QStringLiteral("user"), QStringLiteral("limit")});
    const int limit = http::limitParameter(q, 50, 500);
    const Tenant t = requireTenant(*s.db.control(), ctx.request.param(0));
    const auto r = store::TenantSession::once(s.db, {t.id, t.placement},
                                              QStringLiteral("SELECT %1 FROM config_history WHERE ($1 = '' OR key = $1) AND ($2 = '' OR user_id = $2) "
                                                             "ORDER BY at DESC, id LIMIT $3").arg(kHistoryColumns),
                                              {q.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded), userParam(ctx.request), limit});
    QJsonArray items;
    for (int i = 0; i < r.rows(); ++i)
        items.append(historyEntry(r, i));
    return http::Response::json({{QStringLiteral("items"), items}});
}

QJsonObject findHistory(Services &s, const Tenant &t, const QString &entry)
{
    const QUuid id = QUuid::fromString(entry);
    if (id.isNull())
        http::failNotFound(QStringLiteral("No history entry '%1'.").arg(entry));
    const auto r = store::TenantSession::once(s.db, {t.id, t.placement},
                                              QStringLiteral("SELECT %1 FROM config_history WHERE id = $1").arg(kHistoryColumns), {id});
    if (r.rows() != 1)
        http::failNotFound(QStringLiteral("Tenant %1 has no configuration history entry '%2'.").arg(t.slug, entry));
    return historyEntry(r, 0);
}

http::Response revert(Services &s, http::RequestContext &ctx)
{
    const QJsonObject body = ctx.request.body.trimmed().isEmpty() ? QJsonObject{} : http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("reason")});
    const QString reason = reasonOf(ctx.request, body);
    auto lease = s.db.control();
    const Tenant t = requireTenant(*lease, ctx.request.param(0));
    const QJsonObject entry = findHistory(s, t, ctx.request.param(1));
    const config::Schema schema = loadSchema(*lease);
    const KeyDef &d = requireKey(schema, entry.value(QStringLiteral("key")).toString());
    const QString user = entry.value(QStringLiteral("user")).toString();
    const QJsonValue before = entry.value(QStringLiteral("before"));
    const Opt target = before.isNull() ? std::nullopt : Opt(before);
    if (target)
        if (auto e = config::checkLayerWrite(d, user.isEmpty() ? Layer::Tenant : Layer::User, *target))
            http::failValidation(QStringLiteral("before"), QStringLiteral("The earlier value no longer fits the schema: %1").arg(e->message));
    // Optional If-Match: the ETag of the layer's current value.
    const WriteOutcome w = writeValue(s, t, d, user, target, ctx.request.header("if-match"), ctx.principal.actorLabel(), reason,
                                      QStringLiteral("config.reverted"), {{QStringLiteral("reverted"), entry.value(QStringLiteral("id"))}});
    return http::Response::json({{QStringLiteral("key"), d.key}, {QStringLiteral("reverted"), entry.value(QStringLiteral("id"))},
                                 {QStringLiteral("changed"), w.changed}, {QStringLiteral("before"), orNull(w.before)},
                                 {QStringLiteral("after"), orNull(w.after)}, {QStringLiteral("version"), w.version},
                                 {QStringLiteral("history_id"), w.historyId.isEmpty() ? QJsonValue() : QJsonValue(w.historyId)}})
        .withHeader("ETag", etagOf(w.after));
}

Plan requirePlan(const QString &name)
{
    const auto p = parsePlan(name);
    if (!p)
        http::failNotFound(QStringLiteral("No plan '%1'. Plans: %2.").arg(name, allPlans().join(QStringLiteral(", "))));
    return *p;
}

http::Response putPlanValue(Services &s, http::RequestContext &ctx)
{
    const Plan plan = requirePlan(ctx.request.param(0));
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("value"), QStringLiteral("reason")});
    const QString reason = reasonOf(ctx.request, body);
    const QByteArray ifMatch = requireIfMatch(ctx.request);
    auto lease = s.db.control();
    auto &c = *lease;
    const config::Schema schema = loadSchema(c);
    const KeyDef &d = requireKey(schema, ctx.request.param(1));
    const Opt value = valueOf(d, Layer::Plan, body);
    store::PgTransaction tx(c);
    const auto cur = c.exec(QStringLiteral("SELECT value, version FROM config_plan_values WHERE plan = $1 AND key = $2 FOR UPDATE"), {toString(plan), d.key});
    const Opt before = cur.rows() == 1 ? Opt(cur.json(0, 0)) : std::nullopt;
    if (!http::etagMatches(ifMatch, etagOf(before)))
        failPrecondition(QStringLiteral("The %1 plan's %2 changed since you read it (its ETag is now %3).").arg(toString(plan), d.key, QString::fromLatin1(etagOf(before))));
    if (before != value) {
        if (value)
            c.exec(QStringLiteral("INSERT INTO config_plan_values (plan, key, value, updated_by) VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (plan, key) DO UPDATE "
                                  "SET value = EXCLUDED.value, version = config_plan_values.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by"),
                   {toString(plan), d.key, http::compactJson(*value), ctx.principal.actorLabel()});
        else
            c.exec(QStringLiteral("DELETE FROM config_plan_values WHERE plan = $1 AND key = $2"), {toString(plan), d.key});
        audit::appendAudit(c, {ctx.principal.actorLabel(), QStringLiteral("config.plan_changed"), {}, QStringLiteral("config/") + d.key, reason,
                               {{QStringLiteral("plan"), toString(plan)}, {QStringLiteral("key"), d.key},
                                {QStringLiteral("before"), orNull(before)}, {QStringLiteral("after"), orNull(value)}}});
    }
    tx.commit();
    return http::Response::json({{QStringLiteral("plan"), toString(plan)}, {QStringLiteral("key"), d.key}, {QStringLiteral("value"), orNull(value)},
                                 {QStringLiteral("changed"), before != value}, {QStringLiteral("etag"), QString::fromLatin1(etagOf(value))}})
        .withHeader("ETag", etagOf(value));
}

} // namespace

void registerConfigRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;

    router.add("GET", QStringLiteral("/v1/config/schema"), Access::anyToken(), [&s](http::RequestContext &ctx) {
        const config::Schema schema = loadSchema(*s.db.control());
        return Response::json({{QStringLiteral("items"), schema.toJson(ctx.principal.isTenant())}});
    });

    router.add("GET", QStringLiteral("/v1/config/plans/{plan}"), Access::operators(), [&s](http::RequestContext &ctx) {
        const Plan plan = requirePlan(ctx.request.param(0));
        const auto r = s.db.control()->exec(QStringLiteral("SELECT key, value, version, updated_by, updated_at FROM config_plan_values WHERE plan = $1 ORDER BY key"),
                                            {toString(plan)});
        QJsonArray items;
        for (int i = 0; i < r.rows(); ++i)
            items.append(QJsonObject{{QStringLiteral("key"), r.text(i, 0)}, {QStringLiteral("value"), r.json(i, 1)}, {QStringLiteral("version"), r.integer(i, 2)},
                                     {QStringLiteral("updated_by"), r.text(i, 3)}, {QStringLiteral("updated_at"), toIsoUtc(r.timestamp(i, 4))},
                                     {QStringLiteral("etag"), QString::fromLatin1(etagOf(r.json(i, 1)))}});
        return Response::json({{QStringLiteral("plan"), toString(plan)}, {QStringLiteral("items"), items}});
    });

    router.add("PUT", QStringLiteral("/v1/config/plans/{plan}/{key}"), Access::operators(kWriters),
               [&s](http::RequestContext &ctx) { return putPlanValue(s, ctx); });

    router.add("POST", QStringLiteral("/v1/config/bulk"), Access::operators(kWriters), [&s](http::RequestContext &ctx) { return bulkSet(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/config"), Access::operators(), [&s](http::RequestContext &ctx) { return tenantConfig(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/config/history"), Access::operators(), [&s](http::RequestContext &ctx) { return history(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/config/history/{entry}"), Access::operators(), [&s](http::RequestContext &ctx) {
        const Tenant t = requireTenant(*s.db.control(), ctx.request.param(0));
        return Response::json(findHistory(s, t, ctx.request.param(1)));
    });

    router.add("POST", QStringLiteral("/v1/tenants/{id}/config/history/{entry}/revert"), Access::operators(kWriters),
               [&s](http::RequestContext &ctx) { return revert(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/config/{key}"), Access::operators(), [&s](http::RequestContext &ctx) { return tenantConfigKey(s, ctx); });

    router.add("PUT", QStringLiteral("/v1/tenants/{id}/config/{key}"), Access::operators(kWriters),
               [&s](http::RequestContext &ctx) { return putTenantConfigKey(s, ctx); });

    // The tenant's own view: only the keys it may see; a member token sees its user layer too.
    router.add("GET", QStringLiteral("/v1/config"), Access::tenant(), [&s](http::RequestContext &ctx) {
        auto lease = s.db.control();
        const auto planRow = lease->exec(QStringLiteral("SELECT plan FROM tenants WHERE id = $1"), {ctx.principal.tenantId});
        const Plan plan = planRow.rows() == 1 ? parsePlan(planRow.text(0, 0)).value_or(Plan::Free) : Plan::Free;
        const config::Schema schema = loadSchema(*lease);
        const auto planVals = planValues(*lease, plan);
        const QString user = ctx.principal.memberId.isNull() ? QString() : idToString(ctx.principal.memberId);
        const TenantValues tv = loadTenantValues(s.db, {ctx.principal.tenantId, ctx.principal.placement}, user);
        QJsonArray items;
        for (const KeyDef &d : schema.keys())
            if (d.tenantVisible)
                items.append(resolveKey(d, planVals, tv, !user.isEmpty()).toJson(false));
        return Response::json({{QStringLiteral("items"), items}});
    });
}

} // namespace portico
