// Hierarchical configuration over HTTP: the schema, plan-layer values, tenant- and user-layer
// values with their sources, ETag/If-Match writes, history with diff and revert, bulk set with a
// dry-run preview, and the tenant's view. The SQL is in configstore, the bulk planner in bulkplan.
#include "core/config.h"
#include "core/timeutil.h"
#include "server/config/bulkplan.h"
#include "server/config/configstore.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/http/routing.h"
#include "server/jsontext.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/tenants/tenantrepository.h"
#include <QCryptographicHash>
#include <QJsonArray>

namespace portico {
namespace {

using config::ConfigStore;
using config::KeyDef;
using config::Layer;
using config::Opt;

QJsonValue nullIfEmpty(const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); }

// The ETag of one layer's value: its content, so an unchanged value keeps its tag.
QByteArray etagOf(const Opt &v)
{
    const QByteArray content = v ? QByteArray("v:") + compactJson(*v) : QByteArray("unset");
    return http::etagOf(content);
}

QByteArray requireIfMatch(const http::Request &r)
{
    const QByteArray ifMatch = r.header("if-match");
    if (ifMatch.trimmed().isEmpty()) {
        Problem p = Problem::make(428, problem::PreconditionRequired,
                                  QStringLiteral("Send If-Match with the ETag you read (or * to overwrite whatever is there), so a concurrent change is not lost."));
        p.field = QStringLiteral("If-Match");
        fail(p);
    }
    return ifMatch;
}

// What a tenant- or user-layer write checks under its lock: If-Match (empty: unconditional).
config::BeforeCheck ifMatchCheck(const QByteArray &ifMatch, const QString &key)
{
    return [ifMatch, key](const Opt &before) {
        if (!ifMatch.isEmpty() && !http::etagMatches(ifMatch, etagOf(before)))
            failPrecondition(QStringLiteral("%1 changed since you read it (its ETag is now %2). Read it again and reapply your change.")
                                 .arg(key, QString::fromLatin1(etagOf(before))));
    };
}

const KeyDef &requireKey(const config::Schema &schema, const QString &key)
{
    const KeyDef *d = schema.find(key);
    if (!d)
        failNotFound(QStringLiteral("No configuration key '%1'. GET /v1/config/schema lists them.").arg(key));
    return *d;
}

Plan requirePlan(const QString &name)
{
    const auto p = parsePlan(name);
    if (!p)
        failNotFound(QStringLiteral("No plan '%1'. Plans: %2.").arg(name, allPlans().join(QStringLiteral(", "))));
    return *p;
}

config::Resolved resolveKey(const KeyDef &d, const QHash<QString, QJsonValue> &plan, const config::TenantValues &tv, bool withUser)
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

// The stored value of one layer (tenant when user is empty) of key, if any.
Opt layerValue(const config::TenantValues &tv, const QString &user, const QString &key)
{
    const QHash<QString, config::StoredValue> &layer = user.isEmpty() ? tv.tenant : tv.user;
    return layer.contains(key) ? Opt(layer[key].value) : std::nullopt;
}

QJsonObject versionInfo(const QHash<QString, config::StoredValue> &values, const QString &key)
{
    if (!values.contains(key))
        return {};
    const config::StoredValue &s = values[key];
    return {{QStringLiteral("version"), s.version}, {QStringLiteral("updated_by"), s.updatedBy}, {QStringLiteral("updated_at"), toIsoUtc(s.updatedAt)}};
}

// Reads the value a PUT carries: null = remove this layer's value (inherit again).
Opt valueOf(const KeyDef &d, Layer layer, const QJsonObject &body, const QString &field = QStringLiteral("value"))
{
    if (!body.contains(field))
        failValidation(field, QStringLiteral("'%1' is required (null removes the value at this layer).").arg(field));
    const QJsonValue v = body.value(field);
    if (v.isNull()) {
        if (!d.allows(layer) || layer == Layer::Default)
            failValidation(field, QStringLiteral("The %1 layer may not override %2.").arg(config::toString(layer), d.key));
        return std::nullopt;
    }
    if (auto e = config::checkLayerWrite(d, layer, v))
        failValidation(e->path.isEmpty() ? field : field + QLatin1Char('.') + e->path, e->message);
    return v;
}

QJsonObject historyJson(const config::HistoryRecord &h)
{
    return {{QStringLiteral("id"), h.id}, {QStringLiteral("key"), h.key}, {QStringLiteral("layer"), h.layer},
            {QStringLiteral("user"), nullIfEmpty(h.user)},
            {QStringLiteral("version"), h.version}, {QStringLiteral("before"), h.before}, {QStringLiteral("after"), h.after},
            {QStringLiteral("diff"), config::diff(h.before, h.after)}, {QStringLiteral("actor"), h.actor},
            {QStringLiteral("reason"), h.reason}, {QStringLiteral("at"), toIsoUtc(h.at)}};
}

// ---- Bulk -----------------------------------------------------------------------------------------

QByteArray previewEtag(const config::BulkPlan &plan)
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    for (const config::BulkChange &ch : plan.changes)
        h.addData(idToString(ch.tenant.id).toLatin1() + '\n' + etagOf(ch.before) + '\n' + etagOf(ch.after) + '\n');
    return '"' + h.result().toHex().left(20) + '"';
}

