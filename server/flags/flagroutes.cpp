// Feature flags: the operators' API (definitions, per-tenant evaluation and overrides, bulk
// overrides with a preview, the impact of a change), the tenant API (every flag evaluated, a
// snapshot with ETag/304) and the OpenFeature Remote Evaluation Protocol. Evaluation reads the
// in-memory snapshot only; writes go to the control plane and NOTIFY every instance.
#include "core/flags.h"
#include "core/tenant.h"
#include "core/timeutil.h"
#include "server/audit/auditlog.h"
#include "server/flags/flagservice.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/tenants/tenantrepository.h"
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <spdlog/spdlog.h>
#include <variant>

namespace portico {
namespace {

using flags::Evaluation;
using flags::Flag;
using flags::FlagService;
using flags::Snapshot;
using Opt = std::optional<QJsonValue>;

const QStringList kWriters{QStringLiteral("admin"), QStringLiteral("support")};

QJsonValue orNull(const Opt &v) { return v ? *v : QJsonValue(); }

Tenant requireTenant(store::PgConnection &c, const QString &idOrSlug)
{
    auto t = tenants::TenantRepository(c).find(idOrSlug);
    if (!t)
        http::failNotFound(QStringLiteral("No tenant has the id or slug '%1'.").arg(idOrSlug));
    return *t;
}

QString userParam(const http::Request &r)
{
    const QString user = r.query.queryItemValue(QStringLiteral("user"), QUrl::FullyDecoded);
    if (user.size() > 128 || user.contains(QChar(0)))
        http::failValidation(QStringLiteral("user"), QStringLiteral("user is a user id of at most 128 characters."));
    return user;
}

bool dryRunParam(const http::Request &r)
{
    const QString v = r.query.queryItemValue(QStringLiteral("dry_run"));
    if (!v.isEmpty() && v != QLatin1String("true") && v != QLatin1String("false"))
        http::failValidation(QStringLiteral("dry_run"), QStringLiteral("dry_run is true or false."));
    return v == QLatin1String("true");
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

struct StoredFlag
{
    QJsonObject definition;
    qint64 version = 0;
    QDateTime createdAt, updatedAt;
    QString updatedBy;
};

std::optional<StoredFlag> loadFlag(store::PgConnection &c, const QString &key, bool forUpdate = false)
{
    const auto r = c.exec(QStringLiteral("SELECT definition, version, created_at, updated_at, updated_by FROM flags WHERE key = $1") +
                              (forUpdate ? QStringLiteral(" FOR UPDATE") : QString()),
                          {key});
    if (r.rows() != 1)
        return std::nullopt;
    return StoredFlag{r.json(0, 0).toObject(), r.integer(0, 1), r.timestamp(0, 2), r.timestamp(0, 3), r.text(0, 4)};
}

QByteArray flagEtag(qint64 version) { return "\"v" + QByteArray::number(version) + '"'; }

Flag parseFlag(const QJsonObject &o)
{
    config::ValueError e;
    auto f = Flag::fromJson(o, &e);
    if (!f)
        http::failValidation(e.path, e.message);
    return *f;
}

// Prerequisites must name existing flags, with one of their values, and never form a cycle.
void checkPrerequisites(const Snapshot &snap, const Flag &f)
{
    for (int i = 0; i < f.prerequisites.size(); ++i) {
        const flags::Prerequisite &p = f.prerequisites[i];
        const Flag *other = snap.find(p.flag);
        if (!other)
            http::failValidation(QStringLiteral("prerequisites[%1].flag").arg(i), QStringLiteral("No flag '%1'.").arg(p.flag));
        if (other->variantOf(p.value) < 0)
            http::failValidation(QStringLiteral("prerequisites[%1].value").arg(i), QStringLiteral("'%1' never serves this value.").arg(p.flag));
    }
    // Depth-first from f over the snapshot, with f's new prerequisites.
    QSet<QString> seen;
    QStringList stack;
    for (const auto &p : f.prerequisites)
        stack << p.flag;
    while (!stack.isEmpty()) {
        const QString k = stack.takeLast();
        if (k == f.key)
            http::failValidation(QStringLiteral("prerequisites"), QStringLiteral("These prerequisites would form a cycle back to '%1'.").arg(f.key));
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
    QHash<QUuid, QString> slugs;
    if (!ids.isEmpty()) {
        QStringList idText;
        for (const QUuid &id : ids)
            idText << idToString(id);
        const auto r = c.exec(QStringLiteral("SELECT id, slug FROM tenants WHERE id = ANY($1::uuid[])"), {QStringLiteral("{%1}").arg(idText.join(QLatin1Char(',')))});
        for (int i = 0; i < r.rows(); ++i)
            slugs.insert(r.uuid(i, 0), r.text(i, 1));
    }
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

http::Response createFlag(Services &s, FlagService &fs, http::RequestContext &ctx)
{
    QJsonObject body = http::jsonBody(ctx.request);
    if (body.contains(QStringLiteral("version")))
        http::failValidation(QStringLiteral("version"), QStringLiteral("version is set by the server."));
    const QString reason = audit::requestReason(ctx.request);
    const Flag f = parseFlag(body);
    checkPrerequisites(*fs.snapshot(), f);
    QJsonObject def = f.toJson();
    def.remove(QStringLiteral("version"));
    auto lease = s.db.control();
    auto &c = *lease;
    store::PgTransaction tx(c);
    try {
        c.exec(QStringLiteral("INSERT INTO flags (key, definition, updated_by) VALUES ($1, $2::jsonb, $3)"),
               {f.key, QJsonDocument(def).toJson(QJsonDocument::Compact), ctx.principal.actorLabel()});
    } catch (const store::PgError &e) {
        if (!e.isUniqueViolation())
            throw;
        Problem p = Problem::make(409, problem::Conflict, QStringLiteral("A flag with the key '%1' exists.").arg(f.key));
        p.field = QStringLiteral("key");
        http::fail(p);
    }
    auditFlag(c, ctx, QStringLiteral("flag.created"), {}, f.key, reason, {{QStringLiteral("after"), def}});
    tx.commit();
    fs.reload();
    const auto stored = loadFlag(c, f.key);
    return http::Response::json(201, flagJson(flagFromStored(*stored), *stored, 0))
        .withHeader("Location", "/v1/flags/" + f.key.toUtf8())
        .withHeader("ETag", flagEtag(stored->version));
}

http::Response patchFlag(Services &s, FlagService &fs, http::RequestContext &ctx)
{
    const QString key = ctx.request.param(0);
    const QJsonObject patch = http::jsonBody(ctx.request);
    for (const char *fixed : {"key", "kind", "version"})
        if (patch.contains(QLatin1String(fixed)))
            http::failValidation(QLatin1String(fixed), QStringLiteral("'%1' cannot change; create another flag.").arg(QLatin1String(fixed)));
    if (patch.isEmpty())
        http::failValidation(QStringLiteral("body"), QStringLiteral("Give at least one field to change."));
    const bool dryRun = dryRunParam(ctx.request);
    const QString reason = audit::requestReason(ctx.request);
    auto lease = s.db.control();
    auto &c = *lease;
    store::PgTransaction tx(c);
    const auto stored = loadFlag(c, key, true);
    if (!stored)
        http::failNotFound(QStringLiteral("No flag '%1'.").arg(key));
    if (const QByteArray ifMatch = ctx.request.header("if-match"); !ifMatch.isEmpty() && !http::etagMatches(ifMatch, flagEtag(stored->version)))
        http::fail(Problem::make(412, problem::PreconditionFailed,
                                 QStringLiteral("Flag '%1' changed since you read it (its ETag is now %2).").arg(key, QString::fromLatin1(flagEtag(stored->version)))));
    QJsonObject merged = stored->definition;
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
                                     {QStringLiteral("diff"), config::diff(stored->definition, def)}, {QStringLiteral("impact"), effect}});
    QJsonObject before = stored->definition;
    c.exec(QStringLiteral("UPDATE flags SET definition = $2::jsonb, version = version + 1, updated_at = now(), updated_by = $3 WHERE key = $1"),
           {key, QJsonDocument(def).toJson(QJsonDocument::Compact), ctx.principal.actorLabel()});
    auditFlag(c, ctx, QStringLiteral("flag.updated"), {}, key, reason,
              {{QStringLiteral("before"), before}, {QStringLiteral("after"), def}, {QStringLiteral("diff"), config::diff(before, def)},
               {QStringLiteral("tenants_changed"), effect.value(QStringLiteral("changed"))}});
    tx.commit();
    fs.reload();
    const auto now = loadFlag(c, key);
    QJsonObject out = flagJson(flagFromStored(*now), *now, int(after.tenantOverrides.size() + after.userOverrides.size()));
    out.insert(QStringLiteral("impact"), effect);
    return http::Response::json(out).withHeader("ETag", flagEtag(now->version));
}

// ---- Overrides -------------------------------------------------------------------------------------

struct OverrideTarget
{
    Tenant tenant;
    QString user;
};

// Current override value (tenant's when user is empty) from the control plane.
Opt currentOverride(store::PgConnection &c, const QString &key, const QUuid &tenant, const QString &user, bool forUpdate)
{
    const auto r = c.exec(QStringLiteral("SELECT value FROM flag_overrides WHERE flag_key = $1 AND tenant_id = $2 AND user_id = $3") +
                              (forUpdate ? QStringLiteral(" FOR UPDATE") : QString()),
                          {key, tenant, user});
    return r.rows() == 1 ? Opt(r.json(0, 0)) : std::nullopt;
}

Opt overrideValue(const Flag &f, const QJsonObject &body)
{
    if (!body.contains(QStringLiteral("value")))
        http::failValidation(QStringLiteral("value"), QStringLiteral("'value' is required (null removes the override)."));
    const QJsonValue v = body.value(QStringLiteral("value"));
    if (v.isNull())
        return std::nullopt;
    if (f.variantOf(v) < 0)
        http::failValidation(QStringLiteral("value"), f.boolean ? QStringLiteral("A boolean flag's override is true or false.")
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
    if (value)
        c.exec(QStringLiteral("INSERT INTO flag_overrides (flag_key, tenant_id, user_id, value, reason, updated_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6) "
                              "ON CONFLICT (flag_key, tenant_id, user_id) DO UPDATE SET value = EXCLUDED.value, reason = EXCLUDED.reason, "
                              "updated_at = now(), updated_by = EXCLUDED.updated_by"),
               {key, t.id, user, http::compactJson(*value), reason, ctx.principal.actorLabel()});
    else
        c.exec(QStringLiteral("DELETE FROM flag_overrides WHERE flag_key = $1 AND tenant_id = $2 AND user_id = $3"), {key, t.id, user});
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
        http::failNotFound(QStringLiteral("No flag '%1'.").arg(key));
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

http::Response putOverride(Services &s, FlagService &fs, http::RequestContext &ctx, bool remove)
{
    const QString user = userParam(ctx.request);
    const bool dryRun = dryRunParam(ctx.request);
    QJsonObject body;
    if (remove) {
        body = ctx.request.body.trimmed().isEmpty() ? QJsonObject{} : http::jsonBody(ctx.request);
        http::rejectUnknownFields(body, {QStringLiteral("reason")});
        body.insert(QStringLiteral("value"), QJsonValue());
    } else {
        body = http::jsonBody(ctx.request);
        http::rejectUnknownFields(body, {QStringLiteral("value"), QStringLiteral("reason")});
    }
    const QString reason = reasonOf(ctx.request, body);
    auto lease = s.db.control();
    auto &c = *lease;
    const Tenant t = requireTenant(c, ctx.request.param(0));
    const auto snap = fs.snapshot();
    const Flag &f = requireFlag(*snap, ctx.request.param(1));
    const Opt value = overrideValue(f, body);
    store::PgTransaction tx(c);
    const Opt before = currentOverride(c, f.key, t.id, user, true);
    if (remove && !before)
        http::failNotFound(QStringLiteral("Tenant %1 has no override of '%2'%3.").arg(t.slug, f.key, user.isEmpty() ? QString() : QStringLiteral(" for this user")));
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

http::Response bulkOverrides(Services &s, FlagService &fs, http::RequestContext &ctx)
{
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("value"), QStringLiteral("tenants"), QStringLiteral("plan"), QStringLiteral("dry_run"), QStringLiteral("reason")});
    const QJsonValue dry = body.value(QStringLiteral("dry_run"));
    if (!dry.isUndefined() && !dry.isNull() && !dry.isBool())
        http::failValidation(QStringLiteral("dry_run"), QStringLiteral("dry_run must be true or false."));
    const bool dryRun = dry.toBool(false);
    const QString reason = reasonOf(ctx.request, body);
    const auto snap = fs.snapshot();
    const Flag &f = requireFlag(*snap, ctx.request.param(0));
    const Opt value = overrideValue(f, body);
    auto lease = s.db.control();
    auto &c = *lease;
    // Targets: a list of ids or slugs, or every tenant of a plan.
    const bool hasTenants = body.contains(QStringLiteral("tenants")) && !body.value(QStringLiteral("tenants")).isNull();
    const bool hasPlan = body.contains(QStringLiteral("plan")) && !body.value(QStringLiteral("plan")).isNull();
    if (hasTenants == hasPlan)
        http::failValidation(hasTenants ? QStringLiteral("plan") : QStringLiteral("tenants"),
                             QStringLiteral("Give either tenants (a list of ids or slugs) or plan (all tenants of that plan)."));
    QList<Tenant> targets;
    tenants::TenantRepository repo(c);
    if (hasTenants) {
        const QJsonArray a = body.value(QStringLiteral("tenants")).toArray();
        if (a.isEmpty() || a.size() > 5000)
            http::failValidation(QStringLiteral("tenants"), QStringLiteral("tenants is a list of 1 to 5000 tenant ids or slugs."));
        QSet<QUuid> seen;
        for (qsizetype i = 0; i < a.size(); ++i) {
            const auto t = a.at(i).isString() ? repo.find(a.at(i).toString()) : std::nullopt;
            if (!t)
                http::failValidation(QStringLiteral("tenants[%1]").arg(i), QStringLiteral("No tenant has the id or slug '%1'.").arg(a.at(i).toString()));
            if (!seen.contains(t->id)) {
                seen.insert(t->id);
                targets.append(*t);
            }
        }
    } else {
        const auto plan = parsePlan(body.value(QStringLiteral("plan")).toString());
        if (!plan)
            http::failValidation(QStringLiteral("plan"), QStringLiteral("plan must be one of: %1.").arg(allPlans().join(QStringLiteral(", "))));
        const auto ids = c.exec(QStringLiteral("SELECT id FROM tenants WHERE plan = $1 ORDER BY lower(name), id LIMIT 5000"), {toString(*plan)});
        for (int i = 0; i < ids.rows(); ++i)
            if (auto t = repo.findById(ids.uuid(i, 0)))
                targets.append(*t);
    }
    store::PgTransaction tx(c);
    Flag changed = f;
    QJsonArray items;
    QList<std::pair<Tenant, Opt>> writes;
    QCryptographicHash h(QCryptographicHash::Sha1);
    for (const Tenant &t : targets) {
        const Opt before = currentOverride(c, f.key, t.id, {}, true);
        if (before == value)
            continue;
        changed = withOverride(changed, t.id, {}, value);
        writes.append({t, before});
        h.addData(idToString(t.id).toLatin1() + '\n' + (before ? http::compactJson(*before) : QByteArray("unset")) + '\n');
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
        http::fail(Problem::make(412, problem::PreconditionFailed,
                                 QStringLiteral("The change set differs from the preview you saw (preview_etag is now %1); nothing was applied.").arg(QString::fromLatin1(previewEtag))));
    const QString bulkId = idToString(QUuid::createUuid());
    for (const auto &[t, before] : writes)
        writeOverride(c, ctx, f.key, t, {}, before, value, reason, {{QStringLiteral("bulk_id"), bulkId}});
    tx.commit();
    fs.reload();
    out.insert(QStringLiteral("bulk_id"), bulkId);
    return http::Response::json(out);
}

// ---- Tenant API ------------------------------------------------------------------------------------

// The context of a tenant-token request: the tenant and its plan from the token and the snapshot,
// the user from the token's member, else from the request (a user within the token's tenant).
flags::Context tenantContext(const Snapshot &snap, const http::RequestContext &ctx, const QString &requestedUser)
{
    const QString user = ctx.principal.memberId.isNull() ? requestedUser : idToString(ctx.principal.memberId);
    return flags::Context::make(ctx.principal.tenantId, snap.tenantPlan(ctx.principal.tenantId), user, nowMs());
}

// Every flag evaluated, written straight into JSON bytes (the hot path: no QJsonObject per flag).
QByteArray evaluateAll(const Snapshot &snap, const flags::Context &ctx, bool asMap)
{
    QByteArray out;
    out.reserve(int(snap.flags().size()) * 100 + 128);
    out.append(R"({"tenant_id":")").append(ctx.tenantKey).append(R"(","user":)");
    out.append(ctx.user.isEmpty() ? QByteArray("null") : http::compactJson(ctx.user));
    out.append(asMap ? R"(,"flags":{)" : R"(,"flags":[)");
    for (int i = 0; i < int(snap.flags().size()); ++i) {
        const Flag &f = snap.flags()[size_t(i)];
        const Evaluation e = snap.evaluate(i, ctx);
        if (i)
            out.append(',');
        if (asMap)
            out.append(f.keyJson).append(":{");
        else
            out.append(R"({"key":)").append(f.keyJson).append(',');
        if (e.variant >= 0) {
            const flags::Variant &v = f.variants[e.variant];
            out.append(R"("value":)").append(v.valueJson).append(R"(,"variant":)").append(v.nameJson);
        } else {
            out.append(R"("value":null,"variant":null)");
        }
        out.append(R"(,"reason":)").append(flags::reasonJson(e.reason));
        if (e.error != flags::ErrorCode::None)
            out.append(R"(,"error_code":")").append(flags::toString(e.error).toLatin1()).append('"');
        out.append('}');
    }
    out.append(asMap ? "}}" : "]}");
    return out;
}

http::Response withEtag(const http::Request &r, QByteArray body)
{
    const QByteArray etag = http::etagOf(body);
    http::Response resp;
    if (http::etagMatches(r.header("if-none-match"), etag)) {
        resp.status = 304;
        resp.contentType.clear();
    } else {
        resp.body = std::move(body);
    }
    return resp.withHeader("ETag", etag);
}

// ---- OFREP ----------------------------------------------------------------------------------------

http::Response ofrepError(int status, const QString &key, const QString &code, const QString &details)
{
    QJsonObject o{{QStringLiteral("errorCode"), code}, {QStringLiteral("errorDetails"), details}};
    if (!key.isEmpty())
        o.insert(QStringLiteral("key"), key);
    return http::Response::json(status, o);
}

// Parses {"context":{...}}; returns the targeting key, or an error response. Fields that claim a
// tenant are ignored: the tenant is the token's.
std::variant<QString, http::Response> ofrepContext(const http::Request &r, const QString &key)
{
    if (r.body.trimmed().isEmpty())
        return QString();
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return ofrepError(400, key, QStringLiteral("PARSE_ERROR"), QStringLiteral("The body is not valid JSON: %1.").arg(pe.errorString()));
    if (!doc.isObject())
        return ofrepError(400, key, QStringLiteral("INVALID_CONTEXT"), QStringLiteral("The body must be an object {\"context\": {...}}."));
    const QJsonValue c = doc.object().value(QStringLiteral("context"));
    if (c.isUndefined() || c.isNull())
        return QString();
    if (!c.isObject())
        return ofrepError(400, key, QStringLiteral("INVALID_CONTEXT"), QStringLiteral("context must be an object."));
    const QJsonValue tk = c.toObject().value(QStringLiteral("targetingKey"));
    if (tk.isUndefined() || tk.isNull())
        return QString();
    if (!tk.isString() || tk.toString().size() > 128)
        return ofrepError(400, key, QStringLiteral("INVALID_CONTEXT"), QStringLiteral("targetingKey must be a string of at most 128 characters."));
    return tk.toString();
}

QJsonObject ofrepSuccess(const Flag &f, const Evaluation &e, const flags::Context &ctx)
{
    return {{QStringLiteral("key"), f.key}, {QStringLiteral("value"), flags::valueOf(f, e)},
            {QStringLiteral("reason"), flags::toString(e.reason)}, {QStringLiteral("variant"), f.variants[e.variant].name},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("rule"), flags::toString(e.rule)}, {QStringLiteral("version"), f.version},
                                                     {QStringLiteral("tenant_id"), QString::fromLatin1(ctx.tenantKey)}}}};
}

QString ofrepErrorDetails(flags::ErrorCode code, const QString &key)
{
    switch (code) {
    case flags::ErrorCode::FlagNotFound: return QStringLiteral("No flag '%1'.").arg(key);
    case flags::ErrorCode::TargetingKeyMissing: return QStringLiteral("'%1' rolls out by user: send context.targetingKey.").arg(key);
    default: return QStringLiteral("'%1' could not be evaluated (a prerequisite is missing or circular).").arg(key);
    }
}

} // namespace

void registerFlagRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;
    // One service per process; it outlives the router (parented to the application, stopped when it quits).
    auto *fs = new FlagService(s.db, QCoreApplication::instance());
    try {
        fs->reload();
    } catch (const std::exception &e) {
        spdlog::error("initial flag snapshot failed: {}", e.what());
    }
    fs->startListening();

