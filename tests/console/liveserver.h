#pragma once
// One private PostgreSQL cluster and one seeded portico-server per test binary.

#include "tests/support/pgcluster.h"
#include "tests/support/serverprocess.h"
#include <QStandardPaths>
#include <QString>
#include <memory>

namespace portico::test {

struct LiveServer
{
    PgCluster cluster;
    std::unique_ptr<ServerProcess> server;

    // Empty on success, otherwise what went wrong. Callers QVERIFY2 on it: no skipping.
    QString start()
    {
        // Keep QSettings and log files of the test away from the user's real ones.
        QStandardPaths::setTestModeEnabled(true);
        if (!cluster.start())
            return QStringLiteral("PostgreSQL cluster: ") + cluster.errorString();
        server = std::make_unique<ServerProcess>(cluster);
        if (!server->start({QStringLiteral("--seed-demo")}))
            return QStringLiteral("portico-server: ") + server->errorString();
        if (server->operatorToken().isEmpty())
            return QStringLiteral("portico-server wrote no operator token");
        return {};
    }
};

} // namespace portico::test
