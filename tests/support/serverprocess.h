#pragma once
// Runs the real portico-server binary (build/bin/portico-server) against a fresh database of a
// PgCluster, on a free loopback port, and waits until /v1/health answers.

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace portico::test {

class PgCluster;

class ServerProcess
{
public:
    explicit ServerProcess(PgCluster &cluster);
    ~ServerProcess();

    // Another cluster as another region (before start).
    void addCluster(PgCluster &cluster, const QString &name, const QString &region);
    // Reuse this control-plane database instead of a fresh one (restart tests).
    void setDatabase(const QString &name) { m_database = name; }
    // extraArgs are passed to portico-server, e.g. {"--seed-demo"}.
    bool start(const QStringList &extraArgs = {});
    void stop();
    [[nodiscard]] QString errorString() const { return m_error; }

    [[nodiscard]] QUrl baseUrl() const;          // http://127.0.0.1:<port>
    [[nodiscard]] QString operatorToken() const; // admin operator token written by the server
    [[nodiscard]] QString database() const { return m_database; }
    [[nodiscard]] QString adminEmail() const { return QStringLiteral("admin@portico.test"); }
    [[nodiscard]] QString adminPassword() const { return QStringLiteral("correct horse battery staple"); }
    [[nodiscard]] QString log() const;

private:
    PgCluster &m_cluster;
    QProcess m_process;
    QString m_database;
    QStringList m_clusterArgs;
    QString m_tokenFile;
    QString m_error;
    int m_port = 0;
};

} // namespace portico::test
