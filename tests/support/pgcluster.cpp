#include "tests/support/pgcluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <csignal>
#include <unistd.h>

namespace portico::test {
namespace {
QString pgBin(const QString &tool)
{
    const QString dir = qEnvironmentVariable("PORTICO_PG_BIN", QStringLiteral("/usr/lib/postgresql/15/bin"));
    return QDir(dir).filePath(tool);
}
bool isRoot() { return ::geteuid() == 0; }
} // namespace

// PostgreSQL refuses to run as root; under root (CI) the cluster runs as 'postgres' through runuser.
PgCluster::PgCluster() : m_dir(QDir::tempPath() + QStringLiteral("/portico-pg-XXXXXX")) {}

PgCluster::~PgCluster() { stop(); }

QString PgCluster::socketDir() const { return m_dir.filePath(QStringLiteral("run")); }

bool PgCluster::run(const QStringList &argv, QString *output) const
{
    QProcess p;
    QStringList args = argv;
    QString program = args.takeFirst();
    if (isRoot()) {
        args.prepend(program);
        args = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} + args;
        program = QStringLiteral("runuser");
    }
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        return false;
    }
    const QString out = QString::fromLocal8Bit(p.readAll());
    if (output)
        *output = out;
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

bool PgCluster::start()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    if (isRoot()) {
        QProcess::execute(QStringLiteral("chown"), {QStringLiteral("postgres:"), m_dir.path()});
        QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    const QString data = m_dir.filePath(QStringLiteral("data"));
    QString out;
    if (!run({pgBin(QStringLiteral("initdb")), QStringLiteral("-D"), data, QStringLiteral("-U"), superuser(),
              QStringLiteral("--auth=trust"), QStringLiteral("--encoding=UTF8"), QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--no-sync")},
             &out)) {
        m_error = QStringLiteral("initdb failed: ") + out;
        return false;
    }
    if (!run({QStringLiteral("mkdir"), QStringLiteral("-p"), socketDir()}, &out)) {
        m_error = QStringLiteral("mkdir failed: ") + out;
        return false;
    }
    m_port = 5432; // the socket lives in a private directory, so the port number never collides
    if (!pgCtlStart())
        return false;
    m_running = true;
    return true;
}

bool PgCluster::pgCtlStart()
{
    const QString data = m_dir.filePath(QStringLiteral("data"));
    QString out;
    // Tests want speed, not durability: the cluster is thrown away afterwards.
    const QString options = QStringLiteral("-c listen_addresses='' -c unix_socket_directories='%1' -c port=%2 -c fsync=off "
                                           "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -c shared_buffers=64MB")
                                .arg(socketDir())
                                .arg(m_port);
    if (!run({pgBin(QStringLiteral("pg_ctl")), QStringLiteral("-D"), data, QStringLiteral("-l"), m_dir.filePath(QStringLiteral("postgresql.log")),
              QStringLiteral("-o"), options, QStringLiteral("-w"), QStringLiteral("start")},
             &out)) {
        QFile log(m_dir.filePath(QStringLiteral("postgresql.log")));
        log.open(QIODevice::ReadOnly);
        m_error = QStringLiteral("pg_ctl start failed: ") + out + QString::fromLocal8Bit(log.readAll());
        return false;
    }
    return true;
}

bool PgCluster::stopServer(const QString &mode)
{
    if (!m_running)
        return false;
    if (!run({pgBin(QStringLiteral("pg_ctl")), QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-m"), mode,
              QStringLiteral("-w"), QStringLiteral("stop")}))
        return false;
    m_running = false;
    return true;
}

bool PgCluster::startServer()
{
    if (m_running)
        return true;
    if (!pgCtlStart())
        return false;
    m_running = true;
    return true;
}

int PgCluster::freeze(bool frozen)
{
    QFile pidFile(m_dir.filePath(QStringLiteral("data/postmaster.pid")));
    if (!m_running || !pidFile.open(QIODevice::ReadOnly))
        return 0;
    const qint64 postmaster = pidFile.readLine().trimmed().toLongLong();
    if (postmaster <= 0)
        return 0;
    QList<qint64> pids{postmaster};
    // The children, from /proc/<pid>/stat's fourth field (the parent).
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == postmaster)
            pids << pid;
    }
    int signalled = 0;
    for (const qint64 pid : pids)
        signalled += ::kill(pid_t(pid), frozen ? SIGSTOP : SIGCONT) == 0 ? 1 : 0;
    return signalled;
}

void PgCluster::stop()
{
    if (!m_running)
        return;
    run({pgBin(QStringLiteral("pg_ctl")), QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-m"),
         QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")});
    m_running = false;
}

QString PgCluster::newDatabaseName()
{
    return QStringLiteral("portico_test_%1_%2").arg(QCoreApplication::applicationPid()).arg(++m_dbCounter);
}

QString PgCluster::psql(const QString &database, const QString &sql) const
{
    QString out;
    const QString psqlBin = QFile::exists(pgBin(QStringLiteral("psql"))) ? pgBin(QStringLiteral("psql")) : QStringLiteral("psql");
    if (!run({psqlBin, QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"), QStringLiteral("-v"),
              QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"), socketDir(), QStringLiteral("-p"), QString::number(m_port),
              QStringLiteral("-U"), superuser(), QStringLiteral("-d"), database, QStringLiteral("-c"), sql},
             &out))
        return QString();
    return out.trimmed().isNull() ? QStringLiteral("") : out.trimmed();
}

} // namespace portico::test
