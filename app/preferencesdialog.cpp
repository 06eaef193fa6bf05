#include "app/preferencesdialog.h"
#include "app/settings.h"
#include "app/theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QVBoxLayout>

namespace portico {
namespace {
void selectData(QComboBox *box, const QString &value)
{
    const int index = box->findData(value);
    box->setCurrentIndex(index < 0 ? 0 : index);
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setEnabled(false); // the palette's muted text
    return label;
}
} // namespace

QStringList PreferencesDialog::languages()
{
    return {QString(), QStringLiteral("en"), QStringLiteral("de")};
}

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent), m_language(new QComboBox(this)), m_theme(new QComboBox(this)), m_timeout(new QSpinBox(this)),
      m_pageSize(new QSpinBox(this)), m_logLevel(new QComboBox(this))
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));
    setMinimumWidth(440);

    m_language->setObjectName(QStringLiteral("languageBox"));
    for (const QString &code : languages()) {
        if (code.isEmpty()) {
            const QString system = QLocale::system().nativeLanguageName();
            m_language->addItem(system.isEmpty() ? tr("System") : tr("System (%1)").arg(system), code);
        } else {
            const QLocale locale(code);
            m_language->addItem(QLocale::languageToString(locale.language()) == locale.nativeLanguageName()
                                    ? locale.nativeLanguageName()
                                    : tr("%1 (%2)").arg(locale.nativeLanguageName(), QLocale::languageToString(locale.language())),
                                code);
        }
    }
    selectData(m_language, settings::value(settings::Language));

    m_theme->setObjectName(QStringLiteral("themeBox"));
    m_theme->addItem(tr("System"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    selectData(m_theme, settings::value(settings::Theme));

    m_timeout->setObjectName(QStringLiteral("timeoutBox"));
    m_timeout->setRange(1, 300);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(std::max(1, settings::value(settings::RequestTimeoutMs) / 1000));

    m_pageSize->setRange(10, 500);
    m_pageSize->setSingleStep(50);
    m_pageSize->setValue(settings::value(settings::TenantPageSize));

    for (const char *level : {"trace", "debug", "info", "warn", "error"})
        m_logLevel->addItem(QString::fromLatin1(level), QString::fromLatin1(level));
    selectData(m_logLevel, settings::value(settings::LogLevel));

    auto *form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), note(tr("The language changes when the console is started again."), this));
    form->addRow(tr("&Theme:"), m_theme);
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    form->addRow(QString(), note(tr("Qt %1 cannot read the system's dark mode: choose Dark for dark colours.").arg(QString::fromLatin1(qVersion())), this));
#endif
    form->addRow(tr("Request &timeout:"), m_timeout);
    form->addRow(tr("Tenants per &page:"), m_pageSize);
    form->addRow(tr("Log &level:"), m_logLevel);
    form->addRow(QString(), note(tr("The page size and the log level change when the console is started again."), this));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &QDialog::accepted, this, &PreferencesDialog::save);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

void PreferencesDialog::save()
{
    settings::setValue(settings::Language, m_language->currentData().toString());
    settings::setValue(settings::Theme, m_theme->currentData().toString());
    settings::setValue(settings::RequestTimeoutMs, m_timeout->value() * 1000);
    settings::setValue(settings::TenantPageSize, m_pageSize->value());
    settings::setValue(settings::LogLevel, m_logLevel->currentData().toString());
    Q_EMIT applied(m_theme->currentData().toString(), m_timeout->value() * 1000);
}

} // namespace portico
