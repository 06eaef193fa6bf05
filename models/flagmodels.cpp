#include "models/flagmodels.h"
#include "models/tones.h"
#include "models/formatting.h"
#include <QColor>
#include <QFont>
#include <QLocale>

namespace portico {

QString rolloutText(const FlagInfo &f)
{
    if (!f.rolloutPercentage)
        return FlagsModel::tr("—");
    const QString pct = QLocale().toString(*f.rolloutPercentage, 'g', 6);
    return f.rolloutBy == QLatin1String("user") ? FlagsModel::tr("%1 % of users").arg(pct) : FlagsModel::tr("%1 % of tenants").arg(pct);
}

QString reasonText(const QString &reason, const QString &rule)
{
    QString r;
    if (reason == QLatin1String("STATIC"))
        r = FlagEvaluationsModel::tr("Static");
    else if (reason == QLatin1String("DEFAULT"))
        r = FlagEvaluationsModel::tr("Default");
    else if (reason == QLatin1String("TARGETING_MATCH"))
        r = FlagEvaluationsModel::tr("Targeting match");
    else if (reason == QLatin1String("SPLIT"))
        r = FlagEvaluationsModel::tr("Rollout split");
    else if (reason == QLatin1String("DISABLED"))
        r = FlagEvaluationsModel::tr("Disabled");
    else if (reason == QLatin1String("ERROR"))
        r = FlagEvaluationsModel::tr("Error");
    else
        r = reason;
    if (rule.isEmpty() || rule == QLatin1String("none") || rule == QLatin1String("fallthrough"))
        return r;
    QString ruleText = rule;
    ruleText.replace(QLatin1Char('_'), QLatin1Char(' '));
    return FlagEvaluationsModel::tr("%1 (%2)").arg(r, ruleText);
}

QString flagErrorSentence(const QString &code)
{
    if (code.isEmpty())
        return {};
    if (code == QLatin1String("FLAG_NOT_FOUND"))
        return FlagEvaluationsModel::tr("no flag has this key (or a prerequisite names one that does not exist)");
    if (code == QLatin1String("PARSE_ERROR"))
        return FlagEvaluationsModel::tr("the evaluation request could not be read (it is not valid JSON)");
    if (code == QLatin1String("TYPE_MISMATCH"))
        return FlagEvaluationsModel::tr("the flag's value is not of the type the caller asked for");
    if (code == QLatin1String("TARGETING_KEY_MISSING"))
        return FlagEvaluationsModel::tr("this flag rolls out by user; pick a user to evaluate it");
    if (code == QLatin1String("INVALID_CONTEXT"))
        return FlagEvaluationsModel::tr("the evaluation context is not usable (it is not an object, or the targeting key is not a string of at most 128 characters)");
    if (code == QLatin1String("PROVIDER_NOT_READY"))
        return FlagEvaluationsModel::tr("the flag service has not loaded its flags yet; try again in a moment");
    if (code == QLatin1String("GENERAL"))
        return FlagEvaluationsModel::tr("the flag could not be evaluated (a prerequisite is missing or the prerequisites form a cycle)");
    return FlagEvaluationsModel::tr("the server reported an error this console does not know (%1); the flag's default value is served")
        .arg(code);
}

QString flagErrorText(const QString &code)
{
    if (code.isEmpty())
        return {};
    return FlagEvaluationsModel::tr("%1: %2").arg(code, flagErrorSentence(code));
}

// ---- FlagsModel ----------------------------------------------------------------------------------

FlagsModel::FlagsModel(ApiClient *client, QObject *parent) : ReloadingTableModel(parent), m_client(client) {}

void FlagsModel::reload()
{
    m_client->listFlags(this, latestReply<FlagList>([this](const FlagList &flags) { m_items = flags.items; }));
}

const FlagInfo *FlagsModel::flag(const QString &key) const
{
    return flagAt(rowOf(key));
}

const FlagInfo *FlagsModel::flagAt(int row) const
{
    return row >= 0 && row < m_items.size() ? &m_items[row] : nullptr;
}

int FlagsModel::rowOf(const QString &key) const
{
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items[i].key == key)
            return i;
    return -1;
}

QJsonObject FlagsModel::rolloutPatch(const FlagInfo &f, double percentage) const
{
    QJsonObject rollout = f.raw.value(QLatin1String("rollout")).toObject();
    if (rollout.isEmpty())
        rollout.insert(QStringLiteral("by"), QStringLiteral("tenant"));
    rollout.insert(QStringLiteral("percentage"), percentage);
    return {{QStringLiteral("rollout"), rollout}};
}

