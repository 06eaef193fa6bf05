#pragma once
// Cluster bootstrap (roles and database) and versioned schema migrations.

#include "server/store/pg.h"
#include <QStringList>

namespace portico::store {

inline constexpr auto kOwnerRole = "portico_owner";
inline constexpr auto kAppRole = "portico_app";

// As a superuser: creates the owner and data roles and the database when they are missing.
// The data role gets NOSUPERUSER NOBYPASSRLS and owns nothing.
void bootstrapCluster(const PgConfig &superuser, const QString &database);

// As the owner: applies every migration in :/sql not yet recorded, in name order, each in its own
// transaction, under an advisory lock so that concurrent servers do not race. Returns the names applied.
QStringList migrate(const PgConfig &owner);

} // namespace portico::store
