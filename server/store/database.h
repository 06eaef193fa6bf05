#pragma once
// Connections for the data role, one per worker thread and database. A thread reuses its
// connection across requests; a broken one is replaced on next use.

#include "server/store/pg.h"

namespace portico::store {

class Database
{
public:
    explicit Database(PgConfig appConfig) : m_config(std::move(appConfig)) {}
    // The calling thread's connection to the control-plane database.
    PgConnection &connection();
    // The calling thread's connection to another database of the same cluster (placements).
    PgConnection &connection(const QString &database);
    [[nodiscard]] const PgConfig &config() const { return m_config; }

private:
    PgConfig m_config;
};

} // namespace portico::store
