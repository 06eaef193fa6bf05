#include "client/configtypes.h"
#include "core/timeutil.h"
#include <QJsonDocument>

namespace portico {
namespace {
QString str(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toString(); }
std::optional<QJsonValue> optValue(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isNull() || v.isUndefined())
        return std::nullopt;
    return v;
}
QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const auto &e : v.toArray())
        out << e.toString();
    return out;
}
template<class T>
std::optional<QList<T>> listOf(const QJsonValue &items)
{
    if (!items.isArray())
        return std::nullopt;
    QList<T> out;
    for (const auto &v : items.toArray())
        if (auto t = T::fromJson(v.toObject()))
            out.append(std::move(*t));
    return out;
}
} // namespace

QString jsonText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Undefined: return {};
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', 12);
    }
    case QJsonValue::String: return v.toString();
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

QString jsonText(const std::optional<QJsonValue> &v)
{
    return v ? jsonText(*v) : QString();
}

std::optional<ConfigSchema> ConfigSchema::fromJson(const QJsonObject &o)
{
    if (!o.value(QLatin1String("items")).isArray())
        return std::nullopt;
    ConfigSchema s;
    for (const auto &v : o.value(QLatin1String("items")).toArray()) {
        config::ValueError error;
        if (auto d = config::KeyDef::fromJson(v.toObject(), &error))
            s.keys.append(std::move(*d));
    }
    return s;
}

std::optional<QJsonValue> ConfigItem::layer(const QString &name) const
{
    if (name == QLatin1String("plan"))
        return plan;
    if (name == QLatin1String("tenant"))
        return tenant;
    if (name == QLatin1String("user"))
        return user;
    return defaultValue;
}

std::optional<ConfigItem> ConfigItem::fromJson(const QJsonObject &o)
{
    ConfigItem c;
    c.key = str(o, "key");
    if (c.key.isEmpty())
        return std::nullopt;
    c.type = str(o, "type");
    c.value = o.value(QLatin1String("value"));
    c.source = str(o, "source");
    const QJsonObject layers = o.value(QLatin1String("layers")).toObject();
    const QJsonObject set = o.value(QLatin1String("set")).toObject();
    c.defaultValue = layers.value(QLatin1String("default"));
    const auto layerValue = [&](const char *name) -> std::optional<QJsonValue> {
        if (!set.value(QLatin1String(name)).toBool())
            return std::nullopt;
        return layers.value(QLatin1String(name));
    };
    c.plan = layerValue("plan");
    c.tenant = layerValue("tenant");
    c.user = layerValue("user");
    c.ignored = strings(o.value(QLatin1String("ignored")));
    c.overridable = strings(o.value(QLatin1String("overridable")));
    c.etag = str(o, "etag");
    return c;
}

std::optional<TenantConfig> TenantConfig::fromJson(const QJsonObject &o)
{
    auto items = listOf<ConfigItem>(o.value(QLatin1String("items")));
    if (!items)
        return std::nullopt;
    TenantConfig t;
    t.tenantId = str(o, "tenant_id");
    t.plan = str(o, "plan");
    t.user = str(o, "user");
    t.items = std::move(*items);
    return t;
}

std::optional<ConfigWrite> ConfigWrite::fromJson(const QJsonObject &o)
{
    auto item = ConfigItem::fromJson(o);
    if (!item)
        return std::nullopt;
    ConfigWrite w;
    w.item = std::move(*item);
    w.changed = o.value(QLatin1String("changed")).toBool();
    w.version = o.value(QLatin1String("version")).toInteger();
    w.historyId = str(o, "history_id");
    return w;
}

std::optional<ConfigHistoryEntry> ConfigHistoryEntry::fromJson(const QJsonObject &o)
{
    ConfigHistoryEntry e;
    e.id = str(o, "id");
    if (e.id.isEmpty())
        return std::nullopt;
    e.key = str(o, "key");
    e.layer = str(o, "layer");
    e.user = str(o, "user");
    e.version = o.value(QLatin1String("version")).toInteger();
    e.before = o.value(QLatin1String("before"));
    e.after = o.value(QLatin1String("after"));
    e.diff = o.value(QLatin1String("diff")).toArray();
    e.actor = str(o, "actor");
    e.reason = str(o, "reason");
    e.at = fromIsoUtc(str(o, "at"));
    return e;
}

