#include "server/audit/checkpointer.h"
#include "core/auditchain.h"
#include "server/store/pg.h"
#include <QFile>
#include <atomic>
#include <sodium.h>

namespace portico::audit {
namespace {
std::atomic<const Checkpointer *> g_installed{nullptr};

QByteArray byteaParam(const QByteArray &raw) { return "\\x" + raw.toHex(); }
} // namespace

Checkpointer::Checkpointer(const QByteArray &seed)
    : m_secret(crypto_sign_SECRETKEYBYTES, Qt::Uninitialized), m_public(crypto_sign_PUBLICKEYBYTES, Qt::Uninitialized)
{
    crypto_sign_seed_keypair(reinterpret_cast<unsigned char *>(m_public.data()), reinterpret_cast<unsigned char *>(m_secret.data()),
                             reinterpret_cast<const unsigned char *>(seed.constData()));
    m_keyId = keyIdOf(m_public);
}

Checkpointer::~Checkpointer()
{
    if (installed() == this)
        install(nullptr);
    sodium_memzero(m_secret.data(), size_t(m_secret.size()));
}

QString Checkpointer::keyIdOf(const QByteArray &publicKey)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(publicKey.constData()), quint64(publicKey.size()));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), 8).toHex());
}

std::unique_ptr<Checkpointer> Checkpointer::ephemeral()
{
    QByteArray seed(crypto_sign_SEEDBYTES, Qt::Uninitialized);
    randombytes_buf(seed.data(), size_t(seed.size()));
    std::unique_ptr<Checkpointer> c(new Checkpointer(seed));
    sodium_memzero(seed.data(), size_t(seed.size()));
    return c;
}

std::unique_ptr<Checkpointer> Checkpointer::fromFile(const QString &path, QString *error)
{
    QFile in(path);
    if (in.exists()) {
        if (!in.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, in.errorString());
            return nullptr;
        }
        QByteArray text = in.readAll().trimmed();
        const auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
        sodium_memzero(text.data(), size_t(text.size()));
        QByteArray seed = decoded ? *decoded : QByteArray();
        if (seed.size() != crypto_sign_SEEDBYTES) {
            *error = QStringLiteral("%1 does not hold a signing key (base64 of %2 bytes)").arg(path).arg(crypto_sign_SEEDBYTES);
            return nullptr;
        }
        std::unique_ptr<Checkpointer> c(new Checkpointer(seed));
        sodium_memzero(seed.data(), size_t(seed.size()));
        return c;
    }
    QByteArray seed(crypto_sign_SEEDBYTES, Qt::Uninitialized);
    randombytes_buf(seed.data(), size_t(seed.size()));
    // Created 0600 in the open call itself (never chmod-ed afterwards), so no other user can open it
    // in between; NewOnly refuses to overwrite a key another process wrote meanwhile.
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || out.write(seed.toBase64() + '\n') < 0 || !out.flush()) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, out.errorString());
        return nullptr;
    }
    out.close();
    std::unique_ptr<Checkpointer> c(new Checkpointer(seed));
    sodium_memzero(seed.data(), size_t(seed.size()));
    return c;
}

QByteArray Checkpointer::sign(const QByteArray &message) const
{
    QByteArray signature(crypto_sign_BYTES, Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char *>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char *>(message.constData()), quint64(message.size()),
                         reinterpret_cast<const unsigned char *>(m_secret.constData()));
    return signature;
}

bool Checkpointer::verify(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature)
{
    if (publicKey.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES)
        return false;
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(signature.constData()),
                                       reinterpret_cast<const unsigned char *>(message.constData()), quint64(message.size()),
                                       reinterpret_cast<const unsigned char *>(publicKey.constData())) == 0;
}

void Checkpointer::registerKey(store::PgConnection &control) const
{
    control.exec(QStringLiteral("INSERT INTO audit_signing_keys (key_id, public_key) VALUES ($1, $2::bytea) ON CONFLICT DO NOTHING"),
                 {m_keyId, byteaParam(m_public)});
}

void Checkpointer::checkpoint(store::PgConnection &control, const QString &chain, qint64 seq, const QByteArray &hash) const
{
    // A timer run and an append can both checkpoint the same entry; the first one stands.
    control.exec(QStringLiteral("INSERT INTO audit_checkpoints (chain, seq, hash, signature, key_id) "
                                "VALUES ($1, $2, $3::bytea, $4::bytea, $5) ON CONFLICT (chain, seq) DO NOTHING"),
                 {chain, seq, byteaParam(hash), byteaParam(sign(checkpointMessage(chain, seq, hash))), m_keyId});
}

int Checkpointer::checkpointAll(store::PgConnection &control) const
{
    // Entries are immutable once committed, so signing the latest committed one needs no chain lock.
    const auto r = control.exec(QStringLiteral(
        "SELECT l.chain, l.seq, encode(l.hash, 'hex') AS hash "
        "  FROM (SELECT DISTINCT ON (chain) chain, seq, hash FROM audit_log ORDER BY chain, seq DESC) l "
        "  LEFT JOIN (SELECT chain, max(seq) AS seq FROM audit_checkpoints GROUP BY chain) c ON c.chain = l.chain "
        " WHERE c.seq IS NULL OR c.seq < l.seq"));
    for (int i = 0; i < r.rows(); ++i)
        checkpoint(control, r.text(i, 0), r.integer(i, 1), QByteArray::fromHex(r.text(i, 2).toLatin1()));
    return r.rows();
}

void Checkpointer::install(const Checkpointer *c) { g_installed.store(c); }
const Checkpointer *Checkpointer::installed() { return g_installed.load(); }

} // namespace portico::audit
