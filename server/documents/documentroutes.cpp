// The tenant API's documents. Every query runs inside a TenantSession: no statement here names
// a tenant; row-level security supplies it from the session's context.
#include "core/cursor.h"
#include "core/document.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/services.h"
#include "server/store/tenantsession.h"
#include <QJsonArray>
#include <QJsonDocument>

namespace portico {
namespace {

// tenant_id is returned so the session's monitor can check every row's owner.
const QString kColumns = QStringLiteral("tenant_id, id, collection, key, body, size_bytes, version, created_at, updated_at");

Document fromRow(const store::PgResult &r, int row)
{
    Document d;
    d.id = r.uuid(row, "id");
    d.collection = r.text(row, "collection");
    d.key = r.text(row, "key");
    d.body = r.json(row, r.column("body"));
    d.sizeBytes = r.integer(row, "size_bytes");
    d.version = int(r.integer(row, "version"));
    d.createdAt = r.timestamp(row, "created_at");
    d.updatedAt = r.timestamp(row, "updated_at");
    return d;
}

store::TenantScope scopeOf(const http::RequestContext &ctx) { return {ctx.principal.tenantId, ctx.principal.placement}; }

QUuid documentId(const http::RequestContext &ctx)
{
    const QUuid id = QUuid::fromString(ctx.request.param(0));
    if (id.isNull())
        http::failNotFound(QStringLiteral("No document has the id '%1'.").arg(ctx.request.param(0)));
    return id;
}

// The body as stored: compact JSON text, and its size, checked against the document limit.
QByteArray encodedBody(const QJsonObject &request)
{
    if (!request.contains(QStringLiteral("body")) || request.value(QStringLiteral("body")).isUndefined())
        http::failValidation(QStringLiteral("body"), QStringLiteral("'body' is required: any JSON value."));
    const QByteArray text = QJsonDocument(QJsonArray{request.value(QStringLiteral("body"))}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    if (text.contains("\\u0000"))
        http::failValidation(QStringLiteral("body"), QStringLiteral("JSON stored by Portico cannot contain the NUL character (\\u0000)."));
    if (text.size() > Document::kMaxBodyBytes)
        http::fail([&] {
            Problem p = Problem::make(413, problem::PayloadTooLarge, QStringLiteral("The document body is %1 bytes; the limit is %2.").arg(text.size()).arg(Document::kMaxBodyBytes));
            p.field = QStringLiteral("body");
            return p;
        }());
    return text;
}

http::Response listDocuments(Services &s, http::RequestContext &ctx)
{
    const QUrlQuery &q = ctx.request.query;
    QStringList seen;
    for (const auto &[key, value] : q.queryItems()) {
        if (key != QLatin1String("collection") && key != QLatin1String("limit") && key != QLatin1String("cursor"))
            http::failValidation(key, QStringLiteral("Unknown query parameter '%1'. Known: collection, limit, cursor.").arg(key));
        if (seen.contains(key))
            http::failValidation(key, QStringLiteral("Query parameter '%1' is given more than once.").arg(key));
        seen << key;
    }
    int limit = 50;
    if (q.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = q.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 500)
            http::failValidation(QStringLiteral("limit"), QStringLiteral("limit must be a whole number from 1 to 500."));
    }
    std::vector<store::PgParam> params;
    QStringList where;
    const QString collection = q.queryItemValue(QStringLiteral("collection"), QUrl::FullyDecoded);
    if (!collection.isEmpty()) {
        if (auto p = validateCollection(collection))
            http::fail(*p);
        params.emplace_back(collection);
        where << QStringLiteral("collection = $%1").arg(params.size());
    }
    if (const QString cursor = q.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded); !cursor.isEmpty()) {
        const auto key = decodeCursor(cursor);
        if (!key || key->size() != 2)
            http::failValidation(QStringLiteral("cursor"), QStringLiteral("The cursor is not valid; start again without it."));
        params.emplace_back(key->at(0).toString());
        params.emplace_back(key->at(1).toString());
        where << QStringLiteral("(collection, key) > ($%1, $%2)").arg(params.size() - 1).arg(params.size());
    }
    params.emplace_back(limit + 1);
    const QString sql = QStringLiteral("SELECT %1 FROM documents %2 ORDER BY collection, key LIMIT $%3")
                            .arg(kColumns, where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")))
                            .arg(params.size());
    store::TenantSession session(s.db, scopeOf(ctx));
    const auto r = session.exec(sql, params);
    session.commit();
    QJsonArray items;
    for (int i = 0; i < r.rows() && i < limit; ++i)
        items.append(fromRow(r, i).toJson());
    QJsonValue next;
    if (r.rows() > limit)
        next = encodeCursor({r.text(limit - 1, "collection"), r.text(limit - 1, "key")});
    return http::Response::json(QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("next_cursor"), next}});
}