    router.add("GET", QStringLiteral("/v1/flags"), Access::operators(), [&s](http::RequestContext &) {
        const auto r = s.db.control()->exec(QStringLiteral(
            "SELECT f.definition, f.version, f.created_at, f.updated_at, f.updated_by, "
            "(SELECT count(*) FROM flag_overrides o WHERE o.flag_key = f.key) FROM flags f ORDER BY f.key"));
        QJsonArray items;
        for (int i = 0; i < r.rows(); ++i) {
            const StoredFlag sf{r.json(i, 0).toObject(), r.integer(i, 1), r.timestamp(i, 2), r.timestamp(i, 3), r.text(i, 4)};
            try {
                items.append(flagJson(flagFromStored(sf), sf, int(r.integer(i, 5))));
            } catch (const http::ProblemException &e) { // a stored definition this build cannot read: shown, not served
                QJsonObject o = sf.definition;
                o.insert(QStringLiteral("invalid"), e.problem().field + QStringLiteral(": ") + e.problem().detail);
                items.append(o);
            }
        }
        return Response::json({{QStringLiteral("items"), items}});
    });

    router.add("POST", QStringLiteral("/v1/flags"), Access::operators(kWriters), [&s, fs](http::RequestContext &ctx) { return createFlag(s, *fs, ctx); });

