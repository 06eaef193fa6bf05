#include "tests/support/serverprocess.h"
#include "tests/support/pgcluster.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>

namespace portico::test {

ServerProcess::ServerProcess(PgCluster &cluster) : m_cluster(cluster) {}

ServerProcess::~ServerProcess() { stop(); }

bool ServerProcess::start(const QStringList &extraArgs)
{
    const QString bin = qEnvironmentVariable("PORTICO_SERVER_BIN", QCoreApplication::applicationDirPath() + QStringLiteral("/portico-server"));
    if (!QFile::exists(bin)) {
        m_error = QStringLiteral("no server binary at %1").arg(bin);
        return false;
    }
    if (m_database.isEmpty())
        m_database = m_cluster.newDatabaseName();
    const QString stateDir = QDir::tempPath() + QStringLiteral("/portico-srv-") + m_database;
    QDir().mkpath(stateDir);
    QFile::remove(stateDir + QStringLiteral("/port"));
    m_tokenFile = stateDir + QStringLiteral("/operator.token");
    const QString passwordFile = stateDir + QStringLiteral("/admin.password");
    const QString portFile = stateDir + QStringLiteral("/port");
    {
        QFile f(passwordFile);
        f.open(QIODevice::WriteOnly);
        f.write(adminPassword().toUtf8());
    }
    QStringList args{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--port-file"), portFile,
                     QStringLiteral("--db-host"), m_cluster.socketDir(), QStringLiteral("--db-port"), QString::number(m_cluster.port()),
                     QStringLiteral("--db-name"), m_database, QStringLiteral("--db-admin-user"), m_cluster.superuser(),
                     QStringLiteral("--admin-email"), adminEmail(), QStringLiteral("--admin-password-file"), passwordFile,
                     QStringLiteral("--operator-token-file"), m_tokenFile, QStringLiteral("--workers"), QStringLiteral("4")};
    args += m_clusterArgs;
    args += extraArgs;
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(bin, args);
    if (!m_process.waitForStarted(10000)) {
        m_error = QStringLiteral("portico-server did not start: ") + m_process.errorString();
        return false;
    }
    // The server writes the port file only once it listens, after migrations and seeding.
    QDeadlineTimer deadline(120000);
    while (!deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running) {
            m_error = QStringLiteral("portico-server exited early:\n") + log();
            return false;
        }
        QFile f(portFile);
        if (f.open(QIODevice::ReadOnly)) {
            m_port = f.readAll().trimmed().toInt();
            if (m_port > 0)
                return true;
        }
        m_process.waitForReadyRead(50);
    }
    m_error = QStringLiteral("portico-server did not listen within 120 s:\n") + log();
    return false;
}

void ServerProcess::addCluster(PgCluster &cluster, const QString &name, const QString &region)
{
    m_clusterArgs << QStringLiteral("--cluster") << QStringLiteral("%1,%2,%3,%4").arg(name, region, cluster.socketDir()).arg(cluster.port());
}

void ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000))
        m_process.kill();
    m_process.waitForFinished(2000);
}

QUrl ServerProcess::baseUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }

QString ServerProcess::operatorToken() const
{
    QFile f(m_tokenFile);
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).trimmed() : QString();
}

QString ServerProcess::log() const
{
    auto &p = const_cast<QProcess &>(m_process);
    return QString::fromLocal8Bit(p.readAll());
}

} // namespace portico::test
