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

private:
    struct CacheEntry { Principal principal; qint64 cachedAtMs; };
    store::Database &m_db;
    QMutex m_mutex;
    QCache<QByteArray, CacheEntry> m_cache{10000};
    QString m_dummyHash;
};

} // namespace portico::auth
