#include "server/audit/auditlog.h"
#include "core/timeutil.h"
#include "server/audit/checkpointer.h"
#include "server/store/pg.h"
#include <QJsonDocument>
#include <QTimeZone>
#include <optional>

namespace portico::audit {
namespace {
QByteArray byteaParam(const QByteArray &raw) { return "\\x" + raw.toHex(); }
} // namespace

AuditEntry appendAudit(store::PgConnection &control, const AuditEvent &event)
{
    std::optional<store::PgTransaction> own;
    if (!control.inTransaction())
        own.emplace(control);

    AuditEntry e;
    e.chain = auditChainFor(event.tenantId);
    e.actor = event.actor;
    e.action = event.action;
    e.tenantId = event.tenantId;
    e.target = event.target;
    e.reason = event.reason;
    e.details = event.details;
    // QDateTime carries milliseconds and timestamptz keeps microseconds, so the stored value
    // reads back exactly as hashed.
    e.at = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), QTimeZone::utc());

    // Held until the transaction ends: the next writer of this chain sees our entry as its predecessor.
    control.exec(QStringLiteral("SELECT pg_advisory_xact_lock(hashtext('audit:' || $1))"), {e.chain});
    const auto last = control.exec(QStringLiteral(
        "SELECT l.seq, encode(l.hash, 'hex') AS hash, "
        "       (SELECT coalesce(max(seq), 0) FROM audit_checkpoints WHERE chain = $1) AS checkpointed "
        "  FROM (SELECT 1) one LEFT JOIN LATERAL "
        "       (SELECT seq, hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1) l ON true"),
        {e.chain});
    const qint64 checkpointed = last.integer(0, "checkpointed");
    if (last.isNull(0, "seq")) {
        e.seq = 1;
        e.prevHash = genesisHash();
    } else {
        e.seq = last.integer(0, "seq") + 1;
        e.prevHash = QByteArray::fromHex(last.text(0, "hash").toLatin1());
    }
    e.hash = entryHash(e);
    control.exec(QStringLiteral("INSERT INTO audit_log (chain, seq, at, actor, action, tenant_id, target, reason, details, prev_hash, hash) "
                                "VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7, $8, $9::jsonb, $10::bytea, $11::bytea)"),
                 {e.chain, e.seq, toIsoUtc(e.at), e.actor, e.action, e.tenantId, e.target, e.reason,
                  QJsonDocument(e.details).toJson(QJsonDocument::Compact), byteaParam(e.prevHash), byteaParam(e.hash)});
    if (const Checkpointer *signer = Checkpointer::installed(); signer && e.seq - checkpointed >= kCheckpointEvery)
        signer->checkpoint(control, e.chain, e.seq, e.hash);
    if (own)
        own->commit();
    return e;
}

} // namespace portico::audit
