#include "app/logging.h"

#include <QDir>
#include <QStandardPaths>

#include <spdlog/logger.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

namespace portico::logging {
namespace {

constexpr auto kLoggerName = "portico";
constexpr std::size_t kMaxFileBytes = 5 * 1024 * 1024;
constexpr std::size_t kMaxFiles = 3;

spdlog::level::level_enum levelFor(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return spdlog::level::debug;
    case QtInfoMsg: return spdlog::level::info;
    case QtWarningMsg: return spdlog::level::warn;
    case QtCriticalMsg: return spdlog::level::err;
    case QtFatalMsg: return spdlog::level::critical;
    }
    return spdlog::level::info;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const std::shared_ptr<spdlog::logger> logger = spdlog::get(kLoggerName);
    QString line = message;
    if (context.category && qstrcmp(context.category, "default") != 0)
        line = QStringLiteral("[%1] %2").arg(QLatin1String(context.category), message);
    if (!logger) {
        std::fprintf(stderr, "%s\n", qUtf8Printable(line));
        return;
    }
    // The message is an argument, never the format string: Qt messages contain '{' from JSON.
    logger->log(levelFor(type), "{}", line.toStdString());
    if (type == QtFatalMsg || type == QtCriticalMsg)
        logger->flush(); // Qt aborts right after a fatal message
}

} // namespace

QString defaultLogDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/logs");
}

bool init(const QString &directory, const QString &level, QString *error)
{
    std::vector<spdlog::sink_ptr> sinks;
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_level(spdlog::level::warn);
    sinks.push_back(console);

    bool fileOk = true;
    try {
        QDir().mkpath(directory);
        const QString path = QDir(directory).filePath(QStringLiteral("console.log"));
        sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(QFile::encodeName(path).toStdString(), kMaxFileBytes, kMaxFiles));
    } catch (const spdlog::spdlog_ex &e) {
        fileOk = false;
        if (error)
            *error = QString::fromLocal8Bit(e.what());
    }

    auto logger = std::make_shared<spdlog::logger>(kLoggerName, sinks.begin(), sinks.end());
    const auto parsed = spdlog::level::from_str(level.toStdString());
    // from_str answers "off" for anything it does not know; a typo must not silence the log.
    logger->set_level(parsed == spdlog::level::off && level != QLatin1String("off") ? spdlog::level::info : parsed);
    logger->flush_on(spdlog::level::warn);
    spdlog::drop(kLoggerName);
    spdlog::register_logger(logger);
    spdlog::set_default_logger(logger);
    qInstallMessageHandler(qtMessageHandler);
    logger->info("portico-console {} started", PORTICO_VERSION);
    return fileOk;
}

void shutdown()
{
    qInstallMessageHandler(nullptr);
    if (auto logger = spdlog::get(kLoggerName))
        logger->flush();
    spdlog::shutdown();
}

} // namespace portico::logging
