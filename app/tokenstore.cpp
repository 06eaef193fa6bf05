#include "app/tokenstore.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcTokens, "portico.tokens")

namespace portico {
namespace {
bool isMissingBackend(QKeychain::Error error)
{
    // OtherError is what the Linux backends report when D-Bus or the Secret Service is absent.
    return error == QKeychain::NoBackendAvailable || error == QKeychain::OtherError || error == QKeychain::NotImplemented;
}

QString sessionOnlyNotice()
{
    return QObject::tr("No system keychain is available, so the token is kept for this session only and is not saved.");
}
// A read job that never falls back to plain text on disk.
QKeychain::ReadPasswordJob *readJob(const QString &service, const QString &key, QObject *parent)
{
    auto *job = new QKeychain::ReadPasswordJob(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

QString noKeychainReason()
{
    return QObject::tr("No system keychain answers: a token is kept for this session only.");
}
} // namespace

TokenStore::TokenStore(const QString &service, QObject *parent) : QObject(parent), m_service(service) {}

void TokenStore::save(const QString &profile, const QString &token, QObject *context, SaveCallback onDone)
{
    m_session.insert(profile, token);
    QObject *receiver = context ? context : this;
    if (m_unavailable) {
        QTimer::singleShot(0, receiver, [onDone = std::move(onDone)] { onDone(false, sessionOnlyNotice()); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never plain text on disk
    job->setKey(keyFor(profile));
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, receiver, [this, onDone = std::move(onDone)](QKeychain::Job *done) {
        if (done->error() == QKeychain::NoError) {
            onDone(true, {});
            return;
        }
        qCWarning(lcTokens, "keychain write failed (%d): %s", int(done->error()), qUtf8Printable(done->errorString()));
        if (isMissingBackend(done->error())) {
            m_unavailable = true;
            onDone(false, sessionOnlyNotice());
        } else {
            onDone(false, tr("The keychain did not store the token (%1); it is kept for this session only.").arg(done->errorString()));
        }
    });
    job->start();
}

void TokenStore::load(const QString &profile, QObject *context, LoadCallback onDone)
{
    QObject *receiver = context ? context : this;
    const QString sessionToken = m_session.value(profile);
    if (m_unavailable || !sessionToken.isEmpty()) {
        QTimer::singleShot(0, receiver, [onDone = std::move(onDone), sessionToken] { onDone(sessionToken, {}); });
        return;
    }
    auto *job = readJob(m_service, keyFor(profile), this);
    connect(job, &QKeychain::Job::finished, receiver, [this, onDone = std::move(onDone)](QKeychain::Job *done) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(done);
        if (read->error() == QKeychain::NoError) {
            onDone(read->textData(), {});
        } else if (read->error() == QKeychain::EntryNotFound) {
            onDone({}, {});
        } else {
            qCWarning(lcTokens, "keychain read failed (%d): %s", int(read->error()), qUtf8Printable(read->errorString()));
            if (isMissingBackend(read->error()))
                m_unavailable = true;
            onDone({}, m_unavailable ? sessionOnlyNotice() : read->errorString());
        }
    });
    job->start();
}

void TokenStore::probe(QObject *context, ProbeCallback onDone)
{
    QObject *receiver = context ? context : this;
    if (m_unavailable) {
        QTimer::singleShot(0, receiver, [onDone = std::move(onDone)] { onDone(false, noKeychainReason()); });
        return;
    }
    auto *job = readJob(m_service, QStringLiteral("probe"), this);
    connect(job, &QKeychain::Job::finished, receiver, [this, onDone = std::move(onDone)](QKeychain::Job *done) {
        if (isMissingBackend(done->error())) {
            qCInfo(lcTokens, "no keychain (%d): %s", int(done->error()), qUtf8Printable(done->errorString()));
            m_unavailable = true;
            onDone(false, noKeychainReason());
            return;
        }
        onDone(true, {}); // found or not found: the keychain answered
    });
    job->start();
}

void TokenStore::remove(const QString &profile)
{
    m_session.remove(profile);
    if (m_unavailable)
        return;
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(keyFor(profile));
    job->start();
}

} // namespace portico