    router.add("GET", QStringLiteral("/v1/flags/evaluate"), Access::tenant(), [fs](http::RequestContext &ctx) {
        const auto snap = fs->snapshot();
        Response r;
        r.body = evaluateAll(*snap, tenantContext(*snap, ctx, userParam(ctx.request)), false);
        return r;
    });

    router.add("GET", QStringLiteral("/v1/flags/snapshot"), Access::tenant(), [fs](http::RequestContext &ctx) {
        const auto snap = fs->snapshot();
        return withEtag(ctx.request, evaluateAll(*snap, tenantContext(*snap, ctx, userParam(ctx.request)), true));
    });

    router.add("GET", QStringLiteral("/v1/flags/{key}"), Access::operators(), [&s](http::RequestContext &ctx) {
        auto lease = s.db.control();
        const auto stored = loadFlag(*lease, ctx.request.param(0));
        if (!stored)
            http::failNotFound(QStringLiteral("No flag '%1'.").arg(ctx.request.param(0)));
        const int overrides = int(lease->exec(QStringLiteral("SELECT count(*) FROM flag_overrides WHERE flag_key = $1"), {ctx.request.param(0)}).integer(0, 0));
        return Response::json(flagJson(flagFromStored(*stored), *stored, overrides)).withHeader("ETag", flagEtag(stored->version));
    });

