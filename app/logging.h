#pragma once
// spdlog behind the console: a rotating file (AppLocalDataLocation/logs/console.log, 5 MB x 3),
// warnings also on stderr, and Qt's own messages (qDebug, qWarning, categories) routed into it.

#include <QString>

namespace portico::logging {

QString defaultLogDirectory();
// Safe to call once at start-up. Returns false (and logging falls back to stderr) when the log
// file cannot be opened; the console still runs.
bool init(const QString &directory, const QString &level, QString *error = nullptr);
void shutdown();

} // namespace portico::logging
