#include "views/connectiondialog.h"
#include "models/tones.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace portico {

ConnectionDialog::ConnectionDialog(const QList<ConnectionProfile> &profiles, const QString &selectedProfile, QWidget *parent)
    : QDialog(parent), m_profiles(profiles), m_profileCombo(new QComboBox(this)), m_name(new QLineEdit(this)),
      m_url(new QLineEdit(this)), m_readOnly(new QCheckBox(tr("Read-&only: never change anything through this profile"), this)),
      m_usePassword(new QRadioButton(tr("Email &and password"), this)), m_useToken(new QRadioButton(tr("Access to&ken"), this)),
      m_email(new QLineEdit(this)), m_password(new QLineEdit(this)), m_token(new QLineEdit(this)),
      m_remember(new QCheckBox(tr("&Remember the token in the system keychain"), this)), m_urlError(new QLabel(this)),
      m_keychainReason(new QLabel(this)), m_notice(new QLabel(this)),
      m_error(new QLabel(this)), m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(tr("Connect to a Portico server"));
    m_profileCombo->setObjectName(QStringLiteral("profileCombo"));
    for (const ConnectionProfile &p : m_profiles)
        m_profileCombo->addItem(p.name);
    m_profileCombo->addItem(tr("New profile…"));

    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:8740"));
    m_email->setPlaceholderText(tr("you@example.com"));
    m_password->setEchoMode(QLineEdit::Password);
    m_token->setEchoMode(QLineEdit::Password); // a token is a password in all but name
    m_token->setPlaceholderText(QStringLiteral("pto_…"));
    m_remember->setChecked(true);
    m_usePassword->setChecked(true);
    m_notice->setWordWrap(true);
    m_notice->hide();
    m_error->setWordWrap(true);
    m_error->setStyleSheet(toneTextStyle(Tone::Bad));
    m_error->hide();
    for (QLabel *label : {m_urlError, m_keychainReason}) {
        label->setWordWrap(true);
        label->hide();
    }
    m_urlError->setObjectName(QStringLiteral("urlError"));
    m_urlError->setStyleSheet(toneTextStyle(Tone::Bad));
    m_keychainReason->setObjectName(QStringLiteral("keychainReason"));
    m_keychainReason->setEnabled(false); // muted, like a hint

    auto *deleteButton = new QPushButton(tr("&Delete"), this);
    connect(deleteButton, &QPushButton::clicked, this, [this] {
        const int index = m_profileCombo->currentIndex();
        if (index < 0 || index >= m_profiles.size())
            return;
        Q_EMIT deleteProfileRequested(m_profiles.at(index).name);
        m_profiles.removeAt(index);
        m_profileCombo->removeItem(index);
    });
    auto *profileRow = new QHBoxLayout;
    profileRow->addWidget(m_profileCombo, 1);
    profileRow->addWidget(deleteButton);

    auto *form = new QFormLayout;
    auto *profileLabel = new QLabel(tr("&Profile"), this);
    profileLabel->setBuddy(m_profileCombo);
    form->addRow(profileLabel, profileRow);
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("Server &URL"), m_url);
    form->addRow(QString(), m_urlError);
    form->addRow(QString(), m_readOnly);
    form->addRow(QString(), m_usePassword);
    form->addRow(tr("&Email"), m_email);
    form->addRow(tr("Pass&word"), m_password);
    form->addRow(QString(), m_useToken);
    form->addRow(tr("&Token"), m_token);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_keychainReason);

    m_connectButton = m_buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);
    m_offlineButton = m_buttons->addButton(tr("Open &offline"), QDialogButtonBox::ActionRole);
    m_offlineButton->setObjectName(QStringLiteral("openOfflineButton"));
    m_offlineButton->setAutoDefault(false);
    m_offlineButton->hide();
    connect(m_offlineButton, &QPushButton::clicked, this, [this] { Q_EMIT openOfflineRequested(request().profile); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        m_error->hide();
        m_offlineButton->hide();
        Q_EMIT connectRequested(request()); // the controller accepts the dialog once connected
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_notice);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_profileCombo, &QComboBox::currentIndexChanged, this, &ConnectionDialog::loadProfile);
    connect(m_usePassword, &QRadioButton::toggled, this, &ConnectionDialog::updateMethod);
    for (QLineEdit *edit : {m_name, m_url, m_email, m_password, m_token})
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::validate);

    int selected = 0;
    for (int i = 0; i < m_profiles.size(); ++i)
        if (m_profiles.at(i).name == selectedProfile)
            selected = i;
    m_profileCombo->setCurrentIndex(selected);
    loadProfile(selected);
    updateMethod();
}

