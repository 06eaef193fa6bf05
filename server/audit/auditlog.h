#pragma once
// Appending to the audit log. Each chain (one per tenant, one for the platform) is a sequence of
// entries, each holding the hash of the one before it (core/auditchain.h); appends to one chain
// are serialised by a transaction-scoped advisory lock, so two writers never take the same seq.

#include "core/auditchain.h"
#include <QJsonObject>
#include <QString>
#include <QUuid>

namespace portico::store { class PgConnection; }

namespace portico::audit {

struct AuditEvent
{
    QString actor;      // "operator:<email>", "tenant:<uuid>", "anonymous", "system"
    QString action;     // "operator.login", "tenant.updated", "token.issued", ...
    QUuid tenantId;     // null = platform chain; otherwise the tenant's chain
    QString target;     // "tenant/<id>", "token/<id>", "operator/<id>"
    QString reason;
    QJsonObject details; // never secrets
};

// After this many entries without a checkpoint, an append also writes a signed checkpoint.
inline constexpr qint64 kCheckpointEvery = 100;

// Appends e to its chain and returns the stored entry. When control is already in a transaction
// the entry joins it, so an audited change and its entry commit (or roll back) together;
// otherwise the append runs in a transaction of its own. Throws PgError.
AuditEntry appendAudit(store::PgConnection &control, const AuditEvent &e);

} // namespace portico::audit
