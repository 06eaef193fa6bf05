#pragma once
// Feature flags' SQL, all on the control plane: the snapshot FlagService loads, definitions,
// overrides, and what the operators' routes list. Evaluation never comes here; it reads
// FlagService's snapshot. Every write's
// transaction is the caller's (store::PgTransaction on the same connection), so a change and its
// audit entry commit together; triggers NOTIFY every instance to reload.

#include "core/flags.h"
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <memory>
#include <optional>

namespace portico::store { class PgConnection; }

namespace portico::flags {

using Opt = std::optional<QJsonValue>;

struct StoredFlag
{
    QJsonObject definition;
    qint64 version = 0;
    QDateTime createdAt, updatedAt;
    QString updatedBy;
};

struct StoredFlagCount
{
    StoredFlag flag;
    int overrides = 0;
};

struct OverrideRecord
{
    QUuid tenantId;
    QString slug, name, plan; // the tenant's (listings only)
    QString user;             // empty: the tenant's override
    QJsonValue value;
    QString reason;
    QDateTime updatedAt;
    QString updatedBy;
};

namespace flagstore {

// Flags, overrides and tenant plans in one round trip (one consistent view), linked into a
// snapshot. Definitions this build cannot read are logged and left out.
std::shared_ptr<Snapshot> loadSnapshot(store::PgConnection &c);

std::optional<StoredFlag> find(store::PgConnection &c, const QString &key, bool forUpdate = false);
QList<StoredFlagCount> listWithOverrideCounts(store::PgConnection &c);
int overrideCount(store::PgConnection &c, const QString &key);
// 409 (field key) when a flag with the key exists.
void insert(store::PgConnection &c, const QString &key, const QJsonObject &definition, const QString &actor);
void update(store::PgConnection &c, const QString &key, const QJsonObject &definition, const QString &actor);
void remove(store::PgConnection &c, const QString &key);
// A flag that names key as a prerequisite (empty when none).
QString firstDependent(store::PgConnection &c, const QString &key);

// The override of key for a tenant (user empty) or one of its users.
Opt currentOverride(store::PgConnection &c, const QString &key, const QUuid &tenant, const QString &user, bool forUpdate);
// Sets (value) or removes (nullopt) an override.
void writeOverride(store::PgConnection &c, const QString &key, const QUuid &tenant, const QString &user, const Opt &value,
                   const QString &reason, const QString &actor);
// Every override of key, with its tenant, by tenant name.
QList<OverrideRecord> overrides(store::PgConnection &c, const QString &key);
// The tenant's override and the user's (user may be empty) of key.
QList<OverrideRecord> overridesOf(store::PgConnection &c, const QString &key, const QUuid &tenant, const QString &user);

} // namespace flagstore
} // namespace portico::flags
