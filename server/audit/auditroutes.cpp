// Reading and verifying the audit log. Operators read every chain; a tenant token reads and
// verifies its own tenant's chain and nothing else (another chain is a 404, as if it did not exist).
#include "core/auditchain.h"
#include "core/cursor.h"
#include "core/timeutil.h"
#include "server/audit/checkpointer.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/tenants/tenantrepository.h"
#include <QJsonArray>
#include <QRegularExpression>

namespace portico {
namespace {
constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 200;
constexpr int kVerifyBatch = 2000;

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

// RFC 3339 only: a date-time with an explicit offset. Digits beyond milliseconds are dropped.
std::optional<QDateTime> timeParameter(const QUrlQuery &q, const QString &name)
{
    if (!q.hasQueryItem(name))
        return std::nullopt;
    static const QRegularExpression rfc3339(QStringLiteral(
        "^(\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,9}))?([Zz]|[+-]\\d{2}:\\d{2})$"));
    const QString text = q.queryItemValue(name, QUrl::FullyDecoded);
    const auto m = rfc3339.match(text);
    QDateTime t;
    if (m.hasMatch()) {
        const QString fraction = (m.captured(2) + QStringLiteral("000")).left(3);
        QString offset = m.captured(3).toUpper();
        t = fromIsoUtc(m.captured(1).toUpper() + QLatin1Char('.') + fraction + offset);
    }
    if (!t.isValid())
        http::failValidation(name, QStringLiteral("%1 must be an RFC 3339 date-time with an offset, e.g. 2026-11-29T10:00:00.000Z.").arg(name));
    return t;
}

// The chain a request may see. nullopt: every chain (operators, when allowAll and no tenant named).
std::optional<QString> chainFor(store::PgConnection &c, const auth::Principal &p, const QString &tenant, bool allowAll)
{
    const auto notFound = [&tenant] {
        http::failNotFound(QStringLiteral("No audit log named '%1' is visible to this token.").arg(tenant));
    };
    if (p.isTenant()) {
        const QString own = auditChainFor(p.tenantId);
        if (tenant.isEmpty() || tenant.compare(own, Qt::CaseInsensitive) == 0)
            return own;
        if (tenant != QLatin1String(kPlatformChain))
            if (const auto t = tenants::TenantRepository(c).find(tenant); t && t->id == p.tenantId)
                return own;
        notFound();
    }
    if (tenant.isEmpty())
        return allowAll ? std::nullopt : std::optional<QString>(QString::fromLatin1(kPlatformChain));
    if (tenant == QLatin1String(kPlatformChain))
        return QString::fromLatin1(kPlatformChain);
    // An id names a chain even after its tenant is gone: entries outlive the tenant.
    if (const QUuid id = QUuid::fromString(tenant); !id.isNull())
        return auditChainFor(id);
    const auto t = tenants::TenantRepository(c).find(tenant);
    if (!t)
        notFound();
    return auditChainFor(t->id);
}

http::Response listAudit(Services &s, http::RequestContext &ctx)
{
    const QUrlQuery &q = ctx.request.query;
    http::rejectUnknownParameters(q, {QStringLiteral("tenant"), QStringLiteral("actor"), QStringLiteral("action"), QStringLiteral("from"),
                                QStringLiteral("to"), QStringLiteral("limit"), QStringLiteral("cursor")});
    const int limit = http::limitParameter(q, kDefaultLimit, kMaxLimit);
    const auto from = timeParameter(q, QStringLiteral("from"));
    const auto to = timeParameter(q, QStringLiteral("to"));
    if (from && to && *to < *from)
        http::failValidation(QStringLiteral("to"), QStringLiteral("to must not be before from."));
    std::optional<qint64> before;
    if (q.hasQueryItem(QStringLiteral("cursor"))) {
        const auto key = decodeCursor(q.queryItemValue(QStringLiteral("cursor")));
        if (!key || key->size() != 1 || !key->at(0).isDouble() || key->at(0).toInteger() < 1)
            http::failValidation(QStringLiteral("cursor"), QStringLiteral("cursor is not one this server issued; start again without it."));
        before = key->at(0).toInteger();
    }
    const auto text = [&q](const char *name) -> store::PgParam {
        const QString key = QString::fromLatin1(name);
        return q.hasQueryItem(key) ? store::PgParam(q.queryItemValue(key, QUrl::FullyDecoded)) : store::PgParam();
    };

    auto lease = s.db.control();
    auto &c = *lease;
    const auto chain = chainFor(c, ctx.principal, q.queryItemValue(QStringLiteral("tenant"), QUrl::FullyDecoded), true);
    // Newest first by id (append order); the cursor is the last id of the page.
    const auto r = c.exec(QStringLiteral("SELECT ") + kEntryColumns + QStringLiteral(
                              "  FROM audit_log"
                              " WHERE ($1::text IS NULL OR chain = $1) AND ($2::text IS NULL OR actor = $2) AND ($3::text IS NULL OR action = $3)"
                              "   AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5)"
                              "   AND ($6::bigint IS NULL OR id < $6)"
                              " ORDER BY id DESC LIMIT $7"),
                          {chain, text("actor"), text("action"), from ? store::PgParam(toIsoUtc(*from)) : store::PgParam(),
                           to ? store::PgParam(toIsoUtc(*to)) : store::PgParam(), before, limit + 1});
    QJsonArray items;
    const int shown = std::min(r.rows(), limit);
    for (int i = 0; i < shown; ++i)
        items.append(entryFromRow(r, i).toJson());
    const QJsonValue next = r.rows() > limit ? QJsonValue(encodeCursor(QJsonArray{r.integer(shown - 1, "id")})) : QJsonValue();
    return http::Response::json(QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("next_cursor"), next}});
}

