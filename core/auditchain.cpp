#include "core/auditchain.h"
#include "core/timeutil.h"
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QtEndian>

namespace portico {
namespace {

void appendField(QByteArray &out, const QByteArray &field)
{
    char length[8];
    qToBigEndian(quint64(field.size()), length);
    out.append(length, sizeof length);
    out.append(field);
}

QString idText(const QUuid &id) { return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces); }

std::optional<QByteArray> hexField(const QJsonObject &o, const QString &name)
{
    const QJsonValue v = o.value(name);
    if (!v.isString())
        return std::nullopt;
    const QByteArray hex = v.toString().toLatin1();
    const QByteArray raw = QByteArray::fromHex(hex);
    if (raw.toHex() != hex.toLower())
        return std::nullopt;
    return raw;
}

} // namespace

QString auditChainFor(const QUuid &tenantIdOrNull)
{
    return tenantIdOrNull.isNull() ? QString::fromLatin1(kPlatformChain) : idText(tenantIdOrNull);
}

QByteArray genesisHash() { return QByteArray(32, '\0'); }

QByteArray canonicalAuditBytes(const AuditEntry &e)
{
    QByteArray out;
    appendField(out, QByteArrayLiteral("portico-audit-v1"));
    appendField(out, e.chain.toUtf8());
    appendField(out, QByteArray::number(e.seq));
    appendField(out, toIsoUtc(e.at).toLatin1());
    appendField(out, e.actor.toUtf8());
    appendField(out, e.action.toUtf8());
    appendField(out, idText(e.tenantId).toLatin1());
    appendField(out, e.target.toUtf8());
    appendField(out, e.reason.toUtf8());
    appendField(out, QJsonDocument(e.details).toJson(QJsonDocument::Compact));
    return out;
}

QByteArray entryHash(const AuditEntry &e)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(e.prevHash);
    h.addData(canonicalAuditBytes(e));
    return h.result();
}

QByteArray checkpointMessage(const QString &chain, qint64 seq, const QByteArray &hash)
{
    QByteArray out;
    appendField(out, QByteArrayLiteral("portico-audit-checkpoint-v1"));
    appendField(out, chain.toUtf8());
    appendField(out, QByteArray::number(seq));
    appendField(out, hash);
    return out;
}

QJsonObject AuditEntry::toJson() const
{
    return {{QStringLiteral("seq"), seq},
            {QStringLiteral("chain"), chain},
            {QStringLiteral("at"), toIsoUtc(at)},
            {QStringLiteral("actor"), actor},
            {QStringLiteral("action"), action},
            {QStringLiteral("tenant_id"), tenantId.isNull() ? QJsonValue() : QJsonValue(idText(tenantId))},
            {QStringLiteral("target"), target},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("details"), details},
            {QStringLiteral("prev_hash"), QString::fromLatin1(prevHash.toHex())},
            {QStringLiteral("hash"), QString::fromLatin1(hash.toHex())}};
}

std::optional<AuditEntry> AuditEntry::fromJson(const QJsonObject &o)
{
    AuditEntry e;
    const QJsonValue seq = o.value(QStringLiteral("seq"));
    if (!seq.isDouble() || seq.toDouble() != double(seq.toInteger()) || seq.toInteger() < 1)
        return std::nullopt;
    e.seq = seq.toInteger();
    e.chain = o.value(QStringLiteral("chain")).toString();
    e.at = fromIsoUtc(o.value(QStringLiteral("at")).toString());
    if (e.chain.isEmpty() || !e.at.isValid())
        return std::nullopt;
    e.actor = o.value(QStringLiteral("actor")).toString();
    e.action = o.value(QStringLiteral("action")).toString();
    const QJsonValue tenant = o.value(QStringLiteral("tenant_id"));
    if (tenant.isString()) {
        e.tenantId = QUuid::fromString(tenant.toString());
        if (e.tenantId.isNull())
            return std::nullopt;
    } else if (!tenant.isNull() && !tenant.isUndefined()) {
        return std::nullopt;
    }
    e.target = o.value(QStringLiteral("target")).toString();
    e.reason = o.value(QStringLiteral("reason")).toString();
    e.details = o.value(QStringLiteral("details")).toObject();
    const auto prev = hexField(o, QStringLiteral("prev_hash"));
    const auto hash = hexField(o, QStringLiteral("hash"));
    if (!prev || !hash)
        return std::nullopt;
    e.prevHash = *prev;
    e.hash = *hash;
    return e;
}

ChainVerdict verifyChain(const QList<AuditEntry> &entries, const QByteArray &expectedFirstPrevHash, std::optional<qint64> expectedFirstSeq)
{
    ChainVerdict v;
    if (entries.isEmpty())
        return v;
    const QString chain = entries.first().chain;
    // A whole chain starts at 1; a run starting later is anchored by the previous entry's hash.
    qint64 expectedSeq = expectedFirstSeq.value_or(expectedFirstPrevHash == genesisHash() ? 1 : entries.first().seq);
    QByteArray expectedPrev = expectedFirstPrevHash;
    const auto bad = [&v](qint64 seq, QString reason) {
        v.ok = false;
        v.firstBadSeq = seq;
        v.reason = std::move(reason);
        return v;
    };
    for (const AuditEntry &e : entries) {
        ++v.checked;
        if (e.seq > expectedSeq)
            return bad(expectedSeq, QStringLiteral("entry %1 is missing (the next entry present is %2)").arg(expectedSeq).arg(e.seq));
        if (e.seq < expectedSeq)
            return bad(expectedSeq, QStringLiteral("entry %1 was expected, found %2 (entries duplicated or out of order)").arg(expectedSeq).arg(e.seq));
        if (e.chain != chain)
            return bad(e.seq, QStringLiteral("entry %1 belongs to chain '%2', not '%3'").arg(e.seq).arg(e.chain, chain));
        if (e.prevHash != expectedPrev)
            return bad(e.seq, QStringLiteral("entry %1 does not link to the entry before it (an entry was removed, replaced or moved)").arg(e.seq));
        if (e.hash != entryHash(e))
            return bad(e.seq, QStringLiteral("entry %1 does not match its hash (its contents were changed)").arg(e.seq));
        expectedPrev = e.hash;
        ++expectedSeq;
    }
    return v;
}

} // namespace portico
