// Reading and verifying the audit log. Operators read every chain; a tenant token reads and
// verifies its own tenant's chain and nothing else (another chain is a 404, as if it did not exist).
#include "core/auditchain.h"
#include "core/cursor.h"
#include "core/timeutil.h"
#include "server/audit/auditstore.h"
#include "server/audit/checkpointer.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/tenants/tenantrepository.h"
#include <QJsonArray>
#include <QRegularExpression>
#include <limits>

namespace portico {
namespace {
constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 200;
constexpr int kVerifyBatch = 2000;

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
        failValidation(name, QStringLiteral("%1 must be an RFC 3339 date-time with an offset, e.g. 2026-11-29T10:00:00.000Z.").arg(name));
    return t;
}

// The chain a request may see. nullopt: every chain (operators, when allowAll and no tenant named).
std::optional<QString> chainFor(store::PgConnection &c, const auth::Principal &p, const QString &tenant, bool allowAll)
{
    const auto notFound = [&tenant] {
        failNotFound(QStringLiteral("No audit log named '%1' is visible to this token.").arg(tenant));
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
    if (const QUuid id = parseId(tenant); !id.isNull())
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
        failValidation(QStringLiteral("to"), QStringLiteral("to must not be before from."));
    std::optional<qint64> before;
    if (q.hasQueryItem(QStringLiteral("cursor"))) {
        const auto key = CursorKey::decode(u"audit", q.queryItemValue(QStringLiteral("cursor")), 1);
        before = key ? key->integer(0, 1, std::numeric_limits<qint64>::max() / 2) : std::nullopt;
        if (!before)
            fail(invalidCursorProblem());
    }
    const auto text = [&q](const char *name) -> std::optional<QString> {
        const QString key = QString::fromLatin1(name);
        return q.hasQueryItem(key) ? std::optional(q.queryItemValue(key, QUrl::FullyDecoded)) : std::nullopt;
    };

    auto lease = s.db.control();
    auto &c = *lease;
    const auto chain = chainFor(c, ctx.principal, q.queryItemValue(QStringLiteral("tenant"), QUrl::FullyDecoded), true);
    // Newest first; the cursor is the last id of the page.
    const auto rows = audit::auditstore::list(c, {chain, text("actor"), text("action"), from, to, before, limit});
    QJsonArray items;
    const int shown = std::min(int(rows.size()), limit);
    for (int i = 0; i < shown; ++i)
        items.append(rows[i].entry.toJson());
    const QJsonValue next = rows.size() > limit ? QJsonValue(encodeCursor(u"audit", QJsonArray{rows[shown - 1].id})) : QJsonValue();
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
        const QList<AuditEntry> batch = audit::auditstore::chainFrom(c, chain, nextSeq, kVerifyBatch);
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
        if (batch.size() < kVerifyBatch)
            break;
    }

    // Checkpoints: a valid signature by a registered key, over the hash the entry still has.
    const QList<audit::CheckpointRecord> cps = audit::auditstore::checkpoints(c, chain);
    bool checkpointsOk = true;
    std::optional<qint64> badCheckpoint;
    QString checkpointReason;
    for (qsizetype i = 0; i < cps.size() && checkpointsOk; ++i) {
        const audit::CheckpointRecord &cp = cps[i];
        const qint64 seq = cp.seq;
        const QByteArray &hash = cp.hash;
        const auto failCheckpoint = [&](const QString &why) {
            checkpointsOk = false;
            badCheckpoint = seq;
            checkpointReason = why;
        };
        if (!cp.publicKey)
            failCheckpoint(QStringLiteral("the checkpoint at entry %1 names an unknown signing key %2").arg(seq).arg(cp.keyId));
        else if (!audit::Checkpointer::verify(*cp.publicKey, checkpointMessage(chain, seq, hash), cp.signature))
            failCheckpoint(QStringLiteral("the checkpoint at entry %1 has an invalid signature").arg(seq));
        else if (!cp.entryHash)
            failCheckpoint(QStringLiteral("entry %1, signed by a checkpoint, is gone (the chain was cut short)").arg(seq));
        else if (*cp.entryHash != hash)
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
        {QStringLiteral("checkpoints_checked"), int(cps.size())},
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
        const auto *signer = audit::Checkpointer::installed();
        QJsonArray items;
        for (const audit::SigningKeyRecord &k : audit::auditstore::signingKeys(*s.db.control()))
            items.append(QJsonObject{{QStringLiteral("key_id"), k.keyId},
                                     {QStringLiteral("algorithm"), QStringLiteral("Ed25519")},
                                     {QStringLiteral("public_key"), k.publicKeyBase64},
                                     {QStringLiteral("created_at"), toIsoUtc(k.createdAt)},
                                     {QStringLiteral("current"), signer && signer->keyId() == k.keyId}});
        return http::Response::json(QJsonObject{{QStringLiteral("items"), items}});
    });
}

} // namespace portico