http::Response verifyAudit(Services &s, http::RequestContext &ctx)
{
    const QUrlQuery &q = ctx.request.query;
    http::rejectUnknownParameters(q, {QStringLiteral("tenant")});
    auto lease = s.db.control();
    auto &c = *lease;
    const QString chain = *chainFor(c, ctx.principal, q.queryItemValue(QStringLiteral("tenant"), QUrl::FullyDecoded), false);

    // The chain, in batches: each batch is anchored by the previous one's last hash and next seq.
    ChainVerdict verdict;
    QByteArray anchor = genesisHash();
    qint64 nextSeq = 1;
    qint64 lastSeq = 0;
    for (;;) {
        const auto r = c.exec(QStringLiteral("SELECT ") + kEntryColumns
                                  + QStringLiteral(" FROM audit_log WHERE chain = $1 AND seq >= $2 ORDER BY seq LIMIT $3"),
                              {chain, nextSeq, kVerifyBatch});
        QList<AuditEntry> batch;
        batch.reserve(r.rows());
        for (int i = 0; i < r.rows(); ++i)
            batch << entryFromRow(r, i);
        if (batch.isEmpty())
            break;
        const ChainVerdict v = verifyChain(batch, anchor, nextSeq);
        verdict.checked += v.checked;
        if (!v.ok) {
            verdict.ok = false;
            verdict.firstBadSeq = v.firstBadSeq;
            verdict.reason = v.reason;
            break;
        }
        anchor = batch.last().hash;
        lastSeq = batch.last().seq;
        nextSeq = lastSeq + 1;
        if (r.rows() < kVerifyBatch)
            break;
    }

    // Checkpoints: a valid signature by a registered key, over the hash the entry still has.
    const auto cps = c.exec(QStringLiteral(
        "SELECT cp.seq, encode(cp.hash, 'hex') AS hash, encode(cp.signature, 'hex') AS signature, cp.key_id, "
        "       encode(k.public_key, 'hex') AS public_key, encode(l.hash, 'hex') AS entry_hash "
        "  FROM audit_checkpoints cp "
        "  LEFT JOIN audit_signing_keys k ON k.key_id = cp.key_id "
        "  LEFT JOIN audit_log l ON l.chain = cp.chain AND l.seq = cp.seq "
        " WHERE cp.chain = $1 ORDER BY cp.seq"),
        {chain});
    bool checkpointsOk = true;
    std::optional<qint64> badCheckpoint;
    QString checkpointReason;
    for (int i = 0; i < cps.rows() && checkpointsOk; ++i) {
        const qint64 seq = cps.integer(i, "seq");
        const QByteArray hash = QByteArray::fromHex(cps.text(i, "hash").toLatin1());
        const auto failCheckpoint = [&](const QString &why) {
            checkpointsOk = false;
            badCheckpoint = seq;
            checkpointReason = why;
        };
        if (cps.isNull(i, "public_key"))
            failCheckpoint(QStringLiteral("the checkpoint at entry %1 names an unknown signing key %2").arg(seq).arg(cps.text(i, "key_id")));
        else if (!audit::Checkpointer::verify(QByteArray::fromHex(cps.text(i, "public_key").toLatin1()), checkpointMessage(chain, seq, hash),
                                              QByteArray::fromHex(cps.text(i, "signature").toLatin1())))
            failCheckpoint(QStringLiteral("the checkpoint at entry %1 has an invalid signature").arg(seq));
        else if (cps.isNull(i, "entry_hash"))
            failCheckpoint(QStringLiteral("entry %1, signed by a checkpoint, is gone (the chain was cut short)").arg(seq));
        else if (QByteArray::fromHex(cps.text(i, "entry_hash").toLatin1()) != hash)
            failCheckpoint(QStringLiteral("entry %1 no longer has the hash its signed checkpoint recorded (the chain was rewritten)").arg(seq));
    }

    const bool ok = verdict.ok && checkpointsOk;
    QString reason = verdict.reason;
    if (reason.isEmpty())
        reason = checkpointReason;
    const auto *signer = audit::Checkpointer::installed();
    return http::Response::json(QJsonObject{
        {QStringLiteral("chain"), chain},
        {QStringLiteral("ok"), ok},
        {QStringLiteral("checked"), verdict.checked},
        {QStringLiteral("last_seq"), verdict.ok ? QJsonValue(lastSeq) : QJsonValue()},
        {QStringLiteral("first_bad_seq"), verdict.firstBadSeq ? QJsonValue(*verdict.firstBadSeq) : QJsonValue()},
        {QStringLiteral("reason"), reason.isEmpty() ? QJsonValue() : QJsonValue(reason)},
        {QStringLiteral("checkpoints_checked"), cps.rows()},
        {QStringLiteral("checkpoints_ok"), checkpointsOk},
        {QStringLiteral("first_bad_checkpoint_seq"), badCheckpoint ? QJsonValue(*badCheckpoint) : QJsonValue()},
        {QStringLiteral("signing_key_id"), signer ? QJsonValue(signer->keyId()) : QJsonValue()}});
}

} // namespace

