#include "server/auth/tokenstore.h"
#include "server/auth/crypto.h"
#include "server/store/database.h"
#include "server/store/pg.h"
#include <sodium.h>
#include <cstring>

namespace portico::auth {
namespace {
constexpr qint64 kCacheTtlMs = 5000;
}

QString Principal::actorLabel() const
{
    switch (kind) {
    case Kind::Operator: return QStringLiteral("operator:") + email;
    case Kind::Tenant: return QStringLiteral("tenant:") + idToString(tenantId);
    case Kind::Anonymous: break;
    }
    return QStringLiteral("anonymous");
}

TokenStore::TokenStore(store::Database &db) : m_db(db), m_dummyHash(hashPassword(QStringLiteral("not-a-real-password")))
{
    static_assert(crypto_shorthash_siphashx24_KEYBYTES == sizeof(m_cacheKeyKey));
    randombytes_buf(m_cacheKeyKey.data(), m_cacheKeyKey.size());
}

TokenStore::CacheKey TokenStore::cacheKey(const QString &secret) const
{
    // Over the UTF-16 units as they are: distinct strings are distinct bytes, and nothing is converted.
    static_assert(crypto_shorthash_siphashx24_BYTES == sizeof(CacheKey));
    unsigned char out[crypto_shorthash_siphashx24_BYTES];
    crypto_shorthash_siphashx24(out, reinterpret_cast<const unsigned char *>(secret.utf16()), size_t(secret.size()) * sizeof(char16_t),
                                m_cacheKeyKey.data());
    CacheKey k;
    memcpy(&k.a, out, 8);
    memcpy(&k.b, out + 8, 8);
    return k;
}

std::optional<Principal> TokenStore::resolve(const QString &secret)
{
    if (!(secret.startsWith(QLatin1String("pto_")) || secret.startsWith(QLatin1String("ptt_"))) || secret.size() > 128)
        return std::nullopt;
    const CacheKey key = cacheKey(secret);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        QMutexLocker lock(&m_mutex);
        if (const CacheEntry *e = m_cache.object(key); e && now - e->cachedAtMs < kCacheTtlMs)
            return e->principal;
    }
    const QByteArray hash = sha256(secret.toUtf8());
    auto lease = m_db.control();
    store::PgConnection &c = *lease;
    // One round trip resolves the token, its operator or tenant, and the tenant's placement.
    const auto r = c.exec(QStringLiteral(R"SQL(
        SELECT k.id, k.kind, k.expires_at, k.member_id,
               o.id AS operator_id, o.email, o.display_name, o.role,
               t.id AS tenant_id, t.state, t.plan, p.model, p.region, p.cluster, p.database_name, p.schema_name
          FROM api_tokens k
          LEFT JOIN operators o ON o.id = k.operator_id AND NOT o.disabled
          LEFT JOIN tenants t ON t.id = k.tenant_id
          LEFT JOIN placements p ON p.tenant_id = t.id
         WHERE k.token_hash = $1::bytea AND k.revoked_at IS NULL
           AND (k.expires_at IS NULL OR k.expires_at > now()))SQL"),
                          {QByteArray("\\x" + hash.toHex())});
    if (r.rows() != 1)
        return std::nullopt;
    Principal p;
    p.tokenId = r.uuid(0, "id");
    p.tokenExpiresAt = r.timestamp(0, "expires_at");
    if (r.text(0, "kind") == QLatin1String("operator")) {
        if (r.isNull(0, "operator_id"))
            return std::nullopt; // disabled operator
        p.kind = Principal::Kind::Operator;
        p.operatorId = r.uuid(0, "operator_id");
        p.email = r.text(0, "email");
        p.displayName = r.text(0, "display_name");
        p.role = r.text(0, "role");
    } else {
        if (r.isNull(0, "tenant_id") || r.isNull(0, "model"))
            return std::nullopt;
        p.kind = Principal::Kind::Tenant;
        p.tenantId = r.uuid(0, "tenant_id");
        p.memberId = r.uuid(0, "member_id");
        p.tenantState = parseTenantState(r.text(0, "state")).value_or(TenantState::Suspended);
        p.tenantPlan = parsePlan(r.text(0, "plan")).value_or(Plan::Free);
        p.placement.model = parseIsolationModel(r.text(0, "model")).value_or(IsolationModel::Shared);
        p.placement.region = r.text(0, "region");
        p.placement.cluster = r.text(0, "cluster");
        p.placement.database = r.text(0, "database_name");
        p.placement.schema = r.text(0, "schema_name");
    }
    QMutexLocker lock(&m_mutex);
    m_cache.insert(key, new CacheEntry{p, now, hash});
    return p;
}

