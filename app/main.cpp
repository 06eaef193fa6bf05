// portico-console: entry point. Wires logging, settings, the ApiClient and either the connection
// dialog or (with --connect) a direct connection, then the main window.

#include "app/appmenus.h"
#include "app/commandline.h"
#include "app/connectioncontroller.h"
#include "app/dialogshots.h"
#include "app/logging.h"
#include "app/mainwindow.h"
#include "app/profilestore.h"
#include "app/screenshotdirector.h"
#include "app/settings.h"
#include "app/theme.h"
#include "app/tokenstore.h"
#include "client/apiclient.h"
#include "models/localstore.h"
#include "views/connectiondialog.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>
#include <cstdio>
#include <memory>

using namespace portico;

namespace {
// The language chosen in Preferences, or the system's.
void installTranslators(QApplication &app)
{
    const QString chosen = settings::value(settings::Language);
    if (!chosen.isEmpty())
        QLocale::setDefault(QLocale(chosen));
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("portico"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
}

int fail(const QString &message)
{
    std::fprintf(stderr, "portico-console: %s\n", qUtf8Printable(message));
    return 2;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Portico"));
    QApplication::setOrganizationDomain(QStringLiteral("portico.dev"));
    QApplication::setApplicationName(QStringLiteral("portico-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("Portico Console"));
    QApplication::setApplicationVersion(QStringLiteral(PORTICO_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("dev.portico.Console"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/portico.svg")));
    installTranslators(app);
    theme::apply(settings::value(settings::Theme));

    QCommandLineParser parser;
    addConsoleOptions(parser);
    parser.process(app); // handles --help and --version
    const auto parsed = consoleOptions(parser);
    if (const QString *error = std::get_if<QString>(&parsed))
        return fail(*error);
    const ConsoleOptions options = std::get<ConsoleOptions>(parsed);

    QString logError;
    if (!logging::init(logging::defaultLogDirectory(), settings::value(settings::LogLevel), &logError))
        qWarning("logging to a file is off: %s", qUtf8Printable(logError));

    ApiClient client;
    client.setTimeout(std::chrono::milliseconds(settings::value(settings::RequestTimeoutMs)));
    TokenStore tokens;
    ProfileStore profiles;
    ConnectionController controller(&client, &tokens, &profiles);
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<ConnectionDialog> dialog;
    // The connection dialog, at start and on Connection ▸ Switch profile (the window stays until
    // the new connection is made; cancelling keeps it as it was).
    const auto showDialog = [&] {
        dialog = std::make_unique<ConnectionDialog>(profiles.profiles(), profiles.lastProfile());
        controller.attach(dialog.get());
        QObject::connect(dialog.get(), &QDialog::rejected, &app, [&] {
            if (!window)
                QCoreApplication::quit();
        });
        dialog->show();
        if (options.dialogShot == QLatin1String("connection"))
            takeConnectionDialogShot(dialog.get(), options.dialogShotPath);
    };

    const auto openWindow = [&](const ConnectionProfile &profile, const QString &signedInAs) {
        if (window)
            window.release()->deleteLater(); // may be the one whose menu asked for the switch
        window = std::make_unique<MainWindow>(&client, profile, signedInAs);
        window->appMenus()->setTokenStore(&tokens);
        QObject::connect(window->appMenus(), &AppMenus::switchProfileRequested, &app, [&] { QTimer::singleShot(0, &app, showDialog); });
        if (!options.screenshotPath.isEmpty()) {
            auto *director = new ScreenshotDirector(window.get()); // owned by the window
            director->arm(options.screenshotPath, options.screenshotPage);
            QObject::connect(director, &ScreenshotDirector::screenshotTaken, &app, [](const QString &path, bool ok) {
                std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "screenshot saved:" : "screenshot failed:", qUtf8Printable(path));
                QCoreApplication::exit(ok ? 0 : 1);
            });
        }
        if (!options.dialogShot.isEmpty())
            takeDialogShot(window->appMenus(), window.get(), options.dialogShot, options.dialogShotPath);
        if (options.windowSize.isValid())
            window->resize(options.windowSize);
        window->show();
        window->start();
    };
    QObject::connect(&controller, &ConnectionController::connected, &app,
                     [&](const ConnectionProfile &profile, const MeInfo &me) { openWindow(profile, me.displayName()); });

    if (options.skipsDialog() && options.dialogShot != QLatin1String("connection")) {
        const auto token = readTokenFile(options.tokenFile);
        if (token.index() == 1)
            return fail(std::get<1>(token));
        QObject::connect(&controller, &ConnectionController::failed, &app, [&](const Problem &problem) {
            // No answer at all, but a local store from an earlier session: open on its last known
            // list (the Tenants page says it is offline), rather than not at all.
            if (problem.status == 0 && QFile::exists(LocalStore::pathForProfile(controller.profile().name))) {
                std::fprintf(stderr, "portico-console: %s is unreachable (%s); opening offline\n",
                             qUtf8Printable(options.connectUrl.toString()), qUtf8Printable(problem.toDisplayString()));
                openWindow(controller.profile(), QString());
                return;
            }
            std::fprintf(stderr, "portico-console: cannot connect to %s: %s\n", qUtf8Printable(options.connectUrl.toString()),
                         qUtf8Printable(problem.toDisplayString()));
            QCoreApplication::exit(1);
        });
        ConnectionProfile profile;
        profile.name = QCoreApplication::translate("main", "Command line");
        profile.url = options.connectUrl;
        profile.readOnly = options.readOnly;
        // A token from a file stays where it came from: not copied into the keychain, no profile saved.
        controller.connectWithToken(profile, std::get<0>(token), {.rememberToken = false, .saveProfile = false});
    } else {
        showDialog();
    }

    const int code = QApplication::exec();
    window.reset();
    dialog.reset();
    logging::shutdown();
    return code;
}