QJsonObject bulkJson(const config::BulkPlan &p, const QByteArray &etag, const KeyDef &d, const Opt &value, bool dryRun)
{
    QJsonArray items;
    for (const config::BulkChange &ch : p.changes)
        items.append(QJsonObject{{QStringLiteral("tenant_id"), idToString(ch.tenant.id)}, {QStringLiteral("slug"), ch.tenant.slug},
                                 {QStringLiteral("name"), ch.tenant.name}, {QStringLiteral("plan"), toString(ch.tenant.plan)},
                                 {QStringLiteral("before"), orNull(ch.before)}, {QStringLiteral("after"), orNull(ch.after)},
                                 {QStringLiteral("effective_before"), ch.effectiveBefore}, {QStringLiteral("effective_after"), ch.effectiveAfter},
                                 {QStringLiteral("source_after"), ch.sourceAfter},
                                 {QStringLiteral("diff"), config::diff(ch.effectiveBefore, ch.effectiveAfter)}});
    return {{QStringLiteral("dry_run"), dryRun}, {QStringLiteral("key"), d.key}, {QStringLiteral("value"), orNull(value)},
            {QStringLiteral("targets"), p.targets}, {QStringLiteral("changed"), items.size()},
            {QStringLiteral("unchanged"), p.targets - int(items.size())}, {QStringLiteral("changes"), items},
            {QStringLiteral("preview_etag"), QString::fromLatin1(etag)}};
}

http::Response bulkSet(Services &s, http::RequestContext &ctx)
{
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("key"), QStringLiteral("value"), QStringLiteral("tenants"), QStringLiteral("plan"),
                                     QStringLiteral("dry_run"), QStringLiteral("reason")});
    const QString key = http::stringField(body, QStringLiteral("key"), true);
    const bool dryRun = http::dryRunField(body);
    const QString reason = http::reasonOf(ctx.request, body);
    auto lease = s.db.control();
    const config::Schema schema = ConfigStore::schema(*lease);
    const KeyDef *d = schema.find(key);
    if (!d)
        failValidation(QStringLiteral("key"), QStringLiteral("No configuration key '%1'.").arg(key));
    const Opt value = valueOf(*d, Layer::Tenant, body);
    const QList<Tenant> targets = tenants::bulkTargets(*lease, body, true);
    ConfigStore store(s.db);
    const config::BulkPlan plan = config::planBulk(store, *lease, *d, targets, value);
    const QByteArray etag = previewEtag(plan);
    if (dryRun)
        return http::Response::json(bulkJson(plan, etag, *d, value, true)).withHeader("ETag", etag);
    const QByteArray ifMatch = ctx.request.header("if-match");
    if (!ifMatch.isEmpty() && !http::etagMatches(ifMatch, etag))
        failPrecondition(QStringLiteral("The change set differs from the preview you saw (preview_etag is now %1); nothing was applied. Preview again.")
                             .arg(QString::fromLatin1(etag)));
    const QString bulkId = idToString(QUuid::createUuid());
    for (const config::BulkChange &ch : plan.changes)
        store.write(ch.tenant, *d, {{}, value, ctx.principal.actorLabel(), reason, QStringLiteral("config.changed"), {{QStringLiteral("bulk_id"), bulkId}}},
                    ifMatchCheck(etagOf(ch.before), d->key));
    QJsonObject out = bulkJson(plan, etag, *d, value, false);
    out.insert(QStringLiteral("bulk_id"), bulkId);
    return http::Response::json(out);
}

// ---- Handlers ------------------------------------------------------------------------------------

