#pragma once
// Wire types of the configuration and flag routes (docs/API.md "Configuration" and "Flags"), with
// their decoders. Values stay QJsonValue: the console validates them with core/config, exactly as
// the server does, and shows them as JSON.

#include "core/config.h"
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace portico {

// GET /v1/config/schema
struct ConfigSchema
{
    QList<config::KeyDef> keys; // those this build can parse; newer kinds are skipped
    static std::optional<ConfigSchema> fromJson(const QJsonObject &o);
};

// One resolved key of GET /v1/tenants/{id}/config (and the answer of a PUT).
struct ConfigItem
{
    QString key;
    QString type;
    QJsonValue value;
    QString source;                    // default, plan, tenant, user
    QJsonValue defaultValue;
    std::optional<QJsonValue> plan, tenant, user; // nullopt: nothing set at that layer
    QStringList ignored;
    QStringList overridable;           // plan, tenant, user
    QString etag;                      // of the tenant layer, or of the user layer with ?user=
    [[nodiscard]] std::optional<QJsonValue> layer(const QString &name) const;
    static std::optional<ConfigItem> fromJson(const QJsonObject &o);
};

struct TenantConfig
{
    QString tenantId;
    QString plan;
    QString user; // empty: the tenant's view
    QList<ConfigItem> items;
    static std::optional<TenantConfig> fromJson(const QJsonObject &o);
};

// PUT /v1/tenants/{id}/config/{key}
struct ConfigWrite
{
    ConfigItem item; // the key resolved after the write
    bool changed = false;
    qint64 version = 0;
    QString historyId;
    static std::optional<ConfigWrite> fromJson(const QJsonObject &o);
};

struct ConfigHistoryEntry
{
    QString id;
    QString key;
    QString layer;
    QString user;
    qint64 version = 0;
    QJsonValue before; // null: nothing was set
    QJsonValue after;
    QJsonArray diff;
    QString actor;
    QString reason;
    QDateTime at;
    static std::optional<ConfigHistoryEntry> fromJson(const QJsonObject &o);
};

struct ConfigHistory
{
    QList<ConfigHistoryEntry> items; // newest first
    static std::optional<ConfigHistory> fromJson(const QJsonObject &o);
};

// A flag definition as GET /v1/flags lists it.
struct FlagInfo
{
    QString key;
    QString description;
    QString kind; // boolean, variant
    QJsonValue defaultValue;
    QJsonArray variants; // [{name, value, weight}]
    bool enabled = true;
    QJsonObject plans;
    std::optional<double> rolloutPercentage; // nullopt: no rollout
    QString rolloutBy;                       // tenant, user
    QString owner;
    QDateTime expiresAt;
    qint64 version = 0;
    QDateTime updatedAt;
    QString updatedBy;
    int overrides = 0;
    bool stale = false;
    QString staleReason;
    QJsonObject raw;
    [[nodiscard]] QString etag() const { return QStringLiteral("\"v%1\"").arg(version); }
    [[nodiscard]] QList<QJsonValue> values() const; // what an override may be: true/false or each variant's value
    static std::optional<FlagInfo> fromJson(const QJsonObject &o);
};

struct FlagList
{
    QList<FlagInfo> items;
    static std::optional<FlagList> fromJson(const QJsonObject &o);
};

// PATCH /v1/flags/{key} (dry run or applied): what the change does to the tenants.
struct FlagImpact
{
    int tenants = 0;          // tenants counted
    int changed = 0;          // whose value changes
    int nonDefaultBefore = 0;
    int nonDefaultAfter = 0;
    QStringList changedSlugs; // the first ones
    bool truncated = false;
    static FlagImpact fromJson(const QJsonObject &o);
};

struct FlagPatchResult
{
    bool dryRun = false;
    QJsonObject flag;
    QJsonArray diff;
    FlagImpact impact;
    static std::optional<FlagPatchResult> fromJson(const QJsonObject &o);
};

struct FlagOverride
{
    QString tenantId;
    QString slug;
    QString name;
    QString plan;
    QString user; // empty: a tenant override
    QJsonValue value;
    QString reason;
    QDateTime updatedAt;
    QString updatedBy;
    static std::optional<FlagOverride> fromJson(const QJsonObject &o);
};

struct FlagOverrideList
{
    QString flag;
    QList<FlagOverride> items;
    static std::optional<FlagOverrideList> fromJson(const QJsonObject &o);
};

// POST /v1/flags/{key}/overrides/bulk: set (value) or remove (null) an override on many tenants.
struct BulkOverrideRequest
{
    QStringList tenants; // ids or slugs; or
    QString plan;        // every tenant on this plan
    QJsonValue value;    // null removes
    QString reason;
    [[nodiscard]] QJsonObject toJson(bool dryRun) const;
};

struct BulkOverrideChange
{
    QString tenantId, slug, plan;
    QJsonValue overrideBefore, overrideAfter, valueBefore, valueAfter;
    QString reasonBefore, reasonAfter;
};

struct BulkOverrideResult
{
    bool dryRun = false;
    int targets = 0;
    int changed = 0;
    QList<BulkOverrideChange> changes;
    QString previewEtag;
    static std::optional<BulkOverrideResult> fromJson(const QJsonObject &o);
};

// One flag evaluated for a tenant (GET /v1/tenants/{id}/flags).
struct FlagEvaluation
{
    QString key;
    QJsonValue value;
    QString variant;
    QString reason; // STATIC, DEFAULT, TARGETING_MATCH, SPLIT, DISABLED, ERROR
    QString rule;   // tenant_override, plan, rollout, ...
    QString errorCode;
    int bucket = -1;
    std::optional<QJsonValue> tenantOverride;
    std::optional<QJsonValue> userOverride;
    QJsonValue defaultValue;
    QString description;
    static std::optional<FlagEvaluation> fromJson(const QJsonObject &o);
};

struct TenantFlags
{
    QString tenantId;
    QString plan;
    QString user;
    QList<FlagEvaluation> items;
    static std::optional<TenantFlags> fromJson(const QJsonObject &o);
};

// PUT /v1/tenants/{id}/flags/{key} (dry run or applied).
struct OverrideChange
{
    bool dryRun = false;
    std::optional<QJsonValue> overrideBefore, overrideAfter;
    FlagEvaluation before, after;
    bool changesValue = false;
    static std::optional<OverrideChange> fromJson(const QJsonObject &o);
};

// A JSON value as one line for tables ("true", "15m", "{\"a\":1}"); "" for an unset layer.
QString jsonText(const QJsonValue &v);
QString jsonText(const std::optional<QJsonValue> &v);

} // namespace portico