void registerAuditRoutes(http::Router &router, Services &s)
{
    using http::Access;

    router.add("GET", QStringLiteral("/v1/audit"), Access::anyToken(), [&s](http::RequestContext &ctx) { return listAudit(s, ctx); });
    router.add("GET", QStringLiteral("/v1/audit/verify"), Access::anyToken(), [&s](http::RequestContext &ctx) { return verifyAudit(s, ctx); });
    router.add("GET", QStringLiteral("/v1/audit/keys"), Access::anyToken(), [&s](http::RequestContext &ctx) {
        http::rejectUnknownParameters(ctx.request.query, {});
        const auto r = s.db.control()->exec(QStringLiteral(
            "SELECT key_id, encode(public_key, 'base64') AS public_key, created_at FROM audit_signing_keys ORDER BY created_at, key_id"));
        const auto *signer = audit::Checkpointer::installed();
        QJsonArray items;
        for (int i = 0; i < r.rows(); ++i)
            items.append(QJsonObject{{QStringLiteral("key_id"), r.text(i, "key_id")},
                                     {QStringLiteral("algorithm"), QStringLiteral("Ed25519")},
                                     {QStringLiteral("public_key"), r.text(i, "public_key")},
                                     {QStringLiteral("created_at"), toIsoUtc(r.timestamp(i, "created_at"))},
                                     {QStringLiteral("current"), signer && signer->keyId() == r.text(i, "key_id")}});
        return http::Response::json(QJsonObject{{QStringLiteral("items"), items}});
    });
}

} // namespace portico