// What the operators' routes on one tenant's configuration read first: the tenant named in the
// path, the schema, and its plan's values, over one control-plane connection.
struct TenantConfigRead
{
    Tenant tenant;
    config::Schema schema;
    QHash<QString, QJsonValue> plan;
};

TenantConfigRead readTenantConfig(Services &s, const http::RequestContext &ctx)
{
    auto lease = s.db.control();
    TenantConfigRead out{tenants::requireTenant(*lease, ctx.request.param(0)), ConfigStore::schema(*lease), {}};
    out.plan = ConfigStore::planValues(*lease, out.tenant.plan);
    return out;
}

http::Response tenantConfig(Services &s, http::RequestContext &ctx)
{
    const QString user = http::userParam(ctx.request);
    const TenantConfigRead read = readTenantConfig(s, ctx);
    const Tenant &t = read.tenant;
    const config::TenantValues tv = ConfigStore(s.db).tenantValues({t.id, t.placement}, user);
    QJsonArray items;
    for (const KeyDef &d : read.schema.keys()) {
        QJsonObject o = resolveKey(d, read.plan, tv, !user.isEmpty()).toJson();
        o.insert(QStringLiteral("tenant_visible"), d.tenantVisible);
        o.insert(QStringLiteral("overridable"), [&] {
            QJsonArray a;
            for (Layer l : d.overridable)
                a.append(config::toString(l));
            return a;
        }());
        o.insert(QStringLiteral("etag"), QString::fromLatin1(etagOf(layerValue(tv, user, d.key))));
        items.append(o);
    }
    return http::Response::json({{QStringLiteral("tenant_id"), idToString(t.id)}, {QStringLiteral("plan"), toString(t.plan)},
                                 {QStringLiteral("user"), nullIfEmpty(user)}, {QStringLiteral("items"), items}});
}

http::Response tenantConfigKey(Services &s, http::RequestContext &ctx)
{
    const QString user = http::userParam(ctx.request);
    const TenantConfigRead read = readTenantConfig(s, ctx);
    const KeyDef &d = requireKey(read.schema, ctx.request.param(1));
    const config::TenantValues tv = ConfigStore(s.db).tenantValues({read.tenant.id, read.tenant.placement}, user);
    QJsonObject o = resolveKey(d, read.plan, tv, !user.isEmpty()).toJson();
    o.insert(QStringLiteral("definition"), d.toJson());
    o.insert(QStringLiteral("versions"), QJsonObject{{QStringLiteral("tenant"), versionInfo(tv.tenant, d.key)},
                                                     {QStringLiteral("user"), versionInfo(tv.user, d.key)}});
    const QByteArray etag = etagOf(layerValue(tv, user, d.key));
    o.insert(QStringLiteral("etag"), QString::fromLatin1(etag));
    return http::Response::json(o).withHeader("ETag", etag);
}

http::Response putTenantConfigKey(Services &s, http::RequestContext &ctx)
{
    const QString user = http::userParam(ctx.request);
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("value"), QStringLiteral("reason")});
    const QString reason = http::reasonOf(ctx.request, body);
    const QByteArray ifMatch = requireIfMatch(ctx.request);
    const TenantConfigRead read = readTenantConfig(s, ctx);
    const Tenant &t = read.tenant;
    const KeyDef &d = requireKey(read.schema, ctx.request.param(1));
    const Opt value = valueOf(d, user.isEmpty() ? Layer::Tenant : Layer::User, body);
    ConfigStore store(s.db);
    const config::WriteOutcome w = store.write(t, d, {user, value, ctx.principal.actorLabel(), reason, QStringLiteral("config.changed"), {}},
                                               ifMatchCheck(ifMatch, d.key));
    const config::TenantValues tv = store.tenantValues({t.id, t.placement}, user);
    QJsonObject o = resolveKey(d, read.plan, tv, !user.isEmpty()).toJson();
    o.insert(QStringLiteral("changed"), w.changed);
    o.insert(QStringLiteral("version"), w.version);
    o.insert(QStringLiteral("history_id"), nullIfEmpty(w.historyId));
    o.insert(QStringLiteral("etag"), QString::fromLatin1(etagOf(w.after)));
    return http::Response::json(o).withHeader("ETag", etagOf(w.after));
}