void ConnectionDialog::loadProfile(int index)
{
    m_token->clear();
    if (m_offlineButton)
        m_offlineButton->hide(); // the offer was for the other profile's cache
    if (index >= 0 && index < m_profiles.size()) {
        const ConnectionProfile &p = m_profiles.at(index);
        m_name->setText(p.name);
        m_url->setText(p.url.toString());
        m_readOnly->setChecked(p.readOnly);
        m_email->setText(p.lastEmail);
        Q_EMIT profileSelected(p);
    } else {
        m_name->setText(tr("Local"));
        m_url->setText(QStringLiteral("http://127.0.0.1:8740"));
        m_readOnly->setChecked(false);
        m_email->clear();
    }
    validate();
}

void ConnectionDialog::updateMethod()
{
    const bool password = m_usePassword->isChecked();
    m_email->setEnabled(password);
    m_password->setEnabled(password);
    m_token->setEnabled(!password);
    validate();
}

QString ConnectionDialog::urlProblem(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return tr("Enter the server's address, e.g. https://portico.example.com.");
    if (text.contains(QLatin1Char(' ')))
        return tr("An address has no spaces.");
    const bool hasScheme = text.contains(QLatin1String("://"));
    const QUrl url(hasScheme ? text : QStringLiteral("http://") + text, QUrl::StrictMode);
    if (!url.isValid())
        return tr("This is not a valid address: %1").arg(url.errorString());
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return tr("Only http:// and https:// addresses are supported, not %1://.").arg(url.scheme());
    if (url.host().isEmpty())
        return tr("The address has no host name.");
    if (url.hasQuery() || url.hasFragment())
        return tr("The address of a server has no query (?…) or fragment (#…).");
    return {};
}

void ConnectionDialog::setKeychainAvailable(bool available, const QString &reason)
{
    m_remember->setEnabled(available);
    if (!available)
        m_remember->setChecked(false);
    m_keychainReason->setText(available ? QString() : reason);
    m_keychainReason->setVisible(!available && !reason.isEmpty());
    if (isVisible())
        adjustSize(); // the wrapped reason's height
}

QString ConnectionDialog::urlErrorText() const
{
    return m_urlError->isHidden() ? QString() : m_urlError->text();
}

QString ConnectionDialog::keychainReasonText() const
{
    return m_keychainReason->isHidden() ? QString() : m_keychainReason->text();
}

QString ConnectionDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ConnectionDialog::validate()
{
    const ConnectionRequest r = request();
    const bool credentials = r.method == ConnectionRequest::Method::Password ? !r.email.isEmpty() && !r.password.isEmpty()
                                                                            : !r.token.isEmpty();
    const QString urlWhy = urlProblem(m_url->text());
    m_urlError->setText(urlWhy);
    m_urlError->setVisible(!urlWhy.isEmpty());
    if (m_connectButton) {
        m_connectButton->setEnabled(!m_busy && urlWhy.isEmpty() && r.profile.isValid() && credentials);
        m_connectButton->setToolTip(urlWhy);
    }
}

ConnectionRequest ConnectionDialog::request() const
{
    ConnectionRequest r;
    r.profile.name = m_name->text().trimmed();
    r.profile.url = QUrl::fromUserInput(m_url->text().trimmed());
    r.profile.readOnly = m_readOnly->isChecked();
    r.profile.lastEmail = m_email->text().trimmed();
    r.method = m_usePassword->isChecked() ? ConnectionRequest::Method::Password : ConnectionRequest::Method::Token;
    r.email = m_email->text().trimmed();
    r.password = m_password->text();
    r.token = m_token->text().trimmed();
    r.rememberToken = m_remember->isChecked();
    return r;
}

void ConnectionDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *w : std::initializer_list<QWidget *>{m_profileCombo, m_name, m_url, m_readOnly, m_usePassword, m_useToken})
        w->setEnabled(!busy);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
    validate();
}

void ConnectionDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void ConnectionDialog::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void ConnectionDialog::offerOffline(const QString &detail)
{
    m_offlineButton->setToolTip(detail);
    m_offlineButton->setVisible(!detail.isEmpty());
}

void ConnectionDialog::offerStoredToken(const QString &profileName, const QString &token)
{
    if (profileName != m_name->text().trimmed() || token.isEmpty())
        return;
    m_token->setText(token);
    m_useToken->setChecked(true);
    showNotice(tr("A saved token was found for this profile."));
}

} // namespace portico