std::optional<ConfigHistory> ConfigHistory::fromJson(const QJsonObject &o)
{
    auto items = listOf<ConfigHistoryEntry>(o.value(QLatin1String("items")));
    if (!items)
        return std::nullopt;
    return ConfigHistory{std::move(*items)};
}

QList<QJsonValue> FlagInfo::values() const
{
    if (kind != QLatin1String("variant"))
        return {QJsonValue(true), QJsonValue(false)};
    QList<QJsonValue> out;
    for (const auto &v : variants)
        out << v.toObject().value(QLatin1String("value"));
    return out;
}

std::optional<FlagInfo> FlagInfo::fromJson(const QJsonObject &o)
{
    FlagInfo f;
    f.key = str(o, "key");
    if (f.key.isEmpty())
        return std::nullopt;
    f.raw = o;
    f.description = str(o, "description");
    f.kind = o.contains(QLatin1String("kind")) ? str(o, "kind") : QStringLiteral("boolean");
    f.defaultValue = o.value(QLatin1String("default"));
    f.variants = o.value(QLatin1String("variants")).toArray();
    f.enabled = o.value(QLatin1String("enabled")).toBool(true);
    f.plans = o.value(QLatin1String("plans")).toObject();
    if (o.value(QLatin1String("rollout")).isObject()) {
        const QJsonObject r = o.value(QLatin1String("rollout")).toObject();
        f.rolloutPercentage = r.value(QLatin1String("percentage")).toDouble();
        f.rolloutBy = str(r, "by");
    }
    f.owner = str(o, "owner");
    f.expiresAt = fromIsoUtc(str(o, "expires_at"));
    f.version = o.value(QLatin1String("version")).toInteger();
    f.updatedAt = fromIsoUtc(str(o, "updated_at"));
    f.updatedBy = str(o, "updated_by");
    f.overrides = o.value(QLatin1String("overrides")).toInt();
    f.stale = o.value(QLatin1String("stale")).toBool();
    f.staleReason = str(o, "stale_reason");
    return f;
}

std::optional<FlagList> FlagList::fromJson(const QJsonObject &o)
{
    auto items = listOf<FlagInfo>(o.value(QLatin1String("items")));
    if (!items)
        return std::nullopt;
    return FlagList{std::move(*items)};
}

FlagImpact FlagImpact::fromJson(const QJsonObject &o)
{
    FlagImpact i;
    i.tenants = o.value(QLatin1String("tenants")).toInt();
    i.changed = o.value(QLatin1String("changed")).toInt();
    i.nonDefaultBefore = o.value(QLatin1String("non_default_before")).toInt();
    i.nonDefaultAfter = o.value(QLatin1String("non_default_after")).toInt();
    for (const auto &v : o.value(QLatin1String("items")).toArray())
        i.changedSlugs << v.toObject().value(QLatin1String("slug")).toString();
    i.truncated = o.value(QLatin1String("items_truncated")).toBool();
    return i;
}

std::optional<FlagPatchResult> FlagPatchResult::fromJson(const QJsonObject &o)
{
    if (!o.value(QLatin1String("impact")).isObject())
        return std::nullopt;
    FlagPatchResult r;
    r.dryRun = o.value(QLatin1String("dry_run")).toBool();
    r.flag = o.value(QLatin1String("flag")).isObject() ? o.value(QLatin1String("flag")).toObject() : o;
    r.diff = o.value(QLatin1String("diff")).toArray();
    r.impact = FlagImpact::fromJson(o.value(QLatin1String("impact")).toObject());
    return r;
}

