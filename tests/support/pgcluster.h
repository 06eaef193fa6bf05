#pragma once
// A private PostgreSQL cluster for tests: initdb in a temp dir, unix socket only, dropped afterwards.
// One cluster per test binary; callers create a fresh database per test case.

#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace portico::test {

class PgCluster
{
public:
    PgCluster();
    ~PgCluster();
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;

    // Starts the cluster; returns false and fills errorString() when anything fails.
    bool start();
    void stop();
    // Stops the running cluster's postmaster (pg_ctl stop -m mode: fast, immediate) and starts it
    // again on the same data; for tests of a database that goes away and comes back.
    bool stopServer(const QString &mode = QStringLiteral("fast"));
    bool startServer();
    // SIGSTOP (true) or SIGCONT (false) to the postmaster and every process it started: a hung
    // database (connections stay open, nothing answers). Returns how many processes it signalled.
    int freeze(bool frozen);
    [[nodiscard]] QString errorString() const { return m_error; }

    [[nodiscard]] QString socketDir() const;  // libpq "host"
    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] QString superuser() const { return QStringLiteral("postgres"); }
    // A fresh, unique database name; the server creates it on bootstrap.
    QString newDatabaseName();
    // Runs SQL as the superuser through psql; returns stdout, or a null string on failure.
    QString psql(const QString &database, const QString &sql) const;

private:
    bool run(const QStringList &argv, QString *output = nullptr) const;
    bool pgCtlStart();
    QTemporaryDir m_dir;
    QString m_error;
    int m_port = 0;
    int m_dbCounter = 0;
    bool m_running = false;
};

} // namespace portico::test
