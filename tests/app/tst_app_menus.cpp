// The application's own menus (Connection, Settings, Help) and the connection dialog, offscreen,
// against a real seeded server (and a tiny non-Portico HTTP server).
#include "app/appmenus.h"
#include "app/connectioncontroller.h"
#include "app/mainwindow.h"
#include "app/preferencesdialog.h"
#include "app/settings.h"
#include "app/theme.h"
#include "app/tokenstore.h"
#include "tests/support/liveserver.h"
#include "views/connectiondialog.h"
#include "views/problembanner.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace portico;
using portico::test::HttpTestClient;
using portico::test::LiveServer;

namespace {
// Answers every request with `status` and `body`: a web server that is not Portico.
class FakeHttpServer : public QTcpServer
{
public:
    FakeHttpServer(QByteArray statusLine, QByteArray contentType, QByteArray body)
        : m_status(std::move(statusLine)), m_type(std::move(contentType)), m_body(std::move(body))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    if (!socket->readAll().contains("\r\n\r\n"))
                        return;
                    socket->write("HTTP/1.1 " + m_status + "\r\nContent-Type: " + m_type + "\r\nContent-Length: "
                                  + QByteArray::number(m_body.size()) + "\r\nConnection: close\r\n\r\n" + m_body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }

private:
    QByteArray m_status, m_type, m_body;
};
} // namespace

class TestMenus : public QObject
{
    Q_OBJECT
    LiveServer m_live;

    ConnectionProfile profile(bool readOnly) const
    {
        ConnectionProfile p;
        p.name = QStringLiteral("staging-eu");
        p.url = m_live.server->baseUrl();
        p.readOnly = readOnly;
        return p;
    }

    // Settings ▸ Preferences of `w`, through its action as an operator would open it.
    static PreferencesDialog *openPreferences(MainWindow &w)
    {
        w.appMenus()->preferencesAction()->trigger();
        return w.findChild<PreferencesDialog *>();
    }

    std::unique_ptr<MainWindow> openWindow(ApiClient &client, bool readOnly, QString *token = nullptr)
    {
        ConnectionController controller(&client, nullptr, nullptr);
        QSignalSpy connected(&controller, &ConnectionController::connected);
        // A session of its own (signing out must not revoke the shared operator token).
        controller.signIn(profile(readOnly), m_live.server->adminEmail(), m_live.server->adminPassword(),
                          {.rememberToken = false, .saveProfile = false});
        if (!connected.wait(20000))
            return nullptr;
        if (token)
            *token = client.token();
        auto window = std::make_unique<MainWindow>(&client, profile(readOnly), controller.me().displayName());
        window->show();
        window->start();
        return window;
    }

