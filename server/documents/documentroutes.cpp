// The tenant API's documents, and the operators' explicit, audited routes into a tenant's
// documents. Operators have no other way to tenant data: each call needs a reason
// (X-Portico-Reason) and a role allowed to do it, and leaves one audit entry on the tenant's chain.
#include "server/audit/auditlog.h"
#include "server/documents/documentstore.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/http/routing.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/tenants/tenantrepository.h"
#include <QJsonArray>

namespace portico {
namespace {

QUuid documentId(const QString &text)
{
    const QUuid id = parseId(text);
    if (id.isNull())
        failNotFound(QStringLiteral("No document has the id '%1'.").arg(text));
    return id;
}

http::Response pageResponse(const documents::DocumentPage &page)
{
    return http::Response::encodedJson(encodeDocumentPage(page.items, page.nextCursor));
}

// The tenant an operator names, and the reason the operator gives for reaching into its data.
struct OperatorAccess
{
    Tenant tenant;
    QString reason;
};

OperatorAccess operatorAccess(Services &s, http::RequestContext &ctx)
{
    const QString reason = http::requestReason(ctx.request).trimmed();
    if (reason.isEmpty())
        failValidation(QStringLiteral("X-Portico-Reason"),
                       QStringLiteral("Reaching into a tenant's data needs a reason: send it in the X-Portico-Reason header (a ticket number and a few words)."));
    return {tenants::requireTenant(*s.db.control(), ctx.request.param(0)), reason};
}

void auditAccess(Services &s, const http::RequestContext &ctx, const OperatorAccess &access, const QString &action, const QJsonObject &touched)
{
    QJsonObject details = touched;
    details.insert(QStringLiteral("route"), QString::fromLatin1(ctx.request.method) + QLatin1Char(' ') + ctx.request.path);
    details.insert(QStringLiteral("request_id"), ctx.request.requestId);
    audit::appendAudit(*s.db.control(), {ctx.principal.actorLabel(), action, access.tenant.id,
                                         QStringLiteral("tenant/") + idToString(access.tenant.id), access.reason, details});
}

} // namespace

void registerDocumentRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;

    router.add("GET", QStringLiteral("/v1/documents"), Access::tenant(), [&s](http::RequestContext &ctx) {
        return pageResponse(documents::DocumentStore(s.db, s.cache).list(http::tenantScope(ctx), documents::parseDocumentQuery(ctx.request.query)));
    });

    router.add("POST", QStringLiteral("/v1/documents"), Access::tenant(), [&s](http::RequestContext &ctx) {
        const QJsonObject body = http::jsonBody(ctx.request);
        http::rejectUnknownFields(body, {QStringLiteral("collection"), QStringLiteral("key"), QStringLiteral("body")});
        const QString collection = http::stringField(body, QStringLiteral("collection"), true);
        const QString key = http::stringField(body, QStringLiteral("key"), true);
        if (auto p = validateCollection(collection))
            fail(*p);
        if (auto p = validateDocumentKey(key))
            fail(*p);
        const Document d = documents::DocumentStore(s.db, s.cache).create(http::tenantScope(ctx), collection, key, documents::encodeDocumentBody(body));
        return Response::encodedJson(encodeDocument(d), 201).withHeader("Location", "/v1/documents/" + idToString(d.id).toLatin1());
    });

    router.add("GET", QStringLiteral("/v1/documents/{id}"), Access::tenant(), [&s](http::RequestContext &ctx) {
        const QUuid id = documentId(ctx.request.param(0));
        auto json = documents::DocumentStore(s.db, s.cache).getJson(http::tenantScope(ctx), id);
        if (!json)
            failNotFound(QStringLiteral("No document has the id '%1'.").arg(idToString(id)));
        return Response::encodedJson(std::move(*json));
    });

    router.add("PUT", QStringLiteral("/v1/documents/{id}"), Access::tenant(), [&s](http::RequestContext &ctx) {
        const QUuid id = documentId(ctx.request.param(0));
        const QJsonObject body = http::jsonBody(ctx.request);
        http::rejectUnknownFields(body, {QStringLiteral("body")});
        const auto d = documents::DocumentStore(s.db, s.cache).replace(http::tenantScope(ctx), id, documents::encodeDocumentBody(body));
        if (!d)
            failNotFound(QStringLiteral("No document has the id '%1'.").arg(idToString(id)));
        return Response::encodedJson(encodeDocument(*d));
    });

    router.add("DELETE", QStringLiteral("/v1/documents/{id}"), Access::tenant(), [&s](http::RequestContext &ctx) {
        const QUuid id = documentId(ctx.request.param(0));
        if (!documents::DocumentStore(s.db, s.cache).remove(http::tenantScope(ctx), id))
            failNotFound(QStringLiteral("No document has the id '%1'.").arg(idToString(id)));
        return Response::noContent();
    });

    // Operators' explicit path into one tenant's documents.

    router.add("GET", QStringLiteral("/v1/tenants/{id}/documents"), Access::writers(), [&s](http::RequestContext &ctx) {
        const OperatorAccess access = operatorAccess(s, ctx);
        const auto query = documents::parseDocumentQuery(ctx.request.query);
        const auto page = documents::DocumentStore(s.db, s.cache).list({access.tenant.id, access.tenant.placement}, query);
        QJsonArray ids;
        for (const Document &d : page.items)
            ids.append(idToString(d.id));
        auditAccess(s, ctx, access, QStringLiteral("operator.documents_read"), {{QStringLiteral("documents"), ids}});
        return pageResponse(page);
    });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/documents/{doc}"), Access::writers(), [&s](http::RequestContext &ctx) {
        const OperatorAccess access = operatorAccess(s, ctx);
        const QUuid id = documentId(ctx.request.param(1));
        auto json = documents::DocumentStore(s.db, s.cache).getJson({access.tenant.id, access.tenant.placement}, id);
        auditAccess(s, ctx, access, QStringLiteral("operator.documents_read"),
                    {{QStringLiteral("documents"), json ? QJsonArray{idToString(id)} : QJsonArray{}}});
        if (!json)
            failNotFound(QStringLiteral("Tenant %1 has no document with the id '%2'.").arg(access.tenant.slug, idToString(id)));
        return Response::encodedJson(std::move(*json));
    });

    router.add("DELETE", QStringLiteral("/v1/tenants/{id}/documents/{doc}"), Access::admins(), [&s](http::RequestContext &ctx) {
        const OperatorAccess access = operatorAccess(s, ctx);
        const QUuid id = documentId(ctx.request.param(1));
        // The entry is written before the delete: a destructive action never happens unrecorded,
        // even if the server fails between the two (they live in different databases).
        auditAccess(s, ctx, access, QStringLiteral("operator.document_delete"), {{QStringLiteral("documents"), QJsonArray{idToString(id)}}});
        const bool removed = documents::DocumentStore(s.db, s.cache).remove({access.tenant.id, access.tenant.placement}, id);
        if (!removed)
            failNotFound(QStringLiteral("Tenant %1 has no document with the id '%2'.").arg(access.tenant.slug, idToString(id)));
        return Response::noContent();
    });
}

} // namespace portico
