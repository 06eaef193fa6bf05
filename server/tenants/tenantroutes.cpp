// Operator routes over tenants: list, provision, read, change, issue and revoke tenant tokens.
#include "core/timeutil.h"
#include "server/audit/auditlog.h"
#include "server/auth/crypto.h"
#include "server/auth/tokenstore.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/http/routing.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/store/tenantsession.h"
#include "server/flags/flagservice.h"
#include "server/tenants/provisioner.h"
#include "server/tenants/tenantrepository.h"
#include <QJsonArray>
#include <QJsonDocument>

namespace portico {
namespace {

template<typename E>
E enumField(const QJsonObject &o, const QString &name, E fallback, std::optional<E> (*parse)(const QString &), const QStringList &allowed)
{
    const QString s = http::stringField(o, name, false);
    if (s.isNull())
        return fallback;
    const auto v = parse(s);
    if (!v)
        failValidation(name, QStringLiteral("%1 must be one of: %2.").arg(name, allowed.join(QStringLiteral(", "))));
    return *v;
}

http::Response createTenant(Services &s, http::RequestContext &ctx)
{
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("name"), QStringLiteral("slug"), QStringLiteral("plan"), QStringLiteral("state"),
                                     QStringLiteral("region"), QStringLiteral("isolation"), QStringLiteral("admin_email"),
                                     QStringLiteral("admin_name")});
    tenants::NewTenant n;
    n.name = http::stringField(body, QStringLiteral("name"), true);
    n.slug = http::stringField(body, QStringLiteral("slug"), false);
    n.plan = enumField(body, QStringLiteral("plan"), Plan::Free, &parsePlan, allPlans());
    n.state = enumField(body, QStringLiteral("state"), TenantState::Trial, &parseTenantState, allTenantStates());
    n.isolation = enumField(body, QStringLiteral("isolation"), IsolationModel::Shared, &parseIsolationModel, allIsolationModels());
    n.region = http::stringField(body, QStringLiteral("region"), false, s.db.home().region);
    n.adminEmail = http::stringField(body, QStringLiteral("admin_email"), true);
    n.adminName = http::stringField(body, QStringLiteral("admin_name"), false);

    const QString reason = http::requestReason(ctx.request);
    const QString key = QString::fromUtf8(ctx.request.header("idempotency-key"));
    if (key.size() > 200)
        failValidation(QStringLiteral("Idempotency-Key"), QStringLiteral("Idempotency-Key may be at most 200 characters."));
    const QByteArray requestHash = auth::sha256(QJsonDocument(body).toJson(QJsonDocument::Compact));
    auto lease = s.db.control();
    auto &c = *lease;
    const auto replay = [&]() -> std::optional<http::Response> {
        const auto stored = tenants::TenantRepository(c).findIdempotent(ctx.principal.operatorId, key);
        if (!stored)
            return std::nullopt;
        if (stored->requestHash != requestHash)
            fail([] {
                Problem p = Problem::make(422, problem::IdempotencyMismatch,
                                          QStringLiteral("This Idempotency-Key was used with a different request body. Use a new key for a new request."));
                p.field = QStringLiteral("Idempotency-Key");
                return p;
            }());
        http::Response resp = http::Response::json(stored->status, stored->response);
        resp.withHeader("Idempotent-Replayed", "true")
            .withHeader("Location", "/v1/tenants/" + stored->response.value(QStringLiteral("id")).toString().toLatin1());
        return resp;
    };
    if (!key.isEmpty())
        if (auto previous = replay())
            return *previous;

    const tenants::Provisioner provisioner(s.db);
    try {
        const auto provisioned = provisioner.provision(n, [&](store::PgConnection &control, const Tenant &t) {
            if (!key.isEmpty())
                tenants::TenantRepository(control).recordIdempotent(ctx.principal.operatorId, key, {requestHash, 201, t.toJson()});
            audit::appendAudit(control, {ctx.principal.actorLabel(), QStringLiteral("tenant.created"), t.id, QStringLiteral("tenant/") + idToString(t.id), reason,
                                         {{QStringLiteral("slug"), t.slug}, {QStringLiteral("name"), t.name}, {QStringLiteral("plan"), toString(t.plan)},
                                          {QStringLiteral("state"), toString(t.state)}, {QStringLiteral("region"), t.region},
                                          {QStringLiteral("isolation"), toString(t.placement.model)}}});
        });
        return http::Response::encodedJson(encodeTenant(provisioned.tenant), 201).withHeader("Location", "/v1/tenants/" + idToString(provisioned.tenant.id).toLatin1());
    } catch (const store::PgError &e) {
        // A concurrent request with the same key won the race; answer as it did.
        if (key.isEmpty() || !e.isUniqueViolation())
            throw;
        if (auto previous = replay())
            return *previous;
        throw;
    } catch (const ProblemException &e) {
        // The twin may also have taken the slug first: then its stored answer is ours too.
        if (key.isEmpty() || e.problem().status != 409)
            throw;
        if (auto previous = replay())
            return *previous;
        throw;
    }
}

