#pragma once
// Tokens in the OS keychain through QtKeychain (asynchronous jobs). When there is no keychain
// service (a headless box, no Secret Service on D-Bus), the token is kept in memory for this
// session only: it is never written to disk in plain text (no QtKeychain insecure fallback).

#include <QHash>
#include <QObject>
#include <QString>
#include <functional>

namespace portico {

class TokenStore : public QObject
{
    Q_OBJECT
public:
    // persisted: the keychain has it. notice: a sentence for the user when it did not work.
    using SaveCallback = std::function<void(bool persisted, const QString &notice)>;
    // token: empty when none is known. notice: set when the keychain could not be asked.
    using LoadCallback = std::function<void(const QString &token, const QString &notice)>;

    explicit TokenStore(const QString &service = QStringLiteral("dev.portico.Console"), QObject *parent = nullptr);

    void save(const QString &profile, const QString &token, QObject *context, SaveCallback onDone);
    void load(const QString &profile, QObject *context, LoadCallback onDone);
    void remove(const QString &profile);
    // Asks the keychain whether it is there at all (a read of a key that need not exist).
    // reason: a sentence for the user when it is not.
    using ProbeCallback = std::function<void(bool available, const QString &reason)>;
    void probe(QObject *context, ProbeCallback onDone);

    // True once a job has told us there is no keychain; later calls skip straight to the session.
    [[nodiscard]] bool keychainUnavailable() const { return m_unavailable; }

private:
    static QString keyFor(const QString &profile) { return QStringLiteral("token/") + profile; }

    QString m_service;
    QHash<QString, QString> m_session; // profile -> token, memory only
    bool m_unavailable = false;
};

} // namespace portico
