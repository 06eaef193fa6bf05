#pragma once
// The audit log's hash chain, as pure functions: the server computes entry hashes with them when
// it appends, and anyone holding a copy of the entries (the verify route, the console) can check
// a chain without trusting the server or the database.
//
// Canonical serialization of an entry (what is hashed), version 1. Every field is written as an
// 8-byte big-endian length followed by that many bytes, in this fixed order:
//   "portico-audit-v1", chain, seq (decimal ASCII), at (UTC "yyyy-MM-ddThh:mm:ss.zzzZ"), actor,
//   action, tenant_id (lower-case UUID, or empty), target, reason,
//   details (compact JSON; QJsonObject keeps keys sorted at every depth, so the bytes are stable)
// and entryHash = SHA-256(prevHash || canonical bytes). Length prefixes make the encoding
// unambiguous: no choice of field contents can make two different entries serialize alike.
// The first entry of a chain has seq 1 and prevHash = genesisHash() (32 zero bytes).

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>
#include <optional>

namespace portico {

inline constexpr auto kPlatformChain = "platform";

struct AuditEntry
{
    qint64 seq = 0;
    QString chain;      // "platform" or a tenant's lower-case uuid
    QDateTime at;       // UTC, millisecond precision
    QString actor;      // "operator:<email>", "tenant:<uuid>", "system"
    QString action;     // "tenant.updated", "operator.login", ...
    QUuid tenantId;     // the tenant concerned, if any (also set on platform entries about a tenant)
    QString target;
    QString reason;
    QJsonObject details;
    QByteArray prevHash; // raw 32 bytes
    QByteArray hash;     // raw 32 bytes

    [[nodiscard]] QJsonObject toJson() const; // hashes as lower-case hex, "at" as RFC 3339 with ms
    static std::optional<AuditEntry> fromJson(const QJsonObject &o); // nullopt when malformed
};

// The chain name for a tenant (its id) or, for a null id, the platform chain.
QString auditChainFor(const QUuid &tenantIdOrNull);

QByteArray genesisHash();
QByteArray canonicalAuditBytes(const AuditEntry &e);
QByteArray entryHash(const AuditEntry &e);

struct ChainVerdict
{
    bool ok = true;
    qint64 checked = 0;                // entries examined; on failure, up to and including the first bad one
    std::optional<qint64> firstBadSeq; // the first seq where the chain does not hold (for a gap: the missing seq)
    QString reason;                    // human-readable, empty when ok
};

// Checks a run of entries of one chain, given in ascending seq order. expectedFirstPrevHash is
// genesisHash() for a whole chain (then the first seq must be 1), or the hash of the entry just
// before the run; expectedFirstSeq, when given, is the seq the run must start with (a run read in
// batches passes the seq after the previous batch, so a gap at a batch boundary is a gap). Detects edited entries (stored hash differs from the recomputed one), deleted
// entries (seq gap, or prevHash not the previous entry's hash), reordered or duplicated entries,
// and entries of another chain. It cannot see entries removed from the end of the chain: signed
// checkpoints cover that.
ChainVerdict verifyChain(const QList<AuditEntry> &entriesInSeqOrder, const QByteArray &expectedFirstPrevHash,
                         std::optional<qint64> expectedFirstSeq = std::nullopt);

// The bytes a checkpoint signature covers: the same length-prefixed encoding of
// "portico-audit-checkpoint-v1", chain, seq (decimal ASCII), hash (raw bytes).
QByteArray checkpointMessage(const QString &chain, qint64 seq, const QByteArray &hash);

} // namespace portico
