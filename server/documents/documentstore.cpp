#include "server/documents/documentstore.h"
#include "core/cursor.h"
#include "server/jsontext.h"
#include "server/problems.h"
#include <QUrlQuery>
#include <algorithm>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace portico::documents {
namespace {

// tenant_id is returned so the session's monitor can check every row's owner. Reads take the
// one-round-trip path (TenantSession::once); writes keep an explicit transaction, so the monitor
// can still roll back a write that touched a row of another tenant before it commits.
const QString kColumns = QStringLiteral("tenant_id, id, collection, key, body, size_bytes, version, created_at, updated_at");

// The result's column numbers, looked up once per result rather than per row and field.
struct DocumentColumns
{
    explicit DocumentColumns(const store::PgResult &r)
        : id(r.column("id")), collection(r.column("collection")), key(r.column("key")), body(r.column("body")),
          sizeBytes(r.column("size_bytes")), version(r.column("version")), createdAt(r.column("created_at")),
          updatedAt(r.column("updated_at"))
    {
    }
    int id, collection, key, body, sizeBytes, version, createdAt, updatedAt;
};

Document fromRow(const store::PgResult &r, int row, const DocumentColumns &c)
{
    Document d;
    d.id = r.uuid(row, c.id);
    d.collection = r.text(row, c.collection);
    d.key = r.text(row, c.key);
    d.bodyText = r.bytes(row, c.body); // passed through as stored, never parsed
    d.sizeBytes = r.integer(row, c.sizeBytes);
    d.version = int(r.integer(row, c.version));
    d.createdAt = r.timestamp(row, c.createdAt);
    d.updatedAt = r.timestamp(row, c.updatedAt);
    return d;
}

Document fromRow(const store::PgResult &r, int row) { return fromRow(r, row, DocumentColumns(r)); }

QString cacheKey(const QUuid &id) { return QStringLiteral("doc:") + idToString(id); }

} // namespace

DocumentQuery parseDocumentQuery(const QUrlQuery &q)
{
    DocumentQuery out;
    QStringList seen;
    for (const auto &[key, value] : q.queryItems(QUrl::FullyDecoded)) {
        if (key != QLatin1String("collection") && key != QLatin1String("limit") && key != QLatin1String("cursor"))
            failValidation(key, QStringLiteral("Unknown query parameter '%1'. Known: collection, limit, cursor.").arg(key));
        if (seen.contains(key))
            failValidation(key, QStringLiteral("Query parameter '%1' is given more than once.").arg(key));
        seen << key;
        if (key == QLatin1String("limit")) {
            bool ok = false;
            out.limit = value.toInt(&ok);
            if (!ok || out.limit < 1 || out.limit > 500)
                failValidation(key, QStringLiteral("limit must be a whole number from 1 to 500."));
        } else if (key == QLatin1String("collection") && !value.isEmpty()) {
            if (auto p = validateCollection(value))
                fail(*p);
            out.collection = value;
        } else if (key == QLatin1String("cursor")) {
            out.cursor = value;
        }
    }
    return out;
}

QByteArray encodeDocumentBody(const QJsonObject &request)
{
    if (!request.contains(QStringLiteral("body")))
        failValidation(QStringLiteral("body"), QStringLiteral("'body' is required: any JSON value."));
    const QByteArray text = compactJson(request.value(QStringLiteral("body")));
    if (text.contains("\\u0000"))
        failValidation(QStringLiteral("body"), QStringLiteral("JSON stored by Portico cannot contain the NUL character (\\u0000)."));
    if (text.size() > Document::kMaxBodyBytes) {
        Problem p = Problem::make(413, problem::PayloadTooLarge,
                                  QStringLiteral("The document body is %1 bytes; the limit is %2.").arg(text.size()).arg(Document::kMaxBodyBytes));
        p.field = QStringLiteral("body");
        fail(p);
    }
    return text;
}