http::Response createDocument(Services &s, http::RequestContext &ctx)
{
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("collection"), QStringLiteral("key"), QStringLiteral("body")});
    const QString collection = http::stringField(body, QStringLiteral("collection"), true);
    const QString key = http::stringField(body, QStringLiteral("key"), true);
    if (auto p = validateCollection(collection))
        http::fail(*p);
    if (auto p = validateDocumentKey(key))
        http::fail(*p);
    const QByteArray text = encodedBody(body);
    store::TenantSession session(s.db, scopeOf(ctx));
    try {
        const auto r = session.exec(QStringLiteral("INSERT INTO documents (tenant_id, id, collection, key, body, size_bytes) "
                                                   "VALUES (public.portico_current_tenant(), $1, $2, $3, $4::jsonb, $5) RETURNING ") + kColumns,
                                    {QUuid::createUuid(), collection, key, text, int(text.size())});
        session.commit();
        const Document d = fromRow(r, 0);
        return http::Response::json(201, d.toJson()).withHeader("Location", "/v1/documents/" + idToString(d.id).toLatin1());
    } catch (const store::PgError &e) {
        if (!e.isUniqueViolation())
            throw;
        Problem p = Problem::make(409, problem::Conflict, QStringLiteral("A document with key '%1' exists in collection '%2'.").arg(key, collection));
        p.field = QStringLiteral("key");
        http::fail(p);
    }
}

} // namespace

void registerDocumentRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;

    router.add("GET", QStringLiteral("/v1/documents"), Access::tenant(), [&s](http::RequestContext &ctx) { return listDocuments(s, ctx); });
    router.add("POST", QStringLiteral("/v1/documents"), Access::tenant(), [&s](http::RequestContext &ctx) { return createDocument(s, ctx); });

    router.add("GET", QStringLiteral("/v1/documents/{id}"), Access::tenant(), [&s](http::RequestContext &ctx) {
        const QUuid id = documentId(ctx);
        store::TenantSession session(s.db, scopeOf(ctx));
        const auto r = session.exec(QStringLiteral("SELECT %1 FROM documents WHERE id = $1").arg(kColumns), {id});
        session.commit();
        if (r.rows() != 1)
            http::failNotFound(QStringLiteral("No document has the id '%1'.").arg(idToString(id)));
        return Response::json(fromRow(r, 0).toJson());
    });

    router.add("PUT", QStringLiteral("/v1/documents/{id}"), Access::tenant(), [&s](http::RequestContext &ctx) {
        const QUuid id = documentId(ctx);
        const QJsonObject body = http::jsonBody(ctx.request);
        http::rejectUnknownFields(body, {QStringLiteral("body")});
        const QByteArray text = encodedBody(body);
        store::TenantSession session(s.db, scopeOf(ctx));
        const auto r = session.exec(QStringLiteral("UPDATE documents SET body = $2::jsonb, size_bytes = $3, version = version + 1, "
                                                   "updated_at = now() WHERE id = $1 RETURNING %1").arg(kColumns),
                                    {id, text, int(text.size())});
        session.commit();
        if (r.rows() != 1)
            http::failNotFound(QStringLiteral("No document has the id '%1'.").arg(idToString(id)));
        return Response::json(fromRow(r, 0).toJson());
    });

    router.add("DELETE", QStringLiteral("/v1/documents/{id}"), Access::tenant(), [&s](http::RequestContext &ctx) {
        const QUuid id = documentId(ctx);
        store::TenantSession session(s.db, scopeOf(ctx));
        const auto r = session.exec(QStringLiteral("DELETE FROM documents WHERE id = $1"), {id});
        session.commit();
        if (r.affectedRows() != 1)
            http::failNotFound(QStringLiteral("No document has the id '%1'.").arg(idToString(id)));
        return Response::noContent();
    });
}

} // namespace portico