    router.add("PATCH", QStringLiteral("/v1/flags/{key}"), Access::operators(kWriters), [&s, fs](http::RequestContext &ctx) { return patchFlag(s, *fs, ctx); });

    router.add("DELETE", QStringLiteral("/v1/flags/{key}"), Access::operators(kWriters), [&s, fs](http::RequestContext &ctx) {
        const QString key = ctx.request.param(0);
        const QString reason = audit::requestReason(ctx.request);
        auto lease = s.db.control();
        auto &c = *lease;
        store::PgTransaction tx(c);
        const auto stored = loadFlag(c, key, true);
        if (!stored)
            http::failNotFound(QStringLiteral("No flag '%1'.").arg(key));
        const auto dependents = c.exec(QStringLiteral("SELECT key FROM flags WHERE definition->'prerequisites' @> jsonb_build_array(jsonb_build_object('flag', $1::text))"), {key});
        if (dependents.rows() > 0) {
            Problem p = Problem::make(409, problem::Conflict, QStringLiteral("'%1' is a prerequisite of '%2'; change that flag first.").arg(key, dependents.text(0, 0)));
            p.field = QStringLiteral("key");
            http::fail(p);
        }
        const int overrides = int(c.exec(QStringLiteral("SELECT count(*) FROM flag_overrides WHERE flag_key = $1"), {key}).integer(0, 0));
        c.exec(QStringLiteral("DELETE FROM flags WHERE key = $1"), {key});
        auditFlag(c, ctx, QStringLiteral("flag.deleted"), {}, key, reason, {{QStringLiteral("before"), stored->definition}, {QStringLiteral("overrides_removed"), overrides}});
        tx.commit();
        fs->reload();
        return Response::noContent();
    });

