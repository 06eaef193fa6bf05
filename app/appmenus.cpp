#include "app/appmenus.h"
#include "app/preferencesdialog.h"
#include "app/theme.h"
#include "app/tokenstore.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolBar>
#include <QMenu>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace portico {

// --- Keyboard shortcuts ---

namespace {
QString plainText(QString text)
{
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    text.remove(QChar(u'…'));
    return text.trimmed();
}

// "Tenants ▸ Configuration": the tabs that hold `widget`, outermost first.
QString tabPath(const QWidget *widget)
{
    QStringList path;
    for (const QWidget *w = widget; w && w->parentWidget(); w = w->parentWidget()) {
        const auto *tabs = qobject_cast<const QTabWidget *>(w->parentWidget()->parentWidget());
        if (tabs && qobject_cast<const QStackedWidget *>(w->parentWidget()) && tabs->indexOf(const_cast<QWidget *>(w)) >= 0)
            path.prepend(plainText(tabs->tabText(tabs->indexOf(const_cast<QWidget *>(w)))));
    }
    return path.join(QStringLiteral(" ▸ "));
}

QString whereOf(const QAction *action, const QWidget *window)
{
    const QList<QObject *> owners = action->associatedObjects();
    for (QObject *owner : owners)
        if (const auto *menu = qobject_cast<const QMenu *>(owner))
            return plainText(menu->title());
    for (QObject *owner : owners)
        if (const auto *widget = qobject_cast<const QWidget *>(owner); widget && widget != window && !qobject_cast<const QToolBar *>(widget))
            if (const QString path = tabPath(widget); !path.isEmpty())
                return path;
    if (const auto *parent = qobject_cast<const QWidget *>(action->parent()); parent && parent != window)
        return tabPath(parent);
    return {};
}
} // namespace

QList<ShortcutEntry> shortcutEntries(const QWidget *window)
{
    QList<ShortcutEntry> entries;
    QSet<QString> seen;
    QList<QAction *> actions = window->actions();
    actions += window->findChildren<QAction *>();
    for (QAction *action : std::as_const(actions)) {
        if (action->shortcuts().isEmpty() || action->isSeparator())
            continue;
        QStringList keys;
        for (const QKeySequence &key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        QString text = plainText(action->text());
        if (text.isEmpty())
            text = plainText(action->toolTip().section(QLatin1Char('('), 0, 0));
        if (text.isEmpty())
            text = action->objectName().isEmpty() ? AppMenus::tr("(unnamed action)") : action->objectName();
        ShortcutEntry entry{text, whereOf(action, window), keys.join(QStringLiteral(", "))};
        const QString key = entry.action + QLatin1Char('\n') + entry.where + QLatin1Char('\n') + entry.shortcut;
        if (seen.contains(key))
            continue;
        seen.insert(key);
        entries.append(entry);
    }
    std::sort(entries.begin(), entries.end(), [](const ShortcutEntry &a, const ShortcutEntry &b) {
        const int c = QString::localeAwareCompare(a.action, b.action);
        return c != 0 ? c < 0 : QString::localeAwareCompare(a.where, b.where) < 0;
    });
    return entries;
}

ShortcutListDialog::ShortcutListDialog(const QList<ShortcutEntry> &entries, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(int(entries.size()), 3, this))
{
    setObjectName(QStringLiteral("shortcutListDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut"), tr("Where")});
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    for (int row = 0; row < entries.size(); ++row) {
        m_table->setItem(row, 0, new QTableWidgetItem(entries.at(row).action));
        m_table->setItem(row, 1, new QTableWidgetItem(entries.at(row).shortcut));
        m_table->setItem(row, 2, new QTableWidgetItem(entries.at(row).where.isEmpty() ? tr("Everywhere") : entries.at(row).where));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Shortcuts of a page or tab act while the focus is on it."), this));
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(620, 560);
}

// --- About ---

QString AboutDialog::licencesHtml()
{
    // What the console binary ships with; libsodium and PostgreSQL's libpq are the server's only.
    return tr("<p>The console ships with:</p><ul>"
              "<li>Qt %1 (Widgets, Network, Charts, Concurrent): LGPL-3.0</li>"
              "<li>QtKeychain: BSD-3-Clause</li>"
              "<li>spdlog and its fmt: MIT</li>"
              "</ul>")
        .arg(QString::fromLatin1(qVersion()));
}

AboutDialog::AboutDialog(ApiClient *client, QWidget *parent) : QDialog(parent), m_server(new QLabel(this))
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Portico Console"));
    setMinimumWidth(460);
    auto *title = new QLabel(tr("<h3>Portico Console %1</h3>").arg(QStringLiteral(PORTICO_VERSION)), this);
    m_server->setObjectName(QStringLiteral("aboutServer"));
    m_server->setWordWrap(true);
    m_server->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_server->setText(tr("Server %1: asking…").arg(client->baseUrl().toString()));
    auto *licences = new QLabel(licencesHtml(), this);
    licences->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_server);
    layout->addWidget(licences);
    layout->addWidget(buttons);

    const QString url = client->baseUrl().toString();
    client->health(this, [this, url](const ApiResult<HealthInfo> &r) {
        if (!r) {
            m_server->setText(tr("Server %1 did not answer GET /v1/health: %2").arg(url, r.problem().toDisplayString()));
        } else {
            m_server->setText(tr("Server %1: Portico %2 (status %3, database %4, up %5 s)")
                                  .arg(url, r->version.isEmpty() ? tr("of unknown version") : r->version, r->status, r->database)
                                  .arg(r->uptimeSeconds));
        }
        Q_EMIT serverAnswered();
    });
}