http::Response history(Services &s, http::RequestContext &ctx)
{
    const QUrlQuery &q = ctx.request.query;
    http::rejectUnknownParameters(q, {QStringLiteral("key"), QStringLiteral("user"), QStringLiteral("limit")});
    const int limit = http::limitParameter(q, 50, 500);
    const Tenant t = tenants::requireTenant(*s.db.control(), ctx.request.param(0));
    const QString key = q.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded);
    QJsonArray items;
    for (const config::HistoryRecord &h : ConfigStore(s.db).history({t.id, t.placement}, key, http::userParam(ctx.request), limit))
        items.append(historyJson(h));
    return http::Response::json({{QStringLiteral("items"), items}});
}

// "View as user" in the console: search as you type over the users that have settings of their own.
http::Response usersWithSettings(Services &s, http::RequestContext &ctx)
{
    const QUrlQuery &q = ctx.request.query;
    http::rejectUnknownParameters(q, {QStringLiteral("q"), QStringLiteral("limit")});
    const int limit = http::limitParameter(q, 20, 100);
    const QString text = q.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    if (text.size() > 128)
        failValidation(QStringLiteral("q"), QStringLiteral("q may be at most 128 characters."));
    const Tenant t = tenants::requireTenant(*s.db.control(), ctx.request.param(0));
    QJsonArray items;
    for (const config::UserWithSettings &u : ConfigStore(s.db).usersWithSettings({t.id, t.placement}, text, limit))
        items.append(QJsonObject{{QStringLiteral("user"), u.user}, {QStringLiteral("settings"), u.settings}});
    return http::Response::json({{QStringLiteral("tenant_id"), idToString(t.id)}, {QStringLiteral("items"), items}});
}

QJsonObject findHistory(Services &s, const Tenant &t, const QString &entry)
{
    const QUuid id = parseId(entry);
    if (id.isNull())
        failNotFound(QStringLiteral("No history entry '%1'.").arg(entry));
    const auto h = ConfigStore(s.db).historyEntry({t.id, t.placement}, id);
    if (!h)
        failNotFound(QStringLiteral("Tenant %1 has no configuration history entry '%2'.").arg(t.slug, entry));
    return historyJson(*h);
}

http::Response revert(Services &s, http::RequestContext &ctx)
{
    const QJsonObject body = ctx.request.body.trimmed().isEmpty() ? QJsonObject{} : http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("reason")});
    const QString reason = http::reasonOf(ctx.request, body);
    auto lease = s.db.control();
    const Tenant t = tenants::requireTenant(*lease, ctx.request.param(0));
    const QJsonObject entry = findHistory(s, t, ctx.request.param(1));
    const config::Schema schema = ConfigStore::schema(*lease);
    const KeyDef &d = requireKey(schema, entry.value(QStringLiteral("key")).toString());
    const QString user = entry.value(QStringLiteral("user")).toString();
    const QJsonValue before = entry.value(QStringLiteral("before"));
    const Opt target = before.isNull() ? std::nullopt : Opt(before);
    if (target)
        if (auto e = config::checkLayerWrite(d, user.isEmpty() ? Layer::Tenant : Layer::User, *target))
            failValidation(QStringLiteral("before"), QStringLiteral("The earlier value no longer fits the schema: %1").arg(e->message));
    // Optional If-Match: the ETag of the layer's current value.
    const config::WriteOutcome w = ConfigStore(s.db).write(t, d, {user, target, ctx.principal.actorLabel(), reason, QStringLiteral("config.reverted"),
                                                                  {{QStringLiteral("reverted"), entry.value(QStringLiteral("id"))}}},
                                                           ifMatchCheck(ctx.request.header("if-match"), d.key));
    return http::Response::json({{QStringLiteral("key"), d.key}, {QStringLiteral("reverted"), entry.value(QStringLiteral("id"))},
                                 {QStringLiteral("changed"), w.changed}, {QStringLiteral("before"), orNull(w.before)},
                                 {QStringLiteral("after"), orNull(w.after)}, {QStringLiteral("version"), w.version},
                                 {QStringLiteral("history_id"), nullIfEmpty(w.historyId)}})
        .withHeader("ETag", etagOf(w.after));
}