void FlagsModel::previewRollout(const QString &key, double percentage)
{
    const FlagInfo *f = flag(key);
    if (!f)
        return;
    const quint64 seq = ++m_previewSeq;
    m_client->patchFlag(key, rolloutPatch(*f, percentage), f->etag(), true, {}, this,
                        [this, key, percentage, seq](const ApiResult<FlagPatchResult> &r) {
        if (seq != m_previewSeq)
            return; // the slider moved on
        if (!r) {
            Q_EMIT problemOccurred(r.problem());
            return;
        }
        Q_EMIT rolloutPreviewed(key, percentage, r->impact);
    });
}

void FlagsModel::applyRollout(const QString &key, double percentage, const QString &reason)
{
    const FlagInfo *f = flag(key);
    if (!f)
        return;
    ++m_previewSeq;
    m_client->patchFlag(key, rolloutPatch(*f, percentage), f->etag(), false, reason, this,
                        [this, key](const ApiResult<FlagPatchResult> &r) {
        if (!r) {
            if (r.problem().status == 412)
                Q_EMIT conflict(key, r.problem());
            else
                Q_EMIT problemOccurred(r.problem());
            reload();
            return;
        }
        Q_EMIT rolloutApplied(key, r->impact);
        reload();
    });
}

void FlagsModel::previewBulk(const QString &key, const BulkOverrideRequest &request)
{
    m_client->bulkFlagOverrides(key, request, true, {}, this, [this, key](const ApiResult<BulkOverrideResult> &r) {
        if (!r) {
            Q_EMIT problemOccurred(r.problem());
            return;
        }
        Q_EMIT bulkPreviewed(key, r.value());
    });
}

void FlagsModel::applyBulk(const QString &key, const BulkOverrideRequest &request, const QString &previewEtag)
{
    m_client->bulkFlagOverrides(key, request, false, previewEtag, this, [this, key](const ApiResult<BulkOverrideResult> &r) {
        if (!r) {
            if (r.problem().status == 412)
                Q_EMIT conflict(key, r.problem());
            else
                Q_EMIT problemOccurred(r.problem());
            return;
        }
        Q_EMIT bulkApplied(key, r.value());
        reload();
    });
}

int FlagsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int FlagsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FlagsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FlagInfo &f = m_items[index.row()];
    if (role == KeyRole)
        return f.key;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case KeyColumn: return f.key;
        case OwnerColumn: return f.owner;
        case KindColumn: return f.kind == QLatin1String("variant") ? tr("variant (default %1)").arg(jsonText(f.defaultValue))
                                                                 : tr("boolean (default %1)").arg(jsonText(f.defaultValue));
        case StateColumn: return f.enabled ? tr("on") : tr("killed");
        case RolloutColumn: return rolloutText(f);
        case OverridesColumn: return f.overrides;
        case StaleColumn: return f.stale ? tr("stale: %1").arg(f.staleReason) : QString();
        case UpdatedColumn: return format::localDateTime(f.updatedAt);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == KeyColumn)
            return f.description;
        if (index.column() == UpdatedColumn)
            return tr("by %1").arg(f.updatedBy);
        if (index.column() == StaleColumn && f.stale)
            return tr("Stale flags are candidates for removal: %1").arg(f.staleReason);
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == StateColumn && !f.enabled)
            return toneText(Tone::Bad);
        if (index.column() == StaleColumn && f.stale)
            return toneText(Tone::Warning);
    }
    if (role == Qt::TextAlignmentRole && index.column() == OverridesColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant FlagsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return tr("Flag");
    case OwnerColumn: return tr("Owner");
    case KindColumn: return tr("Kind");
    case StateColumn: return tr("State");
    case RolloutColumn: return tr("Rollout");
    case OverridesColumn: return tr("Overrides");
    case StaleColumn: return tr("Staleness");
    case UpdatedColumn: return tr("Updated");
    default: return {};
    }
}

// ---- FlagEvaluationsModel ------------------------------------------------------------------------

FlagEvaluationsModel::FlagEvaluationsModel(ApiClient *client, QObject *parent) : ReloadingTableModel(parent), m_client(client) {}

void FlagEvaluationsModel::setTenant(const QString &tenantId)
{
    if (tenantId == m_tenant && hasLoaded())
        return;
    m_tenant = tenantId;
    clearRows([this] { m_items.clear(); });
    reload();
}

void FlagEvaluationsModel::setUser(const QString &user)
{
    if (user.trimmed() == m_user)
        return;
    m_user = user.trimmed();
    reload();
}

void FlagEvaluationsModel::reload()
{
    if (m_tenant.isEmpty())
        return;
    m_client->tenantFlags(m_tenant, m_user, this, latestReply<TenantFlags>([this](const TenantFlags &flags) { m_items = flags.items; }));
}

const FlagEvaluation *FlagEvaluationsModel::evaluation(const QString &key) const
{
    return evaluationAt(rowOf(key));
}

const FlagEvaluation *FlagEvaluationsModel::evaluationAt(int row) const
{
    return row >= 0 && row < m_items.size() ? &m_items[row] : nullptr;
}

