#include "app/connectioncontroller.h"
#include "app/profilestore.h"
#include "app/tokenstore.h"
#include "views/connectiondialog.h"

namespace portico {

ConnectionController::ConnectionController(ApiClient *client, TokenStore *tokens, ProfileStore *profiles, QObject *parent)
    : QObject(parent), m_client(client), m_tokens(tokens), m_profiles(profiles)
{
}

void ConnectionController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void ConnectionController::fail(const Problem &problem)
{
    setBusy(false);
    Q_EMIT failed(problem);
}

void ConnectionController::configure(const ConnectionProfile &profile, const QString &token)
{
    m_profile = profile;
    m_client->setBaseUrl(profile.url);
    m_client->setToken(token);
    m_client->setReadOnly(profile.readOnly);
}

void ConnectionController::connectWithToken(const ConnectionProfile &profile, const QString &token, Options options)
{
    const quint64 attempt = ++m_attempt;
    setBusy(true);
    configure(profile, token);
    verify(attempt, token, options);
}

void ConnectionController::signIn(const ConnectionProfile &profile, const QString &email, const QString &password, Options options)
{
    const quint64 attempt = ++m_attempt;
    setBusy(true);
    configure(profile, QString());
    m_client->login(email, password, this, [this, attempt, options](const ApiResult<LoginResult> &result) {
        if (attempt != m_attempt)
            return; // superseded by a newer attempt
        if (!result) {
            fail(result.problem());
            return;
        }
        m_client->setToken(result->token);
        verify(attempt, result->token, options);
    });
}

void ConnectionController::verify(quint64 attempt, const QString &token, Options options)
{
    m_client->me(this, [this, attempt, token, options](const ApiResult<MeInfo> &result) {
        if (attempt != m_attempt)
            return;
        if (!result) {
            fail(result.problem());
            return;
        }
        m_me = result.value();
        if (options.saveProfile && m_profiles) {
            m_profiles->upsert(m_profile);
            m_profiles->setLastProfile(m_profile.name);
        }
        if (options.rememberToken && m_tokens) {
            m_tokens->save(m_profile.name, token, this, [this](bool, const QString &text) {
                if (!text.isEmpty())
                    Q_EMIT notice(text);
            });
        }
        setBusy(false);
        Q_EMIT connected(m_profile, m_me);
    });
}

void ConnectionController::attach(ConnectionDialog *dialog)
{
    m_dialog = dialog;
    connect(dialog, &ConnectionDialog::connectRequested, this, [this](const ConnectionRequest &r) {
        const Options options{r.rememberToken, true};
        if (r.method == ConnectionRequest::Method::Password)
            signIn(r.profile, r.email, r.password, options);
        else
            connectWithToken(r.profile, r.token, options);
    });
    connect(dialog, &ConnectionDialog::profileSelected, this, [this](const ConnectionProfile &p) {
        if (!m_tokens)
            return;
        m_tokens->load(p.name, m_dialog, [this, name = p.name](const QString &token, const QString &text) {
            if (!m_dialog)
                return;
            m_dialog->offerStoredToken(name, token);
            if (!text.isEmpty())
                m_dialog->showNotice(text);
        });
    });
    connect(dialog, &ConnectionDialog::deleteProfileRequested, this, [this](const QString &name) {
        if (m_profiles)
            m_profiles->remove(name);
        if (m_tokens)
            m_tokens->remove(name);
    });
    connect(this, &ConnectionController::busyChanged, dialog, &ConnectionDialog::setBusy);
    connect(this, &ConnectionController::failed, dialog, [dialog](const Problem &p) { dialog->showError(p.toDisplayString()); });
    connect(this, &ConnectionController::notice, dialog, &ConnectionDialog::showNotice);
    connect(this, &ConnectionController::connected, dialog, &QDialog::accept);
    // The dialog announced its initial profile before we were listening; ask for its token now.
    const ConnectionRequest initial = dialog->request();
    if (m_tokens && !initial.profile.name.isEmpty())
        Q_EMIT dialog->profileSelected(initial.profile);
}

} // namespace portico
