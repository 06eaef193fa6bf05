// Feature flags over HTTP, for operators: definitions, per-tenant evaluation and overrides, bulk
// overrides with a preview, the impact of a change; and the tenant API (every flag evaluated, a
// snapshot with ETag/304). Evaluation reads FlagService's in-memory snapshot only; writes go to the
// control plane through flagstore, and NOTIFY every instance. OFREP is in ofreproutes.cpp.
#include "core/flags.h"
#include "core/jsonwriter.h"
#include "core/tenant.h"
#include "core/timeutil.h"
#include "server/audit/auditlog.h"
#include "server/flags/flagservice.h"
#include "server/flags/flagstore.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/http/routing.h"
#include "server/jsontext.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/tenants/tenantrepository.h"
#include <QCryptographicHash>
#include <QJsonArray>
#include <QSet>

namespace portico {
namespace {

using flags::Evaluation;
using flags::Flag;
using flags::AnswerCache;
using flags::FlagService;
using flags::Opt;
using flags::Snapshot;
using flags::StoredFlag;

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

QJsonObject evaluationJson(const Flag &f, const Evaluation &e)
{
    QJsonObject o{{QStringLiteral("key"), f.key}, {QStringLiteral("value"), flags::valueOf(f, e)},
                  {QStringLiteral("variant"), e.variant >= 0 ? QJsonValue(f.variants[e.variant].name) : QJsonValue()},
                  {QStringLiteral("reason"), flags::toString(e.reason)}, {QStringLiteral("rule"), flags::toString(e.rule)}};
    if (e.error != flags::ErrorCode::None)
        o.insert(QStringLiteral("error_code"), flags::toString(e.error));
    if (e.bucket >= 0)
        o.insert(QStringLiteral("bucket"), e.bucket);
    return o;
}

// ---- Definitions -----------------------------------------------------------------------------------

QByteArray flagEtag(qint64 version) { return "\"v" + QByteArray::number(version) + '"'; }

Flag parseFlag(const QJsonObject &o)
{
    config::ValueError e;
    auto f = Flag::fromJson(o, &e);
    if (!f)
        failValidation(e.path, e.message);
    return *f;
}

// Prerequisites must name existing flags, with one of their values, and never form a cycle.
void checkPrerequisites(const Snapshot &snap, const Flag &f)
{
    for (int i = 0; i < f.prerequisites.size(); ++i) {
        const flags::Prerequisite &p = f.prerequisites[i];
        const Flag *other = snap.find(p.flag);
        if (!other)
            failValidation(QStringLiteral("prerequisites[%1].flag").arg(i), QStringLiteral("No flag '%1'.").arg(p.flag));
        if (other->variantOf(p.value) < 0)
            failValidation(QStringLiteral("prerequisites[%1].value").arg(i), QStringLiteral("'%1' never serves this value.").arg(p.flag));
    }
    // Depth-first from f over the snapshot, with f's new prerequisites.
    QSet<QString> seen;
    QStringList stack;
    for (const auto &p : f.prerequisites)
        stack << p.flag;
    while (!stack.isEmpty()) {
        const QString k = stack.takeLast();
        if (k == f.key)
            failValidation(QStringLiteral("prerequisites"), QStringLiteral("These prerequisites would form a cycle back to '%1'.").arg(f.key));
        if (seen.contains(k))
            continue;
        seen.insert(k);
        if (const Flag *other = snap.find(k))
            for (const auto &p : other->prerequisites)
                stack << p.flag;
    }
}

QJsonObject flagJson(const Flag &f, const StoredFlag &stored, int overrides)
{
    QJsonObject o = f.toJson();
    const QString stale = f.staleReason(QDateTime::currentDateTimeUtc());
    o.insert(QStringLiteral("version"), stored.version);
    o.insert(QStringLiteral("created_at"), toIsoUtc(stored.createdAt));
    o.insert(QStringLiteral("updated_at"), toIsoUtc(stored.updatedAt));
    o.insert(QStringLiteral("updated_by"), stored.updatedBy);
    o.insert(QStringLiteral("overrides"), overrides);
    o.insert(QStringLiteral("stale"), !stale.isEmpty());
    o.insert(QStringLiteral("stale_reason"), stale.isEmpty() ? QJsonValue() : QJsonValue(stale));
    return o;
}

Flag flagFromStored(const StoredFlag &s)
{
    QJsonObject def = s.definition;
    def.insert(QStringLiteral("version"), s.version);
    Flag f = parseFlag(def);
    f.createdAt = s.createdAt;
    f.updatedAt = s.updatedAt;
    return f;
}

// A copy of the snapshot with one flag replaced (or added), for previews.
std::shared_ptr<Snapshot> withFlag(const Snapshot &base, const Flag &changed)
{
    auto copy = std::make_shared<Snapshot>();
    bool replaced = false;
    for (const Flag &f : base.flags()) {
        if (f.key == changed.key) {
            copy->add(changed);
            replaced = true;
        } else {
            copy->add(f);
        }
    }
    if (!replaced)
        copy->add(changed);
    for (auto it = base.tenantPlans().begin(); it != base.tenantPlans().end(); ++it)
        copy->setTenantPlan(it.key(), it.value());
    copy->link();
    return copy;
}

// Tenants whose evaluated value (tenant level, no user) differs between two snapshots.
QJsonObject impact(store::PgConnection &c, const Snapshot &before, const Snapshot &after, const QString &key)
{
    const qint64 now = nowMs();
    int changed = 0, total = 0, onBefore = 0, onAfter = 0;
    QList<QUuid> ids;
    QList<std::pair<Evaluation, Evaluation>> evs;
    const int bi = before.indexOf(key), ai = after.indexOf(key);
    const Flag *fb = before.find(key), *fa = after.find(key);
    for (auto it = before.tenantPlans().begin(); it != before.tenantPlans().end(); ++it) {
        const flags::Context ctx = flags::Context::make(it.key(), it.value(), {}, now);
        const Evaluation eb = bi >= 0 ? before.evaluate(bi, ctx) : Evaluation{};
        const Evaluation ea = ai >= 0 ? after.evaluate(ai, ctx) : Evaluation{};
        ++total;
        const QJsonValue vb = fb ? flags::valueOf(*fb, eb) : QJsonValue(), va = fa ? flags::valueOf(*fa, ea) : QJsonValue();
        onBefore += vb != (fb ? flags::valueOf(*fb, {fb->defaultVariant}) : QJsonValue()) ? 1 : 0;
        onAfter += va != (fa ? flags::valueOf(*fa, {fa->defaultVariant}) : QJsonValue()) ? 1 : 0;
        if (vb != va) {
            ++changed;
            if (ids.size() < 200) {
                ids << it.key();
                evs.append({eb, ea});
            }
        }
    }
    const QHash<QUuid, QString> slugs = tenants::TenantRepository(c).slugsOf(ids);
    QJsonArray items;
    for (qsizetype i = 0; i < ids.size(); ++i)
        items.append(QJsonObject{{QStringLiteral("tenant_id"), idToString(ids[i])}, {QStringLiteral("slug"), slugs.value(ids[i])},
                                 {QStringLiteral("before"), fb ? evaluationJson(*fb, evs[i].first) : QJsonValue()},
                                 {QStringLiteral("after"), fa ? evaluationJson(*fa, evs[i].second) : QJsonValue()}});
    return {{QStringLiteral("tenants"), total}, {QStringLiteral("changed"), changed},
            {QStringLiteral("non_default_before"), onBefore}, {QStringLiteral("non_default_after"), onAfter},
            {QStringLiteral("items"), items}, {QStringLiteral("items_truncated"), changed > int(items.size())}};
}

void auditFlag(store::PgConnection &c, const http::RequestContext &ctx, const QString &action, const QUuid &tenant, const QString &key,
               const QString &reason, const QJsonObject &details)
{
    audit::appendAudit(c, {ctx.principal.actorLabel(), action, tenant, QStringLiteral("flag/") + key, reason, details});
}

// The flag a write changes, locked in c's transaction; 404 when there is none.
StoredFlag lockFlag(store::PgConnection &c, const QString &key)
{
    auto stored = flags::flagstore::find(c, key, true);
    if (!stored)
        failNotFound(QStringLiteral("No flag '%1'.").arg(key));
    return *stored;
}

// A flag as stored now, with its ETag (and its Location when created).
http::Response storedFlagResponse(store::PgConnection &c, int status, const QString &key, int overrides, const QJsonObject &extra = {})
{
    const auto stored = flags::flagstore::find(c, key);
    QJsonObject out = flagJson(flagFromStored(*stored), *stored, overrides);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        out.insert(it.key(), it.value());
    http::Response r = http::Response::json(status, out);
    if (status == 201)
        r.withHeader("Location", "/v1/flags/" + key.toUtf8());
    return r.withHeader("ETag", flagEtag(stored->version));
}

http::Response createFlag(Services &s, http::RequestContext &ctx)
{
    FlagService &fs = *s.flags;
    QJsonObject body = http::jsonBody(ctx.request);
    if (body.contains(QStringLiteral("version")))
        failValidation(QStringLiteral("version"), QStringLiteral("version is set by the server."));
    const QString reason = http::requestReason(ctx.request);
    const Flag f = parseFlag(body);
    checkPrerequisites(*fs.snapshot(), f);
    QJsonObject def = f.toJson();
    def.remove(QStringLiteral("version"));
    auto lease = s.db.control();
    auto &c = *lease;
    store::PgTransaction tx(c);
    flags::flagstore::insert(c, f.key, def, ctx.principal.actorLabel());
    auditFlag(c, ctx, QStringLiteral("flag.created"), {}, f.key, reason, {{QStringLiteral("after"), def}});
    tx.commit();
    fs.reload();
    return storedFlagResponse(c, 201, f.key, 0);
}

http::Response patchFlag(Services &s, http::RequestContext &ctx)
{
    FlagService &fs = *s.flags;
    const QString key = ctx.request.param(0);
    const QJsonObject patch = http::jsonBody(ctx.request);
    for (const char *fixed : {"key", "kind", "version"})
        if (patch.contains(QLatin1String(fixed)))
            failValidation(QLatin1String(fixed), QStringLiteral("'%1' cannot change; create another flag.").arg(QLatin1String(fixed)));
    if (patch.isEmpty())
        failValidation(QStringLiteral("body"), QStringLiteral("Give at least one field to change."));
    const bool dryRun = http::dryRunParam(ctx.request);
    const QString reason = http::requestReason(ctx.request);
    auto lease = s.db.control();
    auto &c = *lease;
    store::PgTransaction tx(c);
    const StoredFlag stored = lockFlag(c, key);
    if (const QByteArray ifMatch = ctx.request.header("if-match"); !ifMatch.isEmpty() && !http::etagMatches(ifMatch, flagEtag(stored.version)))
        failPrecondition(QStringLiteral("Flag '%1' changed since you read it (its ETag is now %2).").arg(key, QString::fromLatin1(flagEtag(stored.version))));
    QJsonObject merged = stored.definition;
    for (auto it = patch.begin(); it != patch.end(); ++it)
        merged.insert(it.key(), it.value());
    merged.remove(QStringLiteral("version"));
    Flag after = parseFlag(merged);
    const auto snap = fs.snapshot();
    checkPrerequisites(*snap, after);
    // Keep the overrides so the preview shows the real effect.
    if (const Flag *current = snap->find(key)) {
        after.tenantOverrides = current->tenantOverrides;
        after.userOverrides = current->userOverrides;
    }
    after.updatedAt = QDateTime::currentDateTimeUtc();
    const auto preview = withFlag(*snap, after);
    const QJsonObject effect = impact(c, *snap, *preview, key);
    QJsonObject def = after.toJson();
    def.remove(QStringLiteral("version"));
    if (dryRun)
        return http::Response::json({{QStringLiteral("dry_run"), true}, {QStringLiteral("flag"), def},
                                     {QStringLiteral("diff"), config::diff(stored.definition, def)}, {QStringLiteral("impact"), effect}});
    const QJsonObject &before = stored.definition;
    flags::flagstore::update(c, key, def, ctx.principal.actorLabel());
    auditFlag(c, ctx, QStringLiteral("flag.updated"), {}, key, reason,
              {{QStringLiteral("before"), before}, {QStringLiteral("after"), def}, {QStringLiteral("diff"), config::diff(before, def)},
               {QStringLiteral("tenants_changed"), effect.value(QStringLiteral("changed"))}});
    tx.commit();
    fs.reload();
    return storedFlagResponse(c, 200, key, int(after.tenantOverrides.size() + after.userOverrides.size()), {{QStringLiteral("impact"), effect}});
}

http::Response deleteFlag(Services &s, http::RequestContext &ctx)
{
    const QString key = ctx.request.param(0);
    const QString reason = http::requestReason(ctx.request);
    auto lease = s.db.control();
    auto &c = *lease;
    store::PgTransaction tx(c);
    const StoredFlag stored = lockFlag(c, key);
    if (const QString dependent = flags::flagstore::firstDependent(c, key); !dependent.isEmpty()) {
        Problem p = Problem::make(409, problem::Conflict, QStringLiteral("'%1' is a prerequisite of '%2'; change that flag first.").arg(key, dependent));
        p.field = QStringLiteral("key");
        fail(p);
    }
    const int overrides = flags::flagstore::overrideCount(c, key);
    flags::flagstore::remove(c, key);
    auditFlag(c, ctx, QStringLiteral("flag.deleted"), {}, key, reason, {{QStringLiteral("before"), stored.definition}, {QStringLiteral("overrides_removed"), overrides}});
    tx.commit();
    s.flags->reload();
    return http::Response::noContent();
}

// ---- Overrides -------------------------------------------------------------------------------------

Opt overrideValue(const Flag &f, const QJsonObject &body)
{
    if (!body.contains(QStringLiteral("value")))
        failValidation(QStringLiteral("value"), QStringLiteral("'value' is required (null removes the override)."));
    const QJsonValue v = body.value(QStringLiteral("value"));
    if (v.isNull())
        return std::nullopt;
    if (f.variantOf(v) < 0)
        failValidation(QStringLiteral("value"), f.boolean ? QStringLiteral("A boolean flag's override is true or false.")
                                                          : QStringLiteral("The override must be the value of one of the flag's variants."));
    return v;
}

Flag withOverride(const Flag &f, const QUuid &tenant, const QString &user, const Opt &value)
{
    Flag copy = f;
    if (user.isEmpty()) {
        if (value)
            copy.tenantOverrides.insert(flags::idKey(tenant), f.variantOf(*value));
        else
            copy.tenantOverrides.remove(flags::idKey(tenant));
    } else {
        const flags::UserKey k = flags::Context::make(tenant, -1, user, 0).userOverrideKey;
        if (value)
            copy.userOverrides.insert(k, f.variantOf(*value));
        else
            copy.userOverrides.remove(k);
    }
    return copy;
}

void writeOverride(store::PgConnection &c, const http::RequestContext &ctx, const QString &key, const Tenant &t, const QString &user,
                   const Opt &before, const Opt &value, const QString &reason, const QJsonObject &extra = {})
{
    flags::flagstore::writeOverride(c, key, t.id, user, value, reason, ctx.principal.actorLabel());
    QJsonObject details{{QStringLiteral("flag"), key}, {QStringLiteral("before"), orNull(before)}, {QStringLiteral("after"), orNull(value)}};
    if (!user.isEmpty())
        details.insert(QStringLiteral("user"), user);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        details.insert(it.key(), it.value());
    auditFlag(c, ctx, value ? QStringLiteral("flag.override_set") : QStringLiteral("flag.override_removed"), t.id, key, reason, details);
}

const Flag &requireFlag(const Snapshot &snap, const QString &key)
{
    const Flag *f = snap.find(key);
    if (!f)
        failNotFound(QStringLiteral("No flag '%1'.").arg(key));
    return *f;
}

QJsonObject tenantFlagJson(const Snapshot &snap, int index, const Tenant &t, const QString &user)
{
    const Flag &f = snap.flags()[size_t(index)];
    const flags::Context ctx = flags::Context::make(t.id, int(t.plan), user, nowMs());
    QJsonObject o = evaluationJson(f, snap.evaluate(index, ctx));
    const auto ov = f.tenantOverrides.constFind(flags::idKey(t.id));
    o.insert(QStringLiteral("tenant_override"), ov == f.tenantOverrides.cend() ? QJsonValue() : f.variants[ov.value()].value);
    if (!user.isEmpty()) {
        const auto uo = f.userOverrides.constFind(ctx.userOverrideKey);
        o.insert(QStringLiteral("user_override"), uo == f.userOverrides.cend() ? QJsonValue() : f.variants[uo.value()].value);
    }
    o.insert(QStringLiteral("default"), f.variants[f.defaultVariant].value);
    o.insert(QStringLiteral("description"), f.description);
    return o;
}

http::Response putOverride(Services &s, http::RequestContext &ctx, bool remove)
{
    FlagService &fs = *s.flags;
    const QString user = http::userParam(ctx.request);
    const bool dryRun = http::dryRunParam(ctx.request);
    QJsonObject body;
    if (remove) {
        body = ctx.request.body.trimmed().isEmpty() ? QJsonObject{} : http::jsonBody(ctx.request);
        http::rejectUnknownFields(body, {QStringLiteral("reason")});
        body.insert(QStringLiteral("value"), QJsonValue());
    } else {
        body = http::jsonBody(ctx.request);
        http::rejectUnknownFields(body, {QStringLiteral("value"), QStringLiteral("reason")});
    }
    const QString reason = http::reasonOf(ctx.request, body);
    auto lease = s.db.control();
    auto &c = *lease;
    const Tenant t = tenants::requireTenant(c, ctx.request.param(0));
    const auto snap = fs.snapshot();
    const Flag &f = requireFlag(*snap, ctx.request.param(1));
    const Opt value = overrideValue(f, body);
    store::PgTransaction tx(c);
    const Opt before = flags::flagstore::currentOverride(c, f.key, t.id, user, true);
    if (remove && !before)
        failNotFound(QStringLiteral("Tenant %1 has no override of '%2'%3.").arg(t.slug, f.key, user.isEmpty() ? QString() : QStringLiteral(" for this user")));
    const auto preview = withFlag(*snap, withOverride(f, t.id, user, value));
    const QJsonObject evalBefore = tenantFlagJson(*snap, snap->indexOf(f.key), t, user);
    const QJsonObject evalAfter = tenantFlagJson(*preview, preview->indexOf(f.key), t, user);
    const QJsonObject out{{QStringLiteral("dry_run"), dryRun}, {QStringLiteral("flag"), f.key}, {QStringLiteral("tenant_id"), idToString(t.id)},
                          {QStringLiteral("user"), user.isEmpty() ? QJsonValue() : QJsonValue(user)},
                          {QStringLiteral("override_before"), orNull(before)}, {QStringLiteral("override_after"), orNull(value)},
                          {QStringLiteral("before"), evalBefore}, {QStringLiteral("after"), evalAfter},
                          {QStringLiteral("changes_value"), evalBefore.value(QStringLiteral("value")) != evalAfter.value(QStringLiteral("value"))}};
    if (dryRun)
        return http::Response::json(out);
    if (before != value)
        writeOverride(c, ctx, f.key, t, user, before, value, reason);
    tx.commit();
    fs.reload();
    return remove ? http::Response::noContent() : http::Response::json(out);
}

http::Response bulkOverrides(Services &s, http::RequestContext &ctx)
{
    FlagService &fs = *s.flags;
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("value"), QStringLiteral("tenants"), QStringLiteral("plan"), QStringLiteral("dry_run"), QStringLiteral("reason")});
    const bool dryRun = http::dryRunField(body);
    const QString reason = http::reasonOf(ctx.request, body);
    const auto snap = fs.snapshot();
    const Flag &f = requireFlag(*snap, ctx.request.param(0));
    const Opt value = overrideValue(f, body);
    auto lease = s.db.control();
    auto &c = *lease;
    // Targets: a list of ids or slugs, or the first 5000 tenants of a plan.
    const QList<Tenant> targets = tenants::bulkTargets(c, body, false);
    store::PgTransaction tx(c);
    Flag changed = f;
    QJsonArray items;
    QList<std::pair<Tenant, Opt>> writes;
    QCryptographicHash h(QCryptographicHash::Sha1);
    for (const Tenant &t : targets) {
        const Opt before = flags::flagstore::currentOverride(c, f.key, t.id, {}, true);
        if (before == value)
            continue;
        changed = withOverride(changed, t.id, {}, value);
        writes.append({t, before});
        h.addData(idToString(t.id).toLatin1() + '\n' + (before ? compactJson(*before) : QByteArray("unset")) + '\n');
    }
    const auto preview = withFlag(*snap, changed);
    for (const auto &[t, before] : writes) {
        const QJsonObject eb = tenantFlagJson(*snap, snap->indexOf(f.key), t, {});
        const QJsonObject ea = tenantFlagJson(*preview, preview->indexOf(f.key), t, {});
        items.append(QJsonObject{{QStringLiteral("tenant_id"), idToString(t.id)}, {QStringLiteral("slug"), t.slug}, {QStringLiteral("plan"), toString(t.plan)},
                                 {QStringLiteral("override_before"), orNull(before)}, {QStringLiteral("override_after"), orNull(value)},
                                 {QStringLiteral("value_before"), eb.value(QStringLiteral("value"))}, {QStringLiteral("value_after"), ea.value(QStringLiteral("value"))},
                                 {QStringLiteral("reason_before"), eb.value(QStringLiteral("reason"))}, {QStringLiteral("reason_after"), ea.value(QStringLiteral("reason"))}});
    }
    const QByteArray previewEtag = '"' + h.result().toHex().left(20) + '"';
    QJsonObject out{{QStringLiteral("dry_run"), dryRun}, {QStringLiteral("flag"), f.key}, {QStringLiteral("value"), orNull(value)},
                    {QStringLiteral("targets"), targets.size()}, {QStringLiteral("changed"), items.size()}, {QStringLiteral("changes"), items},
                    {QStringLiteral("preview_etag"), QString::fromLatin1(previewEtag)}};
    if (dryRun)
        return http::Response::json(out).withHeader("ETag", previewEtag);
    if (const QByteArray ifMatch = ctx.request.header("if-match"); !ifMatch.isEmpty() && !http::etagMatches(ifMatch, previewEtag))
        failPrecondition(QStringLiteral("The change set differs from the preview you saw (preview_etag is now %1); nothing was applied.").arg(QString::fromLatin1(previewEtag)));
    const QString bulkId = idToString(QUuid::createUuid());
    for (const auto &[t, before] : writes)
        writeOverride(c, ctx, f.key, t, {}, before, value, reason, {{QStringLiteral("bulk_id"), bulkId}});
    tx.commit();
    fs.reload();
    out.insert(QStringLiteral("bulk_id"), bulkId);
    return http::Response::json(out);
}

} // namespace

void registerFlagRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;
    FlagService *fs = s.flags;

    router.add("GET", QStringLiteral("/v1/flags"), Access::operators(), [&s](http::RequestContext &) {
        QJsonArray items;
        for (const flags::StoredFlagCount &row : flags::flagstore::listWithOverrideCounts(*s.db.control())) {
            try {
                items.append(flagJson(flagFromStored(row.flag), row.flag, row.overrides));
            } catch (const ProblemException &e) { // a stored definition this build cannot read: shown, not served
                QJsonObject o = row.flag.definition;
                o.insert(QStringLiteral("invalid"), e.problem().field + QStringLiteral(": ") + e.problem().detail);
                items.append(o);
            }
        }
        return Response::json({{QStringLiteral("items"), items}});
    });

    router.add("POST", QStringLiteral("/v1/flags"), Access::writers(), [&s](http::RequestContext &ctx) { return createFlag(s, ctx); });

    // Both answer from the snapshot's answer cache (server/flags/answercache.h): evaluated once per
    // snapshot, tenant, user and schedule span.
    router.add("GET", QStringLiteral("/v1/flags/evaluate"), Access::tenant(), [fs](http::RequestContext &ctx) {
        return Response::encodedJson(fs->evaluations(ctx.principal.tenantId, ctx.principal.memberId, http::userParam(ctx.request), false).body);
    }, http::Lane::Compute);

    router.add("GET", QStringLiteral("/v1/flags/snapshot"), Access::tenant(), [fs](http::RequestContext &ctx) {
        const AnswerCache::Answer a = fs->evaluations(ctx.principal.tenantId, ctx.principal.memberId, http::userParam(ctx.request), true);
        return http::withEtag(ctx.request, a.body, a.etag);
    }, http::Lane::Compute);

    router.add("GET", QStringLiteral("/v1/flags/{key}"), Access::operators(), [&s](http::RequestContext &ctx) {
        auto lease = s.db.control();
        const QString key = ctx.request.param(0);
        if (!flags::flagstore::find(*lease, key))
            failNotFound(QStringLiteral("No flag '%1'.").arg(key));
        return storedFlagResponse(*lease, 200, key, flags::flagstore::overrideCount(*lease, key));
    });

    router.add("PATCH", QStringLiteral("/v1/flags/{key}"), Access::writers(), [&s](http::RequestContext &ctx) { return patchFlag(s, ctx); });

    router.add("DELETE", QStringLiteral("/v1/flags/{key}"), Access::writers(), [&s](http::RequestContext &ctx) { return deleteFlag(s, ctx); });

    router.add("GET", QStringLiteral("/v1/flags/{key}/overrides"), Access::operators(), [&s, fs](http::RequestContext &ctx) {
        const auto snap = fs->snapshot();
        const Flag &f = requireFlag(*snap, ctx.request.param(0));
        QJsonArray items;
        for (const flags::OverrideRecord &o : flags::flagstore::overrides(*s.db.control(), f.key))
            items.append(QJsonObject{{QStringLiteral("tenant_id"), idToString(o.tenantId)}, {QStringLiteral("slug"), o.slug},
                                     {QStringLiteral("name"), o.name}, {QStringLiteral("plan"), o.plan},
                                     {QStringLiteral("user"), o.user.isEmpty() ? QJsonValue() : QJsonValue(o.user)},
                                     {QStringLiteral("value"), o.value}, {QStringLiteral("reason"), o.reason},
                                     {QStringLiteral("updated_at"), toIsoUtc(o.updatedAt)}, {QStringLiteral("updated_by"), o.updatedBy}});
        return Response::json({{QStringLiteral("flag"), f.key}, {QStringLiteral("items"), items}});
    });

    router.add("POST", QStringLiteral("/v1/flags/{key}/overrides/bulk"), Access::writers(),
               [&s](http::RequestContext &ctx) { return bulkOverrides(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/flags"), Access::operators(), [&s, fs](http::RequestContext &ctx) {
        const QString user = http::userParam(ctx.request);
        const Tenant t = tenants::requireTenant(*s.db.control(), ctx.request.param(0));
        const auto snap = fs->snapshot();
        QJsonArray items;
        for (int i = 0; i < int(snap->flags().size()); ++i)
            items.append(tenantFlagJson(*snap, i, t, user));
        return Response::json({{QStringLiteral("tenant_id"), idToString(t.id)}, {QStringLiteral("plan"), toString(t.plan)},
                               {QStringLiteral("user"), user.isEmpty() ? QJsonValue() : QJsonValue(user)}, {QStringLiteral("items"), items}});
    });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/flags/{key}"), Access::operators(), [&s, fs](http::RequestContext &ctx) {
        const QString user = http::userParam(ctx.request);
        auto lease = s.db.control();
        const Tenant t = tenants::requireTenant(*lease, ctx.request.param(0));
        const auto snap = fs->snapshot();
        const Flag &f = requireFlag(*snap, ctx.request.param(1));
        QJsonObject o = tenantFlagJson(*snap, snap->indexOf(f.key), t, user);
        for (const flags::OverrideRecord &r : flags::flagstore::overridesOf(*lease, f.key, t.id, user))
            o.insert(r.user.isEmpty() ? QStringLiteral("tenant_override_info") : QStringLiteral("user_override_info"),
                     QJsonObject{{QStringLiteral("value"), r.value}, {QStringLiteral("reason"), r.reason},
                                 {QStringLiteral("updated_at"), toIsoUtc(r.updatedAt)}, {QStringLiteral("updated_by"), r.updatedBy}});
        return Response::json(o);
    });

    router.add("PUT", QStringLiteral("/v1/tenants/{id}/flags/{key}"), Access::writers(),
               [&s](http::RequestContext &ctx) { return putOverride(s, ctx, false); });
    router.add("DELETE", QStringLiteral("/v1/tenants/{id}/flags/{key}"), Access::writers(),
               [&s](http::RequestContext &ctx) { return putOverride(s, ctx, true); });
}

} // namespace portico
