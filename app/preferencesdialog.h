#pragma once
// Edit ▸ Preferences (Ctrl+,): the console's settings in one place, through the typed table in
// app/settings.h. The theme and the request timeout apply when accepted; the language, the page
// size and the log level on the next start (the dialog says which).

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace portico {

class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);

    // The shipped languages: "" (the system's) first, then "en", "de".
    [[nodiscard]] static QStringList languages();

    // Writes the choices to the settings (what accept() does).
    void save();

    [[nodiscard]] QComboBox *languageBox() const { return m_language; }
    [[nodiscard]] QComboBox *themeBox() const { return m_theme; }
    [[nodiscard]] QSpinBox *timeoutBox() const { return m_timeout; }

Q_SIGNALS:
    // After save(): the theme and the timeout (ms) to apply now.
    void applied(const QString &theme, int requestTimeoutMs);

private:
    QComboBox *m_language;
    QComboBox *m_theme;
    QSpinBox *m_timeout;
    QSpinBox *m_pageSize;
    QComboBox *m_logLevel;
};

} // namespace portico
