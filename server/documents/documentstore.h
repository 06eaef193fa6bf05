#pragma once
// Documents of one tenant, reached only through a TenantSession: no statement here names a
// tenant; row-level security (and, for schema and database placements, the placement itself)
// supplies it from the session's context. Used by the tenant API and by the operators' audited
// cross-tenant routes alike.

#include "core/document.h"
#include "core/tenantcache.h"
#include "server/store/tenantsession.h"
#include <QList>
#include <optional>

namespace portico::documents {

struct DocumentQuery
{
    QString collection; // empty: every collection
    int limit = 50;
    QString cursor;
};

struct DocumentPage
{
    QList<Document> items;
    QString nextCursor;
};

// Parses the list parameters of GET .../documents; throws ProblemException naming the parameter.
DocumentQuery parseDocumentQuery(const QUrlQuery &query);
// The body as stored (compact JSON) after the size and content checks; throws ProblemException.
QByteArray encodeDocumentBody(const QJsonObject &request);

class DocumentStore
{
public:
    DocumentStore(store::Database &db, TenantCache &cache) : m_db(db), m_cache(cache) {}
    DocumentPage list(const store::TenantScope &scope, const DocumentQuery &query);
    // The document as its JSON answer (encodeDocument), from the tenant's cache when it is there.
    std::optional<QByteArray> getJson(const store::TenantScope &scope, const QUuid &id);
    // Throws ProblemException 409 (field key) when (collection, key) exists.
    Document create(const store::TenantScope &scope, const QString &collection, const QString &key, const QByteArray &body);
    std::optional<Document> replace(const store::TenantScope &scope, const QUuid &id, const QByteArray &body);
    bool remove(const store::TenantScope &scope, const QUuid &id);

private:
    store::Database &m_db;
    TenantCache &m_cache; // single-document reads, keyed by the session's tenant
};

} // namespace portico::documents