    // A connection dialog wired to `controller`, shown, on `url` with an access token.
    static std::unique_ptr<ConnectionDialog> tokenDialog(ConnectionController &controller, const QUrl &url, const QString &token)
    {
        auto dialog = std::make_unique<ConnectionDialog>(QList<ConnectionProfile>{}, QString());
        controller.attach(dialog.get());
        dialog->show();
        dialog->urlEdit()->setText(url.toString());
        dialog->findChildren<QRadioButton *>().at(1)->setChecked(true); // access token
        dialog->tokenEdit()->setText(token);
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_live.start(LiveServer::Seed::None), qPrintable(m_live.errorString()));
    }

    void titleNamesProfileAndReadOnly()
    {
        ApiClient client;
        auto w = openWindow(client, true);
        QVERIFY(w);
        QVERIFY(w->windowTitle().contains(QStringLiteral("staging-eu")));
        QVERIFY2(w->windowTitle().contains(QStringLiteral("read-only")), qPrintable(w->windowTitle()));

        ApiClient writable;
        auto w2 = openWindow(writable, false);
        QVERIFY(w2);
        QVERIFY(w2->windowTitle().contains(QStringLiteral("staging-eu")));
        QVERIFY(!w2->windowTitle().contains(QStringLiteral("read-only")));
    }

    void signOutRevokesTheToken()
    {
        ApiClient client;
        QString token;
        auto w = openWindow(client, false, &token);
        QVERIFY(w);
        QVERIFY(!token.isEmpty());
        HttpTestClient http(m_live.server->baseUrl(), token);
        QCOMPARE(http.get(QStringLiteral("/v1/me")).status, 200);

        TokenStore tokens(QStringLiteral("dev.portico.Console.test"));
        w->appMenus()->setTokenStore(&tokens);
        QSignalSpy signedOut(w->appMenus(), &AppMenus::signedOut);
        QVERIFY(w->appMenus()->signOutAction()->isEnabled());
        w->appMenus()->signOutAction()->trigger();
        QVERIFY(signedOut.wait(20000));

        QCOMPARE(http.get(QStringLiteral("/v1/me")).status, 401); // revoked on the server
        QVERIFY(client.token().isEmpty());                       // and forgotten here
        QCOMPARE(w->connectionText(), QStringLiteral("Signed out"));
        QVERIFY(w->windowTitle().contains(QStringLiteral("signed out")));
        QVERIFY(!w->appMenus()->signOutAction()->isEnabled());
        QVERIFY(!w->appMenus()->reconnectAction()->isEnabled());
        QVERIFY(w->appMenus()->switchProfileAction()->isEnabled());
        QVERIFY(!w->refreshAction()->isEnabled());
        QVERIFY(w->banner()->isVisibleTo(w.get()));
    }

    void reconnectAsksTheServerAgain()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        QSignalSpy reconnected(w->appMenus(), &AppMenus::reconnected);
        w->appMenus()->reconnectAction()->trigger();
        QVERIFY(reconnected.wait(20000));
        QCOMPARE(w->connectionText(), QStringLiteral("Connected"));
    }

    void shortcutListHasEveryActionWithAShortcut()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        w->activateWindow();
        QTest::keyClick(w.get(), Qt::Key_F1);
        ShortcutListDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = w->findChild<ShortcutListDialog *>()) != nullptr);
        QStringList listed;
        for (int row = 0; row < dialog->table()->rowCount(); ++row) {
            QVERIFY(!dialog->table()->item(row, 0)->text().isEmpty()); // every entry is named
            listed << dialog->table()->item(row, 0)->text() + QLatin1Char('=') + dialog->table()->item(row, 1)->text();
        }

        int withShortcut = 0;
        for (QAction *action : w->findChildren<QAction *>()) {
            if (action->shortcut().isEmpty())
                continue;
            ++withShortcut;
            QString text = action->text().remove(QLatin1Char('&')).remove(QChar(u'…')).trimmed();
            const QString key = action->shortcut().toString(QKeySequence::NativeText);
            const bool found = std::any_of(listed.cbegin(), listed.cend(), [&](const QString &line) {
                return (text.isEmpty() || line.startsWith(text + QLatin1Char('='))) && line.section(QLatin1Char('='), 1).contains(key);
            });
            QVERIFY2(found, qPrintable(QStringLiteral("%1 (%2) is missing from: %3").arg(text, key, listed.join(QStringLiteral("; ")))));
        }
        QVERIFY(withShortcut >= 15);
        QVERIFY(listed.size() <= withShortcut); // the same action in the same place once
        // The menus' own: F1, Ctrl+, and the connection's.
        for (const QString &expected : {QStringLiteral("Keyboard shortcuts=F1"), QStringLiteral("Preferences=Ctrl+,"),
                                        QStringLiteral("Sign out=Ctrl+Shift+Q")})
            QVERIFY2(listed.contains(expected), qPrintable(listed.join(QStringLiteral("; "))));
        // Where each acts: the menu, or the page for the pages' own.
        const QList<ShortcutEntry> entries = shortcutEntries(w.get());
        const auto signOut = std::find_if(entries.cbegin(), entries.cend(), [](const ShortcutEntry &e) { return e.action == QLatin1String("Sign out"); });
        QVERIFY(signOut != entries.cend());
        QCOMPARE(signOut->where, QStringLiteral("Connection"));
    }

    void aboutShowsTheServersAnswer()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        HttpTestClient http(m_live.server->baseUrl());
        const QString version = http.get(QStringLiteral("/v1/health")).json().value(QStringLiteral("version")).toString();
        QVERIFY(!version.isEmpty());

        AboutDialog *about = w->appMenus()->showAbout();
        QSignalSpy answered(about, &AboutDialog::serverAnswered);
        QVERIFY(answered.wait(20000));
        QVERIFY2(about->serverText().contains(QStringLiteral("Portico ") + version), qPrintable(about->serverText()));
        QVERIFY(about->serverText().contains(QStringLiteral("database ok")));
        QVERIFY(AboutDialog::licencesHtml().contains(QStringLiteral("LGPL-3.0")));
        QVERIFY(AboutDialog::licencesHtml().contains(QStringLiteral("QtKeychain")));
        QVERIFY(!AboutDialog::licencesHtml().contains(QStringLiteral("libsodium"))); // the server's, not shipped here
    }

    void preferencesPersistAcrossAWindowRestart()
    {
        settings::setValue(settings::Language, QString());
        settings::setValue(settings::Theme, QStringLiteral("system"));
        {
            ApiClient client;
            auto w = openWindow(client, false);
            QVERIFY(w);
            auto *prefs = openPreferences(*w);
            QVERIFY(prefs);
            prefs->languageBox()->setCurrentIndex(prefs->languageBox()->findData(QStringLiteral("de")));
            prefs->themeBox()->setCurrentIndex(prefs->themeBox()->findData(QStringLiteral("dark")));
            prefs->timeoutBox()->setValue(42);
            prefs->accept();
            QVERIFY(theme::isDark());
            QCOMPARE(QApplication::palette().color(QPalette::Window), theme::darkPalette().color(QPalette::Window));
            QCOMPARE(client.timeout(), std::chrono::milliseconds(42000));
            w->close();
        }
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        auto *prefs = openPreferences(*w);
        QVERIFY(prefs);
        QCOMPARE(prefs->languageBox()->currentData().toString(), QStringLiteral("de"));
        QCOMPARE(prefs->themeBox()->currentData().toString(), QStringLiteral("dark"));
        QCOMPARE(prefs->timeoutBox()->value(), 42);
        QCOMPARE(settings::value(settings::Language), QStringLiteral("de"));
        // Back to the platform's look for the other tests.
        prefs->themeBox()->setCurrentIndex(prefs->themeBox()->findData(QStringLiteral("system")));
        prefs->accept();
        QVERIFY(!theme::isDark());
    }

    void malformedUrlSaysWhyConnectIsDisabled()
    {
        ConnectionDialog dialog({}, {});
        dialog.show();
        dialog.urlEdit()->setText(QStringLiteral("http://127.0.0.1:8740"));
        QVERIFY(dialog.urlErrorText().isEmpty());
        for (const QString &bad : {QStringLiteral("http://exa mple.com"), QStringLiteral("ftp://example.com"), QStringLiteral("http://"),
                                   QString()}) {
            dialog.urlEdit()->setText(bad);
            QVERIFY2(!dialog.urlErrorText().isEmpty(), qPrintable(bad));
            QVERIFY(!dialog.connectButton()->isEnabled());
        }
        dialog.urlEdit()->setText(QStringLiteral("ftp://example.com"));
        QVERIFY(dialog.urlErrorText().contains(QStringLiteral("http://")));
        QVERIFY(ConnectionDialog::urlProblem(QStringLiteral("portico.example.com:8740")).isEmpty());
    }

    void noKeychainDisablesRememberWithTheReason()
    {
        ConnectionDialog dialog({}, {});
        QVERIFY(dialog.rememberBox()->isEnabled());
        dialog.setKeychainAvailable(false, QStringLiteral("No system keychain answers."));
        QVERIFY(!dialog.rememberBox()->isEnabled());
        QVERIFY(!dialog.rememberBox()->isChecked());
        QVERIFY(!dialog.request().rememberToken);
        dialog.show();
        QCOMPARE(dialog.keychainReasonText(), QStringLiteral("No system keychain answers."));

        // With the real store: the dialog follows what the keychain answers, whatever this box has.
        TokenStore tokens(QStringLiteral("dev.portico.Console.test"));
        ApiClient client;
        ConnectionController controller(&client, &tokens, nullptr);
        ConnectionDialog attached({}, {});
        attached.show();
        controller.attach(&attached);
        bool answered = false, available = false;
        tokens.probe(this, [&](bool a, const QString &) { answered = true; available = a; });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(attached.rememberBox()->isEnabled(), available, 30000);
        QCOMPARE(attached.keychainReasonText().isEmpty(), available);
    }

    void notPorticoServerIsSaidSo_data()
    {
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("404 html") << QByteArray("404 Not Found") << QByteArray("text/html") << QByteArray("<h1>Not Found</h1>");
        QTest::newRow("200 other json") << QByteArray("200 OK") << QByteArray("application/json") << QByteArray(R"({"hello":"world"})");
        QTest::newRow("200 html") << QByteArray("200 OK") << QByteArray("text/html") << QByteArray("<html>welcome</html>");
    }

    void notPorticoServerIsSaidSo()
    {
        QFETCH(QByteArray, status);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, body);
        FakeHttpServer fake(status, type, body);
        QVERIFY(fake.listen(QHostAddress::LocalHost));

        ApiClient client;
        ConnectionController controller(&client, nullptr, nullptr);
        auto dialog = tokenDialog(controller, fake.url(), QStringLiteral("pto_whatever"));
        QVERIFY(dialog->connectButton()->isEnabled());
        QSignalSpy failed(&controller, &ConnectionController::failed);
        dialog->connectButton()->click();
        QVERIFY(failed.wait(20000));
        QVERIFY2(dialog->errorText().contains(QStringLiteral("does not look like a Portico server")), qPrintable(dialog->errorText()));
        QVERIFY(dialog->isVisible()); // not accepted
    }

    void realServerStillConnectsThroughTheDialog()
    {
        ApiClient client;
        ConnectionController controller(&client, nullptr, nullptr);
        auto dialog = tokenDialog(controller, m_live.server->baseUrl(), m_live.server->operatorToken());
        QSignalSpy connected(&controller, &ConnectionController::connected);
        dialog->connectButton()->click();
        QVERIFY(connected.wait(20000));
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
    }
};

QTEST_MAIN(TestMenus)
#include "tst_app_menus.moc"
