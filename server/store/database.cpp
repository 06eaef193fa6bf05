#include "server/store/database.h"
#include <map>
#include <memory>

namespace portico::store {

PgConnection &Database::connection() { return connection(m_config.database); }

PgConnection &Database::connection(const QString &database)
{
    // Keyed by the full connection string so two servers in one process (tests) never share.
    thread_local std::map<QByteArray, std::unique_ptr<PgConnection>> connections;
    const PgConfig config = m_config.withDatabase(database);
    auto &slot = connections[config.connInfo()];
    // Transactions are RAII-scoped (PgTransaction), so a reused connection is idle between requests.
    if (!slot || !slot->isHealthy())
        slot = std::make_unique<PgConnection>(config);
    return *slot;
}

} // namespace portico::store