QString AboutDialog::serverText() const
{
    return m_server->text();
}

// --- The menus ---

AppMenus::AppMenus(QMainWindow *window, ApiClient *client, const ConnectionProfile &profile)
    : QObject(window), m_window(window), m_client(client), m_profile(profile)
{
    build();
}

QString AppMenus::windowTitle(const QString &profile, bool readOnly, bool signedOut)
{
    if (signedOut)
        return tr("Portico Console — %1 (signed out)").arg(profile);
    if (readOnly)
        return tr("Portico Console — %1 (read-only)").arg(profile);
    return tr("Portico Console — %1").arg(profile);
}

QUrl AppMenus::documentationUrl()
{
    const QString appDir = QCoreApplication::applicationDirPath();
    const QStringList candidates{appDir + QStringLiteral("/../share/doc/portico/README.md"),
#ifdef PORTICO_SOURCE_DIR
                                 QStringLiteral(PORTICO_SOURCE_DIR "/README.md"),
#endif
    };
    for (const QString &path : candidates)
        if (QFileInfo::exists(path))
            return QUrl::fromLocalFile(QDir::cleanPath(path));
    return {};
}

void AppMenus::build()
{
    m_switch = new QAction(tr("&Switch profile…"), m_window);
    m_switch->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_switch->setToolTip(tr("Connect with another profile (Ctrl+Shift+P)."));
    connect(m_switch, &QAction::triggered, this, &AppMenus::switchProfileRequested);

    m_reconnect = new QAction(tr("&Reconnect"), m_window);
    m_reconnect->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_reconnect, &QAction::triggered, this, &AppMenus::reconnect);

    m_signOut = new QAction(tr("Sign &out"), m_window);
    m_signOut->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q));
    m_signOut->setToolTip(tr("Revoke this session's token on the server and forget it."));
    connect(m_signOut, &QAction::triggered, this, &AppMenus::signOut);

    m_preferences = new QAction(tr("&Preferences…"), m_window);
    m_preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_preferences->setMenuRole(QAction::PreferencesRole);
    connect(m_preferences, &QAction::triggered, this, &AppMenus::showPreferences);

    m_documentation = new QAction(tr("&Documentation"), m_window);
    const QUrl docs = documentationUrl();
    m_documentation->setEnabled(docs.isValid());
    m_documentation->setToolTip(docs.isValid() ? tr("Opens %1").arg(docs.toLocalFile())
                                               : tr("The documentation is not installed with this console."));
    connect(m_documentation, &QAction::triggered, this, [this, docs] {
        if (!QDesktopServices::openUrl(docs))
            Q_EMIT statusMessage(tr("Cannot open %1.").arg(docs.toLocalFile()));
    });

    m_shortcuts = new QAction(tr("&Keyboard shortcuts"), m_window);
    m_shortcuts->setShortcut(QKeySequence(Qt::Key_F1));
    connect(m_shortcuts, &QAction::triggered, this, &AppMenus::showShortcuts);

    m_about = new QAction(tr("&About Portico Console"), m_window);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &AppMenus::showAbout);
    auto *aboutQt = new QAction(tr("About &Qt"), m_window);
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);

    QMenu *connection = m_window->menuBar()->addMenu(tr("&Connection"));
    connection->addAction(m_switch);
    connection->addAction(m_reconnect);
    connection->addSeparator();
    connection->addAction(m_signOut);
    QMenu *settingsMenu = m_window->menuBar()->addMenu(tr("&Settings"));
    settingsMenu->addAction(m_preferences);
    QMenu *help = m_window->menuBar()->addMenu(tr("&Help"));
    help->addAction(m_documentation);
    help->addAction(m_shortcuts);
    help->addSeparator();
    help->addAction(m_about);
    help->addAction(aboutQt);
    updateActions();
}

void AppMenus::updateActions()
{
    m_reconnect->setEnabled(!m_signedOut && !m_busy);
    m_signOut->setEnabled(!m_signedOut && !m_busy);
}

void AppMenus::signOut()
{
    if (m_signedOut || m_busy)
        return;
    m_busy = true;
    updateActions();
    m_client->logout(this, [this](const ApiResult<Empty> &r) {
        m_busy = false;
        // 401: the server no longer knows the token, which is what signing out wants.
        if (!r && r.problem().status != 401) {
            updateActions();
            Q_EMIT problemOccurred(r.problem());
            return;
        }
        if (m_tokens)
            m_tokens->remove(m_profile.name);
        m_client->setToken(QString());
        m_signedOut = true;
        updateActions();
        Q_EMIT signedOut();
    });
}

void AppMenus::reconnect()
{
    if (m_signedOut || m_busy)
        return;
    m_busy = true;
    updateActions();
    Q_EMIT statusMessage(tr("Reconnecting to %1…").arg(m_client->baseUrl().toString()));
    m_client->me(this, [this](const ApiResult<MeInfo> &r) {
        m_busy = false;
        updateActions();
        if (!r) {
            Q_EMIT problemOccurred(r.problem());
            return;
        }
        Q_EMIT statusMessage(tr("Connected again."));
        Q_EMIT reconnected();
    });
}

ShortcutListDialog *AppMenus::showShortcuts()
{
    auto *dialog = new ShortcutListDialog(shortcutEntries(m_window), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

AboutDialog *AppMenus::showAbout()
{
    auto *dialog = new AboutDialog(m_client, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void AppMenus::showPreferences()
{
    auto *dialog = new PreferencesDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PreferencesDialog::applied, this, [this](const QString &name, int timeoutMs) {
        theme::apply(name);
        m_client->setTimeout(std::chrono::milliseconds(timeoutMs));
    });
    dialog->open();
}

} // namespace portico
