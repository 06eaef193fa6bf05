#pragma once
// Signed checkpoints of the audit chains. The server holds an Ed25519 key (libsodium) that the
// database never sees; a checkpoint signs (chain, seq, hash) of a chain's latest entry. Someone
// who can rewrite the database can re-hash a whole chain, but cannot sign the new hashes: the
// checkpoints stop matching.

#include <QByteArray>
#include <QString>
#include <memory>

namespace portico::store { class PgConnection; }

namespace portico::audit {

class Checkpointer
{
public:
    ~Checkpointer();
    Checkpointer(const Checkpointer &) = delete;
    Checkpointer &operator=(const Checkpointer &) = delete;

    // Reads the key from path (base64 of the 32-byte Ed25519 seed), creating it with mode 0600
    // when missing. nullptr and *error when the file cannot be read, written or parsed.
    static std::unique_ptr<Checkpointer> fromFile(const QString &path, QString *error);
    // A key that lives as long as the process: its checkpoints verify, but no later process can sign.
    static std::unique_ptr<Checkpointer> ephemeral();

    [[nodiscard]] const QString &keyId() const { return m_keyId; }       // hex of SHA-256(public key)[0..8)
    [[nodiscard]] const QByteArray &publicKey() const { return m_public; } // 32 bytes
    [[nodiscard]] QByteArray sign(const QByteArray &message) const;        // 64-byte detached signature
    static bool verify(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature);
    static QString keyIdOf(const QByteArray &publicKey);

    // Records the public key in audit_signing_keys (once).
    void registerKey(store::PgConnection &control) const;
    // Signs (chain, seq, hash) and stores the checkpoint, in the caller's transaction if any.
    void checkpoint(store::PgConnection &control, const QString &chain, qint64 seq, const QByteArray &hash) const;
    // A checkpoint for every chain with entries after its last checkpoint; returns how many were written.
    int checkpointAll(store::PgConnection &control) const;

    // The process-wide checkpointer that appends use for their every-N-entries checkpoint; may be null
    // (then appends write no checkpoints). Set once at start, before serving.
    static void install(const Checkpointer *c);
    static const Checkpointer *installed();

private:
    explicit Checkpointer(const QByteArray &seed);
    QByteArray m_secret; // libsodium's 64-byte secret key (seed || public key)
    QByteArray m_public;
    QString m_keyId;
};

} // namespace portico::audit
