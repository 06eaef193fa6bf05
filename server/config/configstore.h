#pragma once
// Configuration's SQL. The schema and the plan layer live on the control plane; the tenant and
// user layers and their history live in the tenant's placement and are reached only through
// TenantSession (no statement here names a tenant).

#include "core/config.h"
#include "core/tenant.h"
#include "server/store/tenantsession.h"
#include <QDateTime>
#include <QHash>
#include <QList>
#include <functional>
#include <optional>

namespace portico::store { class Database; class PgConnection; }

namespace portico::config {

using Opt = std::optional<QJsonValue>;

struct StoredValue
{
    QJsonValue value;
    qint64 version = 0;
    QString updatedBy;
    QDateTime updatedAt;
};

struct TenantValues
{
    QHash<QString, StoredValue> tenant;
    QHash<QString, StoredValue> user;
};

// A user of the tenant with values of their own (the user layer) and how many.
struct UserWithSettings
{
    QString user;
    int settings = 0;
};

struct PlanValue
{
    QString key;
    StoredValue stored;
};

struct HistoryRecord
{
    QString id, key, layer, user;
    qint64 version = 0;
    QJsonValue before, after; // null: unset
    QString actor, reason;
    QDateTime at;
};

// One tenant- or user-layer change (user empty: the tenant layer), audited as action.
struct LayerWrite
{
    QString user;
    Opt value;          // nullopt: remove this layer's value
    QString actor, reason, action;
    QJsonObject extra;  // more audit details (bulk_id, reverted)
};

struct WriteOutcome
{
    Opt before, after;
    qint64 version = 0;
    bool changed = false;
    QString historyId;
};

struct PlanWriteOutcome
{
    Opt before;
    bool changed = false;
};

// Runs with the current value locked, before anything is written; throws (a 412) to refuse.
using BeforeCheck = std::function<void(const Opt &before)>;

class ConfigStore
{
public:
    explicit ConfigStore(store::Database &db) : m_db(db) {}

    // Control plane. Definitions this build cannot read are logged and left out.
    static Schema schema(store::PgConnection &control);
    static QHash<QString, QJsonValue> planValues(store::PgConnection &control, Plan plan);
    static QList<PlanValue> planValueRows(store::PgConnection &control, Plan plan);
    // Sets (or, value nullopt, removes) a plan-layer value with its audit entry, in one transaction.
    static PlanWriteOutcome writePlanValue(store::PgConnection &control, Plan plan, const QString &key, const Opt &value,
                                           const QString &actor, const QString &reason, const BeforeCheck &check);

    // The tenant's placement. user empty: the tenant layer only.
    TenantValues tenantValues(const store::TenantScope &scope, const QString &user);
    Opt tenantValue(const store::TenantScope &scope, const QString &key);
    // Writes one value with its history row and its audit entry (412 when a concurrent first write won).
    WriteOutcome write(const Tenant &tenant, const KeyDef &key, const LayerWrite &w, const BeforeCheck &check);
    QList<HistoryRecord> history(const store::TenantScope &scope, const QString &key, const QString &user, int limit);
    std::optional<HistoryRecord> historyEntry(const store::TenantScope &scope, const QUuid &id);
    // The users with user-layer values whose id contains `q` (case-insensitive; empty: all), ids
    // starting with it first, then by id.
    QList<UserWithSettings> usersWithSettings(const store::TenantScope &scope, const QString &q, int limit);

private:
    store::Database &m_db;
};

} // namespace portico::config
