#pragma once
// Issues, resolves and revokes API tokens, and checks operator passwords. Token secrets are
// never stored: only their SHA-256. Resolved tokens are cached briefly, because a database
// round trip on every request for the same token is measurable. A revocation, or a change of what
// a principal carries, clears the cache of every instance: the database NOTIFYs 'portico_tokens'
// at commit and each instance's listener calls dropNotified().

#include "server/auth/principal.h"
#include <QCache>
#include <QDateTime>
#include <QMutex>
#include <array>
#include <optional>

namespace portico::store { class Database; class PgConnection; }

namespace portico::auth {

struct OperatorRecord
{
    QUuid id;
    QString email, displayName, role;
};

// The operator with this id, enabled or not.
std::optional<OperatorRecord> findOperator(store::PgConnection &control, const QUuid &id);

struct IssuedToken
{
    QUuid id;
    QString secret; // shown once
    QDateTime expiresAt;
};

class TokenStore
{
public:
    explicit TokenStore(store::Database &db);

    std::optional<Principal> resolve(const QString &secret);
    IssuedToken issueOperatorToken(store::PgConnection &c, const QUuid &operatorId, const QString &label, int validDays);
    IssuedToken issueTenantToken(store::PgConnection &c, const QUuid &tenantId, const QUuid &memberId,
                                 const QString &label, std::optional<int> validDays);
    bool revoke(store::PgConnection &c, const QUuid &tokenId, const QUuid &tenantIdOrNull);
    void forgetTenant(const QUuid &tenantId); // drop cached principals after a tenant changed
    void clearCache();
    // A 'portico_tokens' payload: a revoked token's SHA-256 in hex drops that entry; anything else
    // ('tenant:<id>', 'operator:<id>') drops every entry, since entries are keyed by token.
    void dropNotified(const QByteArray &payload);

    // What a password login checks against. For an unknown email the hash is a dummy one, so the
    // verification does the same work in every case and timing does not reveal which emails exist.
    struct PasswordRecord
    {
        std::optional<QUuid> operatorId; // set only for an enabled operator with this email
        QString encodedHash;
    };
    PasswordRecord passwordRecord(store::PgConnection &c, const QString &email) const;

    // The cache's key of a secret: SipHash-2-4 with 128-bit output under a key drawn at start.
    // SHA-256 of the secret is computed only when the cache misses (it is what the database
    // stores): it cost about 4,000 instructions of every request, a third of the token path.
    // Without the process's key nobody can find two secrets that share a cache key, and by chance
    // that happens once in 2^64 pairs, far beyond 10,000 entries.
    struct CacheKey
    {
        quint64 a = 0, b = 0;
        bool operator==(const CacheKey &) const = default;
        friend size_t qHash(const CacheKey &k, size_t seed) noexcept { return size_t(k.a ^ seed); } // already uniform
    };
    [[nodiscard]] CacheKey cacheKey(const QString &secret) const;

private:
    struct CacheEntry { Principal principal; qint64 cachedAtMs; QByteArray tokenHash; };
    store::Database &m_db;
    QMutex m_mutex;
    QCache<CacheKey, CacheEntry> m_cache{10000};
    std::array<unsigned char, 16> m_cacheKeyKey{};
    QString m_dummyHash;
};

} // namespace portico::auth