DocumentPage DocumentStore::list(const store::TenantScope &scope, const DocumentQuery &query)
{
    std::vector<store::PgParam> params;
    QStringList where;
    if (!query.collection.isEmpty()) {
        params.emplace_back(query.collection);
        where << QStringLiteral("collection = $%1").arg(params.size());
    }
    if (!query.cursor.isEmpty()) {
        const auto key = CursorKey::decode(u"documents", query.cursor, 2);
        const auto collection = key ? key->text(0) : std::nullopt;
        const auto docKey = key ? key->text(1) : std::nullopt;
        if (!collection || !docKey)
            fail(invalidCursorProblem());
        params.emplace_back(*collection);
        params.emplace_back(*docKey);
        where << QStringLiteral("(collection, key) > ($%1, $%2)").arg(params.size() - 1).arg(params.size());
    }
    params.emplace_back(query.limit + 1);
    const QString sql = QStringLiteral("SELECT %1 FROM documents %2 ORDER BY collection, key LIMIT $%3")
                            .arg(kColumns, where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")))
                            .arg(params.size());
    const auto r = store::TenantSession::once(m_db, scope, sql, params);
    DocumentPage page;
    const DocumentColumns columns(r);
    page.items.reserve(std::min(r.rows(), query.limit));
    for (int i = 0; i < r.rows() && i < query.limit; ++i)
        page.items << fromRow(r, i, columns);
    if (r.rows() > query.limit)
        page.nextCursor = encodeCursor(u"documents", {page.items.last().collection, page.items.last().key});
    return page;
}

std::optional<QByteArray> DocumentStore::getJson(const store::TenantScope &scope, const QUuid &id)
{
    const QString key = cacheKey(id);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // The cache holds the encoded answer, so a hit is served without parsing or writing JSON.
    if (const auto cached = m_cache.get(scope.tenantId, key, now))
        return *cached;
    const quint64 epoch = m_cache.epoch(scope.tenantId); // before the read: a write meanwhile voids it
    const auto r = store::TenantSession::once(m_db, scope, QStringLiteral("SELECT %1 FROM documents WHERE id = $1").arg(kColumns), {id});
    if (r.rows() != 1)
        return std::nullopt;
    QByteArray json = encodeDocument(fromRow(r, 0));
    m_cache.putIfUnchanged(scope.tenantId, key, json, now, epoch);
    return json;
}

Document DocumentStore::create(const store::TenantScope &scope, const QString &collection, const QString &key, const QByteArray &body)
{
    try {
        store::TenantSession session(m_db, scope);
        const auto r = session.exec(QStringLiteral("INSERT INTO documents (tenant_id, id, collection, key, body, size_bytes) "
                                                   "VALUES (public.portico_current_tenant(), $1, $2, $3, $4::jsonb, $5) RETURNING ") + kColumns,
                                    {QUuid::createUuid(), collection, key, body, int(body.size())});
        session.commit();
        return fromRow(r, 0);
    } catch (const store::PgError &e) {
        if (!e.isUniqueViolation())
            throw;
        Problem p = Problem::make(409, problem::Conflict, QStringLiteral("A document with key '%1' exists in collection '%2'.").arg(key, collection));
        p.field = QStringLiteral("key");
        fail(p);
    }
}

std::optional<Document> DocumentStore::replace(const store::TenantScope &scope, const QUuid &id, const QByteArray &body)
{
    store::TenantSession session(m_db, scope);
    const auto r = session.exec(QStringLiteral("UPDATE documents SET body = $2::jsonb, size_bytes = $3, version = version + 1, "
                                               "updated_at = now() WHERE id = $1 RETURNING %1").arg(kColumns),
                                {id, body, int(body.size())});
    session.commit();
    m_cache.remove(scope.tenantId, cacheKey(id));
    return r.rows() == 1 ? std::optional(fromRow(r, 0)) : std::nullopt;
}

bool DocumentStore::remove(const store::TenantScope &scope, const QUuid &id)
{
    store::TenantSession session(m_db, scope);
    const auto r = session.exec(QStringLiteral("DELETE FROM documents WHERE id = $1 RETURNING tenant_id"), {id});
    session.commit();
    m_cache.remove(scope.tenantId, cacheKey(id));
    return r.affectedRows() == 1;
}

} // namespace portico::documents
