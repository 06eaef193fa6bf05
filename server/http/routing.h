#pragma once
// What every routes file shares, each in one place: the parameters, headers and body members many
// routes read the same way, and the tenant scope of a tenant-token request. Who may call a route
// is in router.h (Access).

#include "server/http/context.h"
#include "server/store/tenantsession.h"
#include <QJsonObject>

namespace portico::http {

// The reason an operator gave for a change (header X-Portico-Reason); 422 when too long.
QString requestReason(const Request &request);
// The body's "reason", else X-Portico-Reason; 422 when longer than 500 characters.
QString reasonOf(const Request &request, const QJsonObject &body);
// ?user=: a user id of at most 128 characters (empty when absent).
QString userParam(const Request &request);
// ?dry_run=: true or false (false when absent).
bool dryRunParam(const Request &request);
// The body's dry_run: true or false (false when absent or null).
bool dryRunField(const QJsonObject &body);
// body with a strong ETag over it, or a 304 with no body when If-None-Match names that ETag.
Response withEtag(const Request &request, QByteArray body);
// The same with body's ETag (etagOf) computed already.
Response withEtag(const Request &request, QByteArray body, const QByteArray &etag);
// The tenant a tenant-token request acts for, and where its data lives: from the token alone,
// never re-read from the database.
store::TenantScope tenantScope(const RequestContext &ctx);

} // namespace portico::http
