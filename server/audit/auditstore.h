#pragma once
// Reading the audit log (appending is auditlog.h): pages of entries, a chain in seq order, its
// signed checkpoints and the registered signing keys. All on the control plane.

#include "core/auditchain.h"
#include <QDateTime>
#include <QList>
#include <optional>

namespace portico::store { class PgConnection; }

namespace portico::audit {

struct AuditQuery
{
    std::optional<QString> chain, actor, action; // nullopt: any
    std::optional<QDateTime> from, to;
    std::optional<qint64> beforeId;              // the cursor: entries appended before this one
    int limit = 50;
};

struct ListedEntry
{
    qint64 id = 0; // append order
    AuditEntry entry;
};

struct CheckpointRecord
{
    qint64 seq = 0;
    QByteArray hash, signature;
    QString keyId;
    std::optional<QByteArray> publicKey; // nullopt: the key is not registered
    std::optional<QByteArray> entryHash; // nullopt: the entry is gone
};

struct SigningKeyRecord
{
    QString keyId;
    QString publicKeyBase64;
    QDateTime createdAt;
};

namespace auditstore {

// Newest first, at most query.limit + 1 entries (one more tells whether there is a next page).
QList<ListedEntry> list(store::PgConnection &c, const AuditQuery &query);
// Up to limit entries of chain from seq fromSeq on, in seq order.
QList<AuditEntry> chainFrom(store::PgConnection &c, const QString &chain, qint64 fromSeq, int limit);
QList<CheckpointRecord> checkpoints(store::PgConnection &c, const QString &chain);
QList<SigningKeyRecord> signingKeys(store::PgConnection &c);

} // namespace auditstore
} // namespace portico::audit