std::optional<FlagOverride> FlagOverride::fromJson(const QJsonObject &o)
{
    FlagOverride f;
    f.tenantId = str(o, "tenant_id");
    if (f.tenantId.isEmpty())
        return std::nullopt;
    f.slug = str(o, "slug");
    f.name = str(o, "name");
    f.plan = str(o, "plan");
    f.user = str(o, "user");
    f.value = o.value(QLatin1String("value"));
    f.reason = str(o, "reason");
    f.updatedAt = fromIsoUtc(str(o, "updated_at"));
    f.updatedBy = str(o, "updated_by");
    return f;
}

std::optional<FlagOverrideList> FlagOverrideList::fromJson(const QJsonObject &o)
{
    auto items = listOf<FlagOverride>(o.value(QLatin1String("items")));
    if (!items)
        return std::nullopt;
    return FlagOverrideList{str(o, "flag"), std::move(*items)};
}

QJsonObject BulkOverrideRequest::toJson(bool dryRun) const
{
    QJsonObject o{{QStringLiteral("value"), value}, {QStringLiteral("dry_run"), dryRun}};
    if (!plan.isEmpty())
        o.insert(QStringLiteral("plan"), plan);
    else
        o.insert(QStringLiteral("tenants"), QJsonArray::fromStringList(tenants));
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    return o;
}

std::optional<BulkOverrideResult> BulkOverrideResult::fromJson(const QJsonObject &o)
{
    if (!o.value(QLatin1String("changes")).isArray())
        return std::nullopt;
    BulkOverrideResult r;
    r.dryRun = o.value(QLatin1String("dry_run")).toBool();
    r.targets = o.value(QLatin1String("targets")).toInt();
    r.changed = o.value(QLatin1String("changed")).toInt();
    r.previewEtag = str(o, "preview_etag");
    for (const auto &v : o.value(QLatin1String("changes")).toArray()) {
        const QJsonObject c = v.toObject();
        r.changes.append({str(c, "tenant_id"), str(c, "slug"), str(c, "plan"), c.value(QLatin1String("override_before")),
                          c.value(QLatin1String("override_after")), c.value(QLatin1String("value_before")),
                          c.value(QLatin1String("value_after")), str(c, "reason_before"), str(c, "reason_after")});
    }
    return r;
}

std::optional<FlagEvaluation> FlagEvaluation::fromJson(const QJsonObject &o)
{
    FlagEvaluation e;
    e.key = str(o, "key");
    if (e.key.isEmpty())
        return std::nullopt;
    e.value = o.value(QLatin1String("value"));
    e.variant = str(o, "variant");
    e.reason = str(o, "reason");
    e.rule = str(o, "rule");
    e.errorCode = str(o, "error_code");
    e.bucket = o.value(QLatin1String("bucket")).toInt(-1);
    e.tenantOverride = optValue(o, "tenant_override");
    e.userOverride = optValue(o, "user_override");
    e.defaultValue = o.value(QLatin1String("default"));
    e.description = str(o, "description");
    return e;
}

std::optional<TenantFlags> TenantFlags::fromJson(const QJsonObject &o)
{
    auto items = listOf<FlagEvaluation>(o.value(QLatin1String("items")));
    if (!items)
        return std::nullopt;
    return TenantFlags{str(o, "tenant_id"), str(o, "plan"), str(o, "user"), std::move(*items)};
}

std::optional<OverrideChange> OverrideChange::fromJson(const QJsonObject &o)
{
    auto before = FlagEvaluation::fromJson(o.value(QLatin1String("before")).toObject());
    auto after = FlagEvaluation::fromJson(o.value(QLatin1String("after")).toObject());
    if (!before || !after)
        return std::nullopt;
    OverrideChange c;
    c.dryRun = o.value(QLatin1String("dry_run")).toBool();
    c.overrideBefore = optValue(o, "override_before");
    c.overrideAfter = optValue(o, "override_after");
    c.before = std::move(*before);
    c.after = std::move(*after);
    c.changesValue = o.value(QLatin1String("changes_value")).toBool();
    return c;
}

} // namespace portico