IssuedToken TokenStore::issueOperatorToken(store::PgConnection &c, const QUuid &operatorId, const QString &label, int validDays)
{
    IssuedToken t{QUuid::createUuid(), newToken("pto_"), QDateTime::currentDateTimeUtc().addDays(validDays)};
    c.exec(QStringLiteral("INSERT INTO api_tokens (id, token_hash, kind, operator_id, label, expires_at) "
                          "VALUES ($1, $2::bytea, 'operator', $3, $4, $5::timestamptz)"),
           {t.id, QByteArray("\\x" + sha256(t.secret.toUtf8()).toHex()), operatorId, label,
            t.expiresAt.toString(Qt::ISODateWithMs)});
    return t;
}

IssuedToken TokenStore::issueTenantToken(store::PgConnection &c, const QUuid &tenantId, const QUuid &memberId,
                                         const QString &label, std::optional<int> validDays)
{
    IssuedToken t{QUuid::createUuid(), newToken("ptt_"), {}};
    if (validDays)
        t.expiresAt = QDateTime::currentDateTimeUtc().addDays(*validDays);
    c.exec(QStringLiteral("INSERT INTO api_tokens (id, token_hash, kind, tenant_id, member_id, label, expires_at) "
                          "VALUES ($1, $2::bytea, 'tenant', $3, $4, $5, $6::timestamptz)"),
           {t.id, QByteArray("\\x" + sha256(t.secret.toUtf8()).toHex()), tenantId, memberId, label,
            t.expiresAt.isValid() ? store::PgParam(t.expiresAt.toString(Qt::ISODateWithMs)) : store::PgParam()});
    return t;
}

bool TokenStore::revoke(store::PgConnection &c, const QUuid &tokenId, const QUuid &tenantIdOrNull)
{
    const auto r = c.exec(QStringLiteral("UPDATE api_tokens SET revoked_at = now() "
                                         "WHERE id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR tenant_id = $2::uuid)"),
                          {tokenId, tenantIdOrNull});
    clearCache();
    return r.affectedRows() == 1;
}

void TokenStore::forgetTenant(const QUuid &) { clearCache(); }

void TokenStore::dropNotified(const QByteArray &payload)
{
    const QByteArray hash = QByteArray::fromHex(payload);
    QMutexLocker lock(&m_mutex);
    if (hash.size() == 32 && hash.toHex() == payload.toLower()) {
        // Entries are keyed by the secret's SipHash, so the revoked hash is looked for among them
        // (revocations are rare; at most 10,000 entries).
        for (const CacheKey &k : m_cache.keys())
            if (const CacheEntry *e = m_cache.object(k); e && e->tokenHash == hash)
                m_cache.remove(k);
    } else {
        m_cache.clear();
    }
}

void TokenStore::clearCache()
{
    QMutexLocker lock(&m_mutex);
    m_cache.clear();
}

TokenStore::PasswordRecord TokenStore::passwordRecord(store::PgConnection &c, const QString &email) const
{
    const auto r = c.exec(QStringLiteral("SELECT id, password_hash, disabled FROM operators WHERE email = lower($1)"), {email});
    if (r.rows() != 1)
        return {std::nullopt, m_dummyHash};
    // A disabled operator's real hash is still verified, so disabling does not show in the timing either.
    return {r.boolean(0, 2) ? std::nullopt : std::optional<QUuid>(r.uuid(0, "id")), r.text(0, "password_hash")};
}

std::optional<OperatorRecord> findOperator(store::PgConnection &control, const QUuid &id)
{
    const auto r = control.exec(QStringLiteral("SELECT id, email, display_name, role FROM operators WHERE id = $1"), {id});
    if (r.rows() != 1)
        return std::nullopt;
    return OperatorRecord{r.uuid(0, "id"), r.text(0, "email"), r.text(0, "display_name"), r.text(0, "role")};
}

} // namespace portico::auth