http::Response patchTenant(Services &s, http::RequestContext &ctx)
{
    const QJsonObject body = http::jsonBody(ctx.request);
    for (const char *immutable : {"region", "isolation"})
        if (body.contains(QLatin1String(immutable)))
            failValidation(QString::fromLatin1(immutable),
                           QStringLiteral("%1 changes by moving the tenant's data; start a migration job instead.").arg(QLatin1String(immutable)));
    http::rejectUnknownFields(body, {QStringLiteral("name"), QStringLiteral("state"), QStringLiteral("plan")});
    for (auto it = body.begin(); it != body.end(); ++it)
        if (it.value().isNull())
            failValidation(it.key(), QStringLiteral("'%1' cannot be null; leave it out to keep the current value.").arg(it.key()));
    if (body.isEmpty())
        failValidation(QStringLiteral("body"), QStringLiteral("Give at least one of name, state, plan."));
    const QString reason = http::requestReason(ctx.request);
    auto lease = s.db.control();
    auto &c = *lease;
    store::PgTransaction tx(c);
    Tenant t = tenants::requireTenant(c, ctx.request.param(0));
    const Tenant before = t;
    if (body.contains(QStringLiteral("name"))) {
        t.name = http::stringField(body, QStringLiteral("name"), true).simplified();
        if (t.name.isEmpty() || t.name.size() > 200)
            failValidation(QStringLiteral("name"), QStringLiteral("name must be 1 to 200 characters."));
    }
    t.state = enumField(body, QStringLiteral("state"), t.state, &parseTenantState, allTenantStates());
    t.plan = enumField(body, QStringLiteral("plan"), t.plan, &parsePlan, allPlans());
    QJsonObject was, now;
    const auto compare = [&](const QString &field, const QString &a, const QString &b) {
        if (a != b) {
            was.insert(field, a);
            now.insert(field, b);
        }
    };
    compare(QStringLiteral("name"), before.name, t.name);
    compare(QStringLiteral("state"), toString(before.state), toString(t.state));
    compare(QStringLiteral("plan"), toString(before.plan), toString(t.plan));
    tenants::TenantRepository(c).update(t);
    if (!now.isEmpty())
        audit::appendAudit(c, {ctx.principal.actorLabel(), QStringLiteral("tenant.updated"), t.id, QStringLiteral("tenant/") + idToString(t.id), reason,
                               {{QStringLiteral("before"), was}, {QStringLiteral("after"), now}}});
    tx.commit();
    s.tokens.forgetTenant(t.id); // a suspension must bite on the next request, not after the cache ages
    if (before.plan != t.plan && s.flags) {
        // Plan entitlements follow the plan on the very next evaluation here (read-your-writes, as
        // flag writes do); other instances reload on the NOTIFY of the tenants trigger.
        try {
            s.flags->reload();
        } catch (const std::exception &e) {
            spdlog::warn("flag snapshot reload after a plan change failed (the notification reloads it): {}", e.what());
        }
    }
    auto updated = tenants::TenantRepository(c).findById(t.id);
    return http::Response::encodedJson(encodeTenant(*updated));
}