    router.add("GET", QStringLiteral("/v1/flags/{key}/overrides"), Access::operators(), [&s, fs](http::RequestContext &ctx) {
        const auto snap = fs->snapshot();
        const Flag &f = requireFlag(*snap, ctx.request.param(0));
        const auto r = s.db.control()->exec(QStringLiteral(
            "SELECT o.tenant_id, t.slug, t.name, t.plan, o.user_id, o.value, o.reason, o.updated_at, o.updated_by "
            "FROM flag_overrides o JOIN tenants t ON t.id = o.tenant_id WHERE o.flag_key = $1 ORDER BY lower(t.name), t.id, o.user_id"), {f.key});
        QJsonArray items;
        for (int i = 0; i < r.rows(); ++i)
            items.append(QJsonObject{{QStringLiteral("tenant_id"), idToString(r.uuid(i, 0))}, {QStringLiteral("slug"), r.text(i, 1)},
                                     {QStringLiteral("name"), r.text(i, 2)}, {QStringLiteral("plan"), r.text(i, 3)},
                                     {QStringLiteral("user"), r.text(i, 4).isEmpty() ? QJsonValue() : QJsonValue(r.text(i, 4))},
                                     {QStringLiteral("value"), r.json(i, 5)}, {QStringLiteral("reason"), r.text(i, 6)},
                                     {QStringLiteral("updated_at"), toIsoUtc(r.timestamp(i, 7))}, {QStringLiteral("updated_by"), r.text(i, 8)}});
        return Response::json({{QStringLiteral("flag"), f.key}, {QStringLiteral("items"), items}});
    });

