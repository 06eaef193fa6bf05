#pragma once
// The application's own menus of the main window: Connection (switch profile, reconnect, sign
// out), Edit ▸ Preferences and Help (documentation, keyboard shortcuts, About). MainWindow makes
// one in buildMenus() and owns it; main() hands it the token store and answers switchRequested.

#include "client/apiclient.h"
#include "models/connectionprofile.h"
#include <QDialog>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QAction;
class QLabel;
class QMainWindow;
class QMenu;
class QTableWidget;

namespace portico {

class TokenStore;

// One row of the keyboard-shortcut list.
struct ShortcutEntry
{
    QString action;   // the action's text, without mnemonics (its tooltip when it has none)
    QString where;    // the menu it is in, or the page (and tab) it belongs to; empty: everywhere
    QString shortcut; // every shortcut of it, native text, ", "-separated
};
// Every action of `window` (and its children) that has a shortcut, sorted by action, the same
// action, place and keys once; generated from the QActions themselves so the list cannot drift.
[[nodiscard]] QList<ShortcutEntry> shortcutEntries(const QWidget *window);

class ShortcutListDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutListDialog(const QList<ShortcutEntry> &entries, QWidget *parent = nullptr);
    [[nodiscard]] QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};

// Help ▸ About: the console's version, the server's answer to GET /v1/health, the licences of
// what the console ships with.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    AboutDialog(ApiClient *client, QWidget *parent = nullptr);
    [[nodiscard]] QString serverText() const; // for tests
    [[nodiscard]] static QString licencesHtml();

Q_SIGNALS:
    void serverAnswered();

private:
    QLabel *m_server;
};

class AppMenus : public QObject
{
    Q_OBJECT
public:
    AppMenus(QMainWindow *window, ApiClient *client, const ConnectionProfile &profile);

    void setTokenStore(TokenStore *tokens) { m_tokens = tokens; }

    // "Portico Console — profile", with "read-only" or "signed out" when so.
    [[nodiscard]] static QString windowTitle(const QString &profile, bool readOnly, bool signedOut);
    // The documentation the Help menu opens: the README installed with the console or, in a build
    // tree, the source's; empty when neither is found.
    [[nodiscard]] static QUrl documentationUrl();

    [[nodiscard]] bool isSignedOut() const { return m_signedOut; }
    [[nodiscard]] QAction *switchProfileAction() const { return m_switch; }
    [[nodiscard]] QAction *reconnectAction() const { return m_reconnect; }
    [[nodiscard]] QAction *signOutAction() const { return m_signOut; }
    [[nodiscard]] QAction *preferencesAction() const { return m_preferences; }
    [[nodiscard]] QAction *documentationAction() const { return m_documentation; }
    [[nodiscard]] QAction *shortcutsAction() const { return m_shortcuts; }
    [[nodiscard]] QAction *aboutAction() const { return m_about; }

    // The actions, also reachable without the menus (tests).
    void signOut();
    void reconnect();
    ShortcutListDialog *showShortcuts();
    AboutDialog *showAbout();
    void showPreferences();

Q_SIGNALS:
    void switchProfileRequested();
    void signedOut();           // the token is revoked and forgotten
    void reconnected();         // /v1/me answered again: reload what is shown
    void problemOccurred(const portico::Problem &problem);
    void statusMessage(const QString &text);

private:
    void build();
    void updateActions();

    QMainWindow *m_window;
    ApiClient *m_client;
    ConnectionProfile m_profile;
    TokenStore *m_tokens = nullptr; // outlives the window (main's)
    bool m_signedOut = false;
    bool m_busy = false;
    QAction *m_switch = nullptr;
    QAction *m_reconnect = nullptr;
    QAction *m_signOut = nullptr;
    QAction *m_preferences = nullptr;
    QAction *m_documentation = nullptr;
    QAction *m_shortcuts = nullptr;
    QAction *m_about = nullptr;
};

} // namespace portico
