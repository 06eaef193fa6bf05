#pragma once
// Establishes a session: configures the ApiClient from a profile (URL, token, read-only: the one
// place the read-only flag is applied), verifies the token with GET /v1/me, and stores the token
// in the keychain. Headless; the ConnectionDialog is optional.

#include "client/apiclient.h"
#include "models/connectionprofile.h"
#include <QObject>
#include <QPointer>
#include <functional>

namespace portico {

class ConnectionDialog;
class ProfileStore;
class TokenStore;

class ConnectionController : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool rememberToken = true; // in the keychain (or the session when there is none)
        bool saveProfile = true;   // in QSettings
    };

    ConnectionController(ApiClient *client, TokenStore *tokens, ProfileStore *profiles, QObject *parent = nullptr);

    void connectWithToken(const ConnectionProfile &profile, const QString &token, Options options);
    void signIn(const ConnectionProfile &profile, const QString &email, const QString &password, Options options);

    // Wires a dialog: its requests come here, outcomes go back to it, it is accepted once connected.
    void attach(ConnectionDialog *dialog);

    // No server, the profile's local cache instead: the client is configured for the profile (so
    // F5 and Reconnect can reach the server later) and connected() is emitted with no operator;
    // the window then shows the last known tenant list, offline, with every edit disabled.
    void openOffline(const ConnectionProfile &profile);
    // "as of 14:02 (3 min ago), 320 tenants" when the profile has a cache with a list; empty when not.
    [[nodiscard]] static QString localCacheSummary(const QString &profileName);

    [[nodiscard]] const ConnectionProfile &profile() const { return m_profile; }
    [[nodiscard]] const MeInfo &me() const { return m_me; }
    [[nodiscard]] bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void connected(const portico::ConnectionProfile &profile, const portico::MeInfo &me);
    void failed(const portico::Problem &problem);
    void notice(const QString &text);
    void busyChanged(bool busy);

private:
    void configure(const ConnectionProfile &profile, const QString &token);
    // GET /v1/health first: an answer that is not Portico's health document fails the attempt with
    // "does not look like a Portico server"; then `next`.
    void checkServer(quint64 attempt, std::function<void()> next);
    void login(quint64 attempt, const QString &email, const QString &password, Options options);
    void verify(quint64 attempt, const QString &token, Options options);
    void setBusy(bool busy);
    void fail(const Problem &problem);

    ApiClient *m_client;
    TokenStore *m_tokens;
    ProfileStore *m_profiles;
    QPointer<ConnectionDialog> m_dialog;
    ConnectionProfile m_profile;
    MeInfo m_me;
    quint64 m_attempt = 0;
    bool m_busy = false;
};

} // namespace portico
