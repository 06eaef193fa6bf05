#pragma once
// Pick or edit a connection profile and sign in (email + password, or a pasted token).
// The dialog only collects input and shows outcomes; the ConnectionController does the work
// (network, keychain) and answers through setBusy/showError/showNotice/offerStoredToken.

#include "models/connectionprofile.h"
#include <QDialog>
#include <QList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace portico {

struct ConnectionRequest
{
    enum class Method { Password, Token };
    ConnectionProfile profile;
    Method method = Method::Password;
    QString email;
    QString password;
    QString token;
    bool rememberToken = true;
};

class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(const QList<ConnectionProfile> &profiles, const QString &selectedProfile,
                              QWidget *parent = nullptr);

    [[nodiscard]] ConnectionRequest request() const;

    // Why `text` is not a server URL the console can use, in a sentence; empty when it is.
    [[nodiscard]] static QString urlProblem(const QString &text);

    // Without a keychain the token cannot be remembered: the box is off and disabled, `reason` beside it.
    void setKeychainAvailable(bool available, const QString &reason = {});

    // For tests and screenshots.
    [[nodiscard]] QPushButton *connectButton() const { return m_connectButton; }
    [[nodiscard]] QLineEdit *urlEdit() const { return m_url; }
    [[nodiscard]] QLineEdit *tokenEdit() const { return m_token; }
    [[nodiscard]] QCheckBox *rememberBox() const { return m_remember; }
    [[nodiscard]] QString urlErrorText() const; // empty when hidden
    [[nodiscard]] QString keychainReasonText() const; // empty when hidden
    [[nodiscard]] QString errorText() const; // empty when hidden

    void setBusy(bool busy);
    void showError(const QString &text);
    void showNotice(const QString &text); // e.g. "no keychain: the token is kept for this session only"
    // A token found in the keychain (or the session) for this profile: prefill the token method.
    void offerStoredToken(const QString &profileName, const QString &token);
    // The server cannot be reached but the profile has a local cache: "Open offline" is shown,
    // `detail` (how old the cache is) in its tooltip. Hidden again by any new attempt or profile.
    void offerOffline(const QString &detail);
    [[nodiscard]] QPushButton *offlineButton() const { return m_offlineButton; }

Q_SIGNALS:
    void connectRequested(const portico::ConnectionRequest &request);
    void profileSelected(const portico::ConnectionProfile &profile);
    void deleteProfileRequested(const QString &name);
    // "Open offline": browse the profile's last known tenant list without the server.
    void openOfflineRequested(const portico::ConnectionProfile &profile);

private:
    void loadProfile(int index);
    void updateMethod();
    void validate();

    QList<ConnectionProfile> m_profiles;
    QComboBox *m_profileCombo;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QCheckBox *m_readOnly;
    QRadioButton *m_usePassword;
    QRadioButton *m_useToken;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QLineEdit *m_token;
    QCheckBox *m_remember;
    QLabel *m_urlError;
    QLabel *m_keychainReason;
    QLabel *m_notice;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPushButton *m_connectButton = nullptr;
    QPushButton *m_offlineButton = nullptr;
    bool m_busy = false;
};

} // namespace portico