    router.add("POST", QStringLiteral("/v1/flags/{key}/overrides/bulk"), Access::operators(kWriters),
               [&s, fs](http::RequestContext &ctx) { return bulkOverrides(s, *fs, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/flags"), Access::operators(), [&s, fs](http::RequestContext &ctx) {
        const QString user = userParam(ctx.request);
        const Tenant t = requireTenant(*s.db.control(), ctx.request.param(0));
        const auto snap = fs->snapshot();
        QJsonArray items;
        for (int i = 0; i < int(snap->flags().size()); ++i)
            items.append(tenantFlagJson(*snap, i, t, user));
        return Response::json({{QStringLiteral("tenant_id"), idToString(t.id)}, {QStringLiteral("plan"), toString(t.plan)},
                               {QStringLiteral("user"), user.isEmpty() ? QJsonValue() : QJsonValue(user)}, {QStringLiteral("items"), items}});
    });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/flags/{key}"), Access::operators(), [&s, fs](http::RequestContext &ctx) {
        const QString user = userParam(ctx.request);
        auto lease = s.db.control();
        const Tenant t = requireTenant(*lease, ctx.request.param(0));
        const auto snap = fs->snapshot();
        const Flag &f = requireFlag(*snap, ctx.request.param(1));
        QJsonObject o = tenantFlagJson(*snap, snap->indexOf(f.key), t, user);
        const auto r = lease->exec(QStringLiteral("SELECT user_id, value, reason, updated_at, updated_by FROM flag_overrides WHERE flag_key = $1 AND tenant_id = $2 "
                                                  "AND user_id IN ('', $3)"), {f.key, t.id, user});
        for (int i = 0; i < r.rows(); ++i)
            o.insert(r.text(i, 0).isEmpty() ? QStringLiteral("tenant_override_info") : QStringLiteral("user_override_info"),
                     QJsonObject{{QStringLiteral("value"), r.json(i, 1)}, {QStringLiteral("reason"), r.text(i, 2)},
                                 {QStringLiteral("updated_at"), toIsoUtc(r.timestamp(i, 3))}, {QStringLiteral("updated_by"), r.text(i, 4)}});
        return Response::json(o);
    });

    router.add("PUT", QStringLiteral("/v1/tenants/{id}/flags/{key}"), Access::operators(kWriters),
               [&s, fs](http::RequestContext &ctx) { return putOverride(s, *fs, ctx, false); });
    router.add("DELETE", QStringLiteral("/v1/tenants/{id}/flags/{key}"), Access::operators(kWriters),
               [&s, fs](http::RequestContext &ctx) { return putOverride(s, *fs, ctx, true); });

    // OpenFeature Remote Evaluation Protocol (tenant token as bearer).
    router.add("POST", QStringLiteral("/ofrep/v1/evaluate/flags/{key}"), Access::tenant(), [fs](http::RequestContext &ctx) {
        const QString key = ctx.request.param(0);
        const auto parsed = ofrepContext(ctx.request, key);
        if (const auto *error = std::get_if<http::Response>(&parsed))
            return *error;
        const auto snap = fs->snapshot();
        const flags::Context fc = tenantContext(*snap, ctx, std::get<QString>(parsed));
        const Evaluation e = snap->evaluate(key, fc);
        if (e.error == flags::ErrorCode::FlagNotFound)
            return ofrepError(404, key, QStringLiteral("FLAG_NOT_FOUND"), ofrepErrorDetails(e.error, key));
        if (e.error != flags::ErrorCode::None)
            return ofrepError(400, key, flags::toString(e.error), ofrepErrorDetails(e.error, key));
        return Response::json(ofrepSuccess(*snap->find(key), e, fc));
    });

    router.add("POST", QStringLiteral("/ofrep/v1/evaluate/flags"), Access::tenant(), [fs](http::RequestContext &ctx) {
        const auto parsed = ofrepContext(ctx.request, {});
        if (const auto *error = std::get_if<http::Response>(&parsed))
            return *error;
        const auto snap = fs->snapshot();
        const flags::Context fc = tenantContext(*snap, ctx, std::get<QString>(parsed));
        QJsonArray items;
        for (int i = 0; i < int(snap->flags().size()); ++i) {
            const Flag &f = snap->flags()[size_t(i)];
            const Evaluation e = snap->evaluate(i, fc);
            if (e.error != flags::ErrorCode::None)
                items.append(QJsonObject{{QStringLiteral("key"), f.key}, {QStringLiteral("errorCode"), flags::toString(e.error)},
                                         {QStringLiteral("errorDetails"), ofrepErrorDetails(e.error, f.key)}});
            else
                items.append(ofrepSuccess(f, e, fc));
        }
        return withEtag(ctx.request, QJsonDocument(QJsonObject{{QStringLiteral("flags"), items}}).toJson(QJsonDocument::Compact));
    });
}

} // namespace portico
