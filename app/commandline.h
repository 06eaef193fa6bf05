#pragma once
// portico-console's command line. Parsing is separate from main() so it can be tested.

#include <QCommandLineParser>
#include <QSize>
#include <QString>
#include <QUrl>
#include <variant>

namespace portico {

struct ConsoleOptions
{
    QUrl connectUrl;        // --connect: skip the connection dialog
    QString tokenFile;      // --token-file: the token for --connect
    bool readOnly = false;  // --read-only
    QString screenshotPath; // --screenshot: grab the window once data is shown, then quit
    bool screenshotIsolation = false; // --screenshot-isolation instead: the Isolation health page
    // Which page the screenshot shows: "tenants" (--screenshot), "isolation", "usage", "fleet",
    // "audit", "config" (the first tenant's Configuration tab), "flags" (the platform Flags page) or
    // "journal" (the Activity journal dialog).
    QString screenshotPage = QStringLiteral("tenants");
    // --screenshot-dialog NAME=PNG: "connection" (no --connect needed), "preferences", "shortcuts", "about".
    QString dialogShot;
    QString dialogShotPath;
    QSize windowSize; // --window-size WxH: instead of the saved geometry (screenshots at 1024×700)

    [[nodiscard]] bool skipsDialog() const { return connectUrl.isValid(); }
};

void addConsoleOptions(QCommandLineParser &parser);
// Either the options or a message for the user.
std::variant<ConsoleOptions, QString> consoleOptions(const QCommandLineParser &parser);
// The token from a file (first line, trimmed) or a message for the user.
std::variant<QString, QString> readTokenFile(const QString &path);

} // namespace portico
