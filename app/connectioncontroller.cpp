#include "app/connectioncontroller.h"
#include "app/profilestore.h"
#include "app/tokenstore.h"
#include "models/directorycache.h"
#include "models/formatting.h"
#include "models/localstore.h"
#include "views/connectiondialog.h"

#include <QFile>
#include <QLocale>

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

void ConnectionController::checkServer(quint64 attempt, std::function<void()> next)
{
    m_client->send("GET", QStringLiteral("/v1/health"), {}, {}, this,
                   [this, attempt, next = std::move(next)](const ApiResult<QJsonDocument> &result) {
        if (attempt != m_attempt)
            return;
        const auto notPortico = [this](const QString &what) {
            Problem p;
            p.status = 0;
            p.type = QString::fromLatin1(problem::NotFound);
            p.title = tr("This does not look like a Portico server");
            p.detail = tr("This does not look like a Portico server: %1 answered GET /v1/health with %2.")
                           .arg(m_client->baseUrl().toString(), what);
            fail(p);
        };
        if (!result) {
            const Problem &p = result.problem();
            // No answer at all, or Portico's own "database down" (503) and rate limit (429): say that.
            if (p.type == QLatin1String(problem::Network) || p.status == 503 || p.status == 429) {
                fail(p);
                return;
            }
            notPortico(p.status > 0 ? tr("HTTP %1 %2").arg(p.status).arg(reasonPhrase(p.status)) : p.toDisplayString());
            return;
        }
        const QJsonObject o = result.value().object();
        if (!o.value(QLatin1String("status")).isString() || !o.contains(QLatin1String("database"))) {
            notPortico(tr("a 200 that is not Portico's health document"));
            return;
        }
        next();
    });
}

void ConnectionController::connectWithToken(const ConnectionProfile &profile, const QString &token, Options options)
{
    const quint64 attempt = ++m_attempt;
    setBusy(true);
    configure(profile, token);
    checkServer(attempt, [this, attempt, token, options] { verify(attempt, token, options); });
}

void ConnectionController::signIn(const ConnectionProfile &profile, const QString &email, const QString &password, Options options)
{
    const quint64 attempt = ++m_attempt;
    setBusy(true);
    configure(profile, QString());
    checkServer(attempt, [this, attempt, email, password, options] { login(attempt, email, password, options); });
}

void ConnectionController::login(quint64 attempt, const QString &email, const QString &password, Options options)
{
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

QString ConnectionController::localCacheSummary(const QString &profileName)
{
    const QString path = LocalStore::pathForProfile(profileName);
    if (profileName.isEmpty() || !QFile::exists(path))
        return {};
    LocalStore store(path);
    if (!store.open())
        return {};
    DirectoryCache directory(&store);
    const auto fetched = directory.fetchedAt();
    const auto age = directory.age();
    if (!fetched || !age)
        return {};
    return tr("as of %1 (%2 ago), %3")
        .arg(QLocale().toString(fetched->toLocalTime(), QLocale::ShortFormat), DirectoryCache::describeAge(*age),
             format::tenantCount(directory.count()));
}

void ConnectionController::openOffline(const ConnectionProfile &profile)
{
    ++m_attempt; // an attempt still under way must not connect as well
    setBusy(false);
    QString token;
    if (m_client->baseUrl() == profile.url)
        token = m_client->token(); // what the failed attempt was given, for when the server is back
    configure(profile, token);
    m_me = MeInfo{};
    Q_EMIT connected(m_profile, m_me);
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
            // No keychain at all is said beside the "remember" box already (the probe's answer).
            if (!text.isEmpty() && !m_tokens->keychainUnavailable())
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
    // No answer at all (not a refusal): a profile with a local cache may still be browsed.
    connect(this, &ConnectionController::failed, dialog, [this, dialog](const Problem &p) {
        if (p.status != 0)
            return;
        const QString summary = localCacheSummary(m_profile.name);
        if (!summary.isEmpty())
            dialog->offerOffline(tr("The server cannot be reached. Browse the last known tenant list of %1 (%2); changes need the server.")
                                     .arg(m_profile.name, summary));
    });
    connect(dialog, &ConnectionDialog::openOfflineRequested, this, &ConnectionController::openOffline);
    if (m_tokens) {
        m_tokens->probe(dialog, [dialog](bool available, const QString &reason) { dialog->setKeychainAvailable(available, reason); });
    }
    // The dialog announced its initial profile before we were listening; ask for its token now.
    const ConnectionRequest initial = dialog->request();
    if (m_tokens && !initial.profile.name.isEmpty())
        Q_EMIT dialog->profileSelected(initial.profile);
}

} // namespace portico
