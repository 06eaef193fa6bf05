#include "server/audit/auditstore.h"
#include "core/timeutil.h"
#include "server/store/pg.h"

namespace portico::audit::auditstore {
namespace {

const QString kEntryColumns = QStringLiteral(
    "id, chain, seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS at, actor, action, tenant_id, "
    "target, reason, details, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash");

AuditEntry entryFromRow(const store::PgResult &r, int row)
{
    AuditEntry e;
    e.seq = r.integer(row, "seq");
    e.chain = r.text(row, "chain");
    e.at = fromIsoUtc(r.text(row, "at"));
    e.actor = r.text(row, "actor");
    e.action = r.text(row, "action");
    e.tenantId = r.uuid(row, "tenant_id");
    e.target = r.text(row, "target");
    e.reason = r.text(row, "reason");
    e.details = r.json(row, r.column("details")).toObject();
    e.prevHash = QByteArray::fromHex(r.text(row, "prev_hash").toLatin1());
    e.hash = QByteArray::fromHex(r.text(row, "hash").toLatin1());
    return e;
}

std::optional<QByteArray> hexOrNull(const store::PgResult &r, int row, const char *column)
{
    if (r.isNull(row, column))
        return std::nullopt;
    return QByteArray::fromHex(r.text(row, column).toLatin1());
}

} // namespace

QList<ListedEntry> list(store::PgConnection &c, const AuditQuery &q)
{
    const auto time = [](const std::optional<QDateTime> &t) { return t ? store::PgParam(toIsoUtc(*t)) : store::PgParam(); };
    // Newest first by id (append order).
    const auto r = c.exec(QStringLiteral("SELECT ") + kEntryColumns + QStringLiteral(
                              "  FROM audit_log"
                              " WHERE ($1::text IS NULL OR chain = $1) AND ($2::text IS NULL OR actor = $2) AND ($3::text IS NULL OR action = $3)"
                              "   AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5)"
                              "   AND ($6::bigint IS NULL OR id < $6)"
                              " ORDER BY id DESC LIMIT $7"),
                          {q.chain, q.actor, q.action, time(q.from), time(q.to), q.beforeId, q.limit + 1});
    QList<ListedEntry> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.integer(i, "id"), entryFromRow(r, i)});
    return out;
}

QList<AuditEntry> chainFrom(store::PgConnection &c, const QString &chain, qint64 fromSeq, int limit)
{
    const auto r = c.exec(QStringLiteral("SELECT ") + kEntryColumns + QStringLiteral(" FROM audit_log WHERE chain = $1 AND seq >= $2 ORDER BY seq LIMIT $3"),
                          {chain, fromSeq, limit});
    QList<AuditEntry> out;
    out.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i)
        out << entryFromRow(r, i);
    return out;
}

QList<CheckpointRecord> checkpoints(store::PgConnection &c, const QString &chain)
{
    const auto r = c.exec(QStringLiteral(
        "SELECT cp.seq, encode(cp.hash, 'hex') AS hash, encode(cp.signature, 'hex') AS signature, cp.key_id, "
        "       encode(k.public_key, 'hex') AS public_key, encode(l.hash, 'hex') AS entry_hash "
        "  FROM audit_checkpoints cp "
        "  LEFT JOIN audit_signing_keys k ON k.key_id = cp.key_id "
        "  LEFT JOIN audit_log l ON l.chain = cp.chain AND l.seq = cp.seq "
        " WHERE cp.chain = $1 ORDER BY cp.seq"),
        {chain});
    QList<CheckpointRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.integer(i, "seq"), QByteArray::fromHex(r.text(i, "hash").toLatin1()), QByteArray::fromHex(r.text(i, "signature").toLatin1()),
                    r.text(i, "key_id"), hexOrNull(r, i, "public_key"), hexOrNull(r, i, "entry_hash")});
    return out;
}

QList<SigningKeyRecord> signingKeys(store::PgConnection &c)
{
    const auto r = c.exec(QStringLiteral(
        "SELECT key_id, encode(public_key, 'base64') AS public_key, created_at FROM audit_signing_keys ORDER BY created_at, key_id"));
    QList<SigningKeyRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.text(i, "key_id"), r.text(i, "public_key"), r.timestamp(i, "created_at")});
    return out;
}

} // namespace portico::audit::auditstore