http::Response putPlanValue(Services &s, http::RequestContext &ctx)
{
    const Plan plan = requirePlan(ctx.request.param(0));
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("value"), QStringLiteral("reason")});
    const QString reason = http::reasonOf(ctx.request, body);
    const QByteArray ifMatch = requireIfMatch(ctx.request);
    auto lease = s.db.control();
    const config::Schema schema = ConfigStore::schema(*lease);
    const KeyDef &d = requireKey(schema, ctx.request.param(1));
    const Opt value = valueOf(d, Layer::Plan, body);
    const config::PlanWriteOutcome w = ConfigStore::writePlanValue(*lease, plan, d.key, value, ctx.principal.actorLabel(), reason, [&](const Opt &before) {
        if (!http::etagMatches(ifMatch, etagOf(before)))
            failPrecondition(QStringLiteral("The %1 plan's %2 changed since you read it (its ETag is now %3).").arg(toString(plan), d.key, QString::fromLatin1(etagOf(before))));
    });
    return http::Response::json({{QStringLiteral("plan"), toString(plan)}, {QStringLiteral("key"), d.key}, {QStringLiteral("value"), orNull(value)},
                                 {QStringLiteral("changed"), w.changed}, {QStringLiteral("etag"), QString::fromLatin1(etagOf(value))}})
        .withHeader("ETag", etagOf(value));
}

} // namespace

void registerConfigRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;

    router.add("GET", QStringLiteral("/v1/config/schema"), Access::anyToken(), [&s](http::RequestContext &ctx) {
        const config::Schema schema = ConfigStore::schema(*s.db.control());
        return Response::json({{QStringLiteral("items"), schema.toJson(ctx.principal.isTenant())}});
    });

    router.add("GET", QStringLiteral("/v1/config/plans/{plan}"), Access::operators(), [&s](http::RequestContext &ctx) {
        const Plan plan = requirePlan(ctx.request.param(0));
        QJsonArray items;
        for (const config::PlanValue &v : ConfigStore::planValueRows(*s.db.control(), plan))
            items.append(QJsonObject{{QStringLiteral("key"), v.key}, {QStringLiteral("value"), v.stored.value}, {QStringLiteral("version"), v.stored.version},
                                     {QStringLiteral("updated_by"), v.stored.updatedBy}, {QStringLiteral("updated_at"), toIsoUtc(v.stored.updatedAt)},
                                     {QStringLiteral("etag"), QString::fromLatin1(etagOf(v.stored.value))}});
        return Response::json({{QStringLiteral("plan"), toString(plan)}, {QStringLiteral("items"), items}});
    });

    router.add("PUT", QStringLiteral("/v1/config/plans/{plan}/{key}"), Access::writers(),
               [&s](http::RequestContext &ctx) { return putPlanValue(s, ctx); });

    router.add("POST", QStringLiteral("/v1/config/bulk"), Access::writers(), [&s](http::RequestContext &ctx) { return bulkSet(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/config"), Access::operators(), [&s](http::RequestContext &ctx) { return tenantConfig(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/config/history"), Access::operators(), [&s](http::RequestContext &ctx) { return history(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/config/users"), Access::operators(),
               [&s](http::RequestContext &ctx) { return usersWithSettings(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/config/history/{entry}"), Access::operators(), [&s](http::RequestContext &ctx) {
        const Tenant t = tenants::requireTenant(*s.db.control(), ctx.request.param(0));
        return Response::json(findHistory(s, t, ctx.request.param(1)));
    });

    router.add("POST", QStringLiteral("/v1/tenants/{id}/config/history/{entry}/revert"), Access::writers(),
               [&s](http::RequestContext &ctx) { return revert(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/config/{key}"), Access::operators(), [&s](http::RequestContext &ctx) { return tenantConfigKey(s, ctx); });

    router.add("PUT", QStringLiteral("/v1/tenants/{id}/config/{key}"), Access::writers(),
               [&s](http::RequestContext &ctx) { return putTenantConfigKey(s, ctx); });

    // The tenant's own view: only the keys it may see; a member token sees its user layer too.
    // The tenant and its plan are the token's.
    router.add("GET", QStringLiteral("/v1/config"), Access::tenant(), [&s](http::RequestContext &ctx) {
        auto lease = s.db.control();
        const config::Schema schema = ConfigStore::schema(*lease);
        const auto planVals = ConfigStore::planValues(*lease, ctx.principal.tenantPlan);
        const QString user = ctx.principal.memberId.isNull() ? QString() : idToString(ctx.principal.memberId);
        const config::TenantValues tv = ConfigStore(s.db).tenantValues(http::tenantScope(ctx), user);
        QJsonArray items;
        for (const KeyDef &d : schema.keys())
            if (d.tenantVisible)
                items.append(resolveKey(d, planVals, tv, !user.isEmpty()).toJson(false));
        return Response::json({{QStringLiteral("items"), items}});
    });
}

} // namespace portico
