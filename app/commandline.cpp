#include "app/commandline.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

namespace portico {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("portico::CommandLine", text);
}
} // namespace

void addConsoleOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(tr("Portico operator console."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("connect"), tr("Connect to the server at <url> without showing the connection dialog."), tr("url")});
    parser.addOption({QStringLiteral("token-file"), tr("Read the access token for --connect from <file>."), tr("file")});
    parser.addOption({QStringLiteral("read-only"), tr("Refuse every change through this connection.")});
    parser.addOption({QStringLiteral("screenshot"),
                      tr("Once the first tenants and details are shown, save the window to <png> and quit."), tr("png")});
    parser.addOption({QStringLiteral("screenshot-isolation"),
                      tr("Open Isolation health; once the verifier's report and the alerts are shown, save the window to <png> and quit."),
                      tr("png")});
    parser.addOption({QStringLiteral("screenshot-usage"),
                      tr("Open the first enterprise tenant's Usage tab (30 days of requests); once drawn, save the window to <png> and quit."),
                      tr("png")});
    parser.addOption({QStringLiteral("screenshot-fleet"),
                      tr("Open Fleet usage; once the top consumers and the fleet chart are shown, save the window to <png> and quit."), tr("png")});
    parser.addOption({QStringLiteral("screenshot-audit"),
                      tr("Open Audit on the platform chain; once it is verified, save the window to <png> and quit."), tr("png")});
    parser.addOption({QStringLiteral("screenshot-config"),
                      tr("Open the first tenant's Configuration tab; once its keys are shown, save the window to <png> and quit."),
                      tr("png")});
    parser.addOption({QStringLiteral("screenshot-journal"),
                      tr("Open Tools ▸ Activity journal, save the dialog to <png> and quit."), tr("png")});
    parser.addOption({QStringLiteral("screenshot-flags"),
                      tr("Open the Flags page; once the flags and the first flag's overrides are shown, save the window to <png> and quit."),
                      tr("png")});
    parser.addOption({QStringLiteral("screenshot-dialog"),
                      tr("Save a dialog to <png> and quit: connection, preferences, shortcuts or about (the last three need --connect)."),
                      tr("name=png")});
    parser.addOption({QStringLiteral("window-size"), tr("Open the main window at <width>x<height> pixels, e.g. 1024x700."), tr("size")});
}

std::variant<ConsoleOptions, QString> consoleOptions(const QCommandLineParser &parser)
{
    ConsoleOptions o;
    if (parser.isSet(QStringLiteral("connect"))) {
        o.connectUrl = QUrl::fromUserInput(parser.value(QStringLiteral("connect")));
        if (!o.connectUrl.isValid() || o.connectUrl.host().isEmpty())
            return tr("--connect needs a server URL such as http://127.0.0.1:8740.");
        if (!parser.isSet(QStringLiteral("token-file")))
            return tr("--connect needs --token-file.");
    }
    o.tokenFile = parser.value(QStringLiteral("token-file"));
    if (!o.tokenFile.isEmpty() && !o.connectUrl.isValid())
        return tr("--token-file is only used together with --connect.");
    o.readOnly = parser.isSet(QStringLiteral("read-only"));
    if (parser.isSet(QStringLiteral("window-size"))) {
        const QStringList wh = parser.value(QStringLiteral("window-size")).split(QLatin1Char('x'));
        const int w = wh.value(0).toInt();
        const int h = wh.size() == 2 ? wh.value(1).toInt() : 0;
        if (w < 640 || h < 480)
            return tr("--window-size needs <width>x<height>, at least 640x480.");
        o.windowSize = QSize(w, h);
    }
    QString option;
    for (const char *page : {"tenants", "isolation", "usage", "fleet", "audit", "config", "flags", "journal"}) {
        const QString name = qstrcmp(page, "tenants") == 0 ? QStringLiteral("screenshot") : QStringLiteral("screenshot-") + QLatin1String(page);
        if (!parser.isSet(name))
            continue;
        if (!option.isEmpty())
            return tr("Use only one of --screenshot, --screenshot-isolation, --screenshot-usage, --screenshot-fleet, --screenshot-audit, --screenshot-config, --screenshot-flags and --screenshot-journal.");
        option = name;
        o.screenshotPath = parser.value(name);
        o.screenshotPage = QLatin1String(page);
    }
    if (parser.isSet(QStringLiteral("screenshot-dialog"))) {
        const QString value = parser.value(QStringLiteral("screenshot-dialog"));
        const qsizetype eq = value.indexOf(QLatin1Char('='));
        o.dialogShot = value.left(eq);
        o.dialogShotPath = eq < 0 ? QString() : value.mid(eq + 1);
        if (o.dialogShotPath.isEmpty() || !(o.dialogShot == QLatin1String("connection") || o.dialogShot == QLatin1String("preferences")
                                            || o.dialogShot == QLatin1String("shortcuts") || o.dialogShot == QLatin1String("about")))
            return tr("--screenshot-dialog needs NAME=PNG, NAME one of connection, preferences, shortcuts, about.");
        if (o.dialogShot != QLatin1String("connection") && !o.skipsDialog())
            return tr("--screenshot-dialog %1 needs --connect and --token-file.").arg(o.dialogShot);
    }
    o.screenshotIsolation = o.screenshotPage == QLatin1String("isolation");
    if (!o.screenshotPath.isEmpty() && !o.skipsDialog())
        return tr("%1 needs --connect and --token-file.").arg(QStringLiteral("--") + option);
    return o;
}

std::variant<QString, QString> readTokenFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::variant<QString, QString>(std::in_place_index<1>, tr("Cannot read the token file %1: %2").arg(path, file.errorString()));
    const QString token = QString::fromUtf8(file.readLine()).trimmed();
    if (token.isEmpty())
        return std::variant<QString, QString>(std::in_place_index<1>, tr("The token file %1 is empty.").arg(path));
    if (QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        qWarning("token file %s is readable by other users; chmod 600 it", qUtf8Printable(path));
    return std::variant<QString, QString>(std::in_place_index<0>, token);
}

} // namespace portico