http::Response createToken(Services &s, http::RequestContext &ctx)
{
    const QJsonObject body = ctx.request.body.trimmed().isEmpty() ? QJsonObject{} : http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("label"), QStringLiteral("member_id"), QStringLiteral("expires_in_days")});
    const QString label = http::stringField(body, QStringLiteral("label"), false);
    if (label.size() > 100)
        failValidation(QStringLiteral("label"), QStringLiteral("label may be at most 100 characters."));
    const auto days = http::integerField(body, QStringLiteral("expires_in_days"), 1, 3650);
    QUuid memberId;
    if (const QString m = http::stringField(body, QStringLiteral("member_id"), false); !m.isNull()) {
        memberId = parseId(m);
        if (memberId.isNull())
            failValidation(QStringLiteral("member_id"), QStringLiteral("member_id must be a member's id."));
    }
    const QString reason = http::requestReason(ctx.request);
    auto lease = s.db.control();
    auto &c = *lease;
    const Tenant t = tenants::requireTenant(c, ctx.request.param(0));
    if (!memberId.isNull()) {
        if (!tenants::findMember(s.db, {t.id, t.placement}, memberId))
            failValidation(QStringLiteral("member_id"), QStringLiteral("This tenant has no member with that id."));
    }
    store::PgTransaction tx(c);
    const auto issued = s.tokens.issueTenantToken(c, t.id, memberId, label, days ? std::optional<int>(int(*days)) : std::nullopt);
    audit::appendAudit(c, {ctx.principal.actorLabel(), QStringLiteral("token.issued"), t.id, QStringLiteral("token/") + idToString(issued.id), reason,
                           {{QStringLiteral("token_id"), idToString(issued.id)},
                            {QStringLiteral("label"), label},
                            {QStringLiteral("member_id"), memberId.isNull() ? QJsonValue() : QJsonValue(idToString(memberId))},
                            {QStringLiteral("expires_at"), issued.expiresAt.isValid() ? QJsonValue(toIsoUtc(issued.expiresAt)) : QJsonValue()}}});
    tx.commit();
    return http::Response::json(201, QJsonObject{{QStringLiteral("id"), idToString(issued.id)},
                                                 {QStringLiteral("token"), issued.secret},
                                                 {QStringLiteral("tenant_id"), idToString(t.id)},
                                                 {QStringLiteral("member_id"), memberId.isNull() ? QJsonValue() : QJsonValue(idToString(memberId))},
                                                 {QStringLiteral("label"), label},
                                                 {QStringLiteral("expires_at"), issued.expiresAt.isValid() ? QJsonValue(toIsoUtc(issued.expiresAt)) : QJsonValue()}});
}

} // namespace

void registerTenantRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;

    router.add("GET", QStringLiteral("/v1/tenants"), Access::operators(), [&s](http::RequestContext &ctx) {
        const auto parsed = TenantListQuery::fromUrlQuery(ctx.request.query);
        if (const auto *p = std::get_if<Problem>(&parsed))
            fail(*p);
        auto lease = s.db.control();
        tenants::TenantRepository repo(*lease);
        // Read before the page is built: a page is kept under the version it is at least as new as.
        const qint64 version = repo.listVersion();
        const QString key = ctx.request.query.query(QUrl::FullyEncoded);
        // A client asking for no-cache gets the page built again (it would be the same bytes; the
        // bench measures the building this way).
        const bool fresh = ctx.request.header("cache-control").contains("no-cache");
        if (auto kept = fresh ? std::nullopt : s.tenantPages.find(key, version))
            return Response::encodedJson(std::move(*kept));
        const auto page = repo.list(std::get<TenantListQuery>(parsed), s.tenantTotalExactUpTo);
        QByteArray body = encodeTenantPage(page.items, page.nextCursor, page.total, page.totalIsEstimate);
        s.tenantPages.put(key, version, body);
        return Response::encodedJson(std::move(body));
    });

    router.add("POST", QStringLiteral("/v1/tenants"), Access::writers(),
               [&s](http::RequestContext &ctx) { return createTenant(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}"), Access::operators(), [&s](http::RequestContext &ctx) {
        Tenant t = tenants::requireTenant(*s.db.control(), ctx.request.param(0));
        t.stats = tenants::statsOf(s.db, {t.id, t.placement});
        return Response::encodedJson(encodeTenant(t));
    });

    router.add("PATCH", QStringLiteral("/v1/tenants/{id}"), Access::writers(),
               [&s](http::RequestContext &ctx) { return patchTenant(s, ctx); });

    router.add("POST", QStringLiteral("/v1/tenants/{id}/tokens"), Access::writers(),
               [&s](http::RequestContext &ctx) { return createToken(s, ctx); });

    router.add("DELETE", QStringLiteral("/v1/tenants/{id}/tokens/{token}"), Access::writers(), [&s](http::RequestContext &ctx) {
        const QString reason = http::requestReason(ctx.request);
        auto lease = s.db.control();
        auto &c = *lease;
        const Tenant t = tenants::requireTenant(c, ctx.request.param(0));
        const QUuid tokenId = parseId(ctx.request.param(1));
        store::PgTransaction tx(c);
        if (tokenId.isNull() || !s.tokens.revoke(c, tokenId, t.id))
            failNotFound(QStringLiteral("This tenant has no active token with that id."));
        audit::appendAudit(c, {ctx.principal.actorLabel(), QStringLiteral("token.revoked"), t.id, QStringLiteral("token/") + idToString(tokenId), reason,
                               {{QStringLiteral("token_id"), idToString(tokenId)}}});
        tx.commit();
        s.tokens.clearCache(); // again, now that the revocation is visible to other connections
        return Response::noContent();
    });
}

} // namespace portico