int FlagEvaluationsModel::rowOf(const QString &key) const
{
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items[i].key == key)
            return i;
    return -1;
}

void FlagEvaluationsModel::previewOverride(const QString &key, const std::optional<QJsonValue> &value)
{
    const quint64 seq = ++m_previewSeq;
    const QString tenant = m_tenant;
    // A dry run of a removal is a PUT with null.
    m_client->setFlagOverride(m_tenant, key, m_user, value ? value : std::optional<QJsonValue>(QJsonValue()), true, {}, this,
                              [this, key, seq, tenant](const ApiResult<OverrideChange> &r) {
        if (seq != m_previewSeq || tenant != m_tenant)
            return;
        if (!r) {
            Q_EMIT problemOccurred(r.problem());
            return;
        }
        Q_EMIT overridePreviewed(key, r.value());
    });
}

void FlagEvaluationsModel::applyOverride(const QString &key, const std::optional<QJsonValue> &value, const QString &reason)
{
    ++m_previewSeq;
    m_client->setFlagOverride(m_tenant, key, m_user, value, false, reason, this, [this, key](const ApiResult<OverrideChange> &r) {
        if (!r) {
            Q_EMIT problemOccurred(r.problem());
            return;
        }
        Q_EMIT overrideApplied(key);
        reload();
    });
}

int FlagEvaluationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int FlagEvaluationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FlagEvaluationsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FlagEvaluation &e = m_items[index.row()];
    if (role == KeyRole)
        return e.key;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case KeyColumn: return e.key;
        case ValueColumn: return jsonText(e.value);
        case ReasonColumn: return reasonText(e.reason, e.rule);
        case RuleColumn: return e.bucket >= 0 ? tr("bucket %1").arg(e.bucket) : e.errorCode;
        case TenantOverrideColumn: return jsonText(e.tenantOverride);
        case UserOverrideColumn: return m_user.isEmpty() ? QString() : jsonText(e.userOverride);
        case DefaultColumn: return jsonText(e.defaultValue);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == KeyColumn)
        return e.description;
    // The code alone does not say what to do about it: its sentence is one hover away on the row.
    if (role == Qt::ToolTipRole && !e.errorCode.isEmpty() && (index.column() == RuleColumn || index.column() == ReasonColumn))
        return flagErrorText(e.errorCode);
    if (role == Qt::FontRole && index.column() == ValueColumn && e.value != e.defaultValue) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ForegroundRole && index.column() == ReasonColumn) {
        if (e.reason == QLatin1String("ERROR") || e.reason == QLatin1String("DISABLED"))
            return toneText(Tone::Bad);
        if (e.reason == QLatin1String("TARGETING_MATCH"))
            return toneText(Tone::Info);
    }
    return {};
}

QVariant FlagEvaluationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return tr("Flag");
    case ValueColumn: return tr("Value");
    case ReasonColumn: return tr("Reason");
    case RuleColumn: return tr("Detail");
    case TenantOverrideColumn: return tr("Tenant override");
    case UserOverrideColumn: return tr("User override");
    case DefaultColumn: return tr("Default");
    default: return {};
    }
}

// ---- FlagOverridesModel --------------------------------------------------------------------------

FlagOverridesModel::FlagOverridesModel(ApiClient *client, QObject *parent) : ReloadingTableModel(parent), m_client(client) {}

void FlagOverridesModel::load(const QString &flagKey)
{
    if (flagKey != m_key || flagKey.isEmpty()) {
        clearRows([this, &flagKey] {
            m_items.clear();
            m_key = flagKey;
        });
    }
    if (flagKey.isEmpty())
        return;
    m_client->flagOverrides(flagKey, this, latestReply<FlagOverrideList>([this](const FlagOverrideList &list) { m_items = list.items; }));
}

const FlagOverride *FlagOverridesModel::overrideAt(int row) const
{
    return row >= 0 && row < m_items.size() ? &m_items[row] : nullptr;
}

int FlagOverridesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int FlagOverridesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FlagOverridesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FlagOverride &o = m_items[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TenantColumn: return o.name.isEmpty() ? o.slug : tr("%1 (%2)").arg(o.name, o.slug);
        case PlanColumn: return o.plan;
        case UserColumn: return o.user;
        case ValueColumn: return jsonText(o.value);
        case ReasonColumn: return o.reason;
        case UpdatedByColumn: return o.updatedBy;
        case UpdatedColumn: return format::localDateTime(o.updatedAt);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == TenantColumn)
        return o.tenantId;
    return {};
}

QVariant FlagOverridesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TenantColumn: return tr("Tenant");
    case PlanColumn: return tr("Plan");
    case UserColumn: return tr("User");
    case ValueColumn: return tr("Value");
    case ReasonColumn: return tr("Reason");
    case UpdatedByColumn: return tr("By");
    case UpdatedColumn: return tr("Updated");
    default: return {};
    }
}

} // namespace portico
