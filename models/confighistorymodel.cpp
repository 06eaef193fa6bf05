#include "models/confighistorymodel.h"
#include "models/formatting.h"

namespace portico {

ConfigHistoryModel::ConfigHistoryModel(ApiClient *client, QObject *parent) : ReloadingTableModel(parent), m_client(client) {}

void ConfigHistoryModel::clear()
{
    clearRows([this] {
        m_items.clear();
        m_key.clear();
    });
}

void ConfigHistoryModel::load(const QString &tenantId, const QString &key, const QString &user)
{
    if (key.isEmpty()) {
        clear();
        return;
    }
    m_tenant = tenantId;
    m_key = key;
    m_user = user;
    reload();
}

void ConfigHistoryModel::reload()
{
    if (m_key.isEmpty())
        return;
    markStale();
    m_client->configHistory(m_tenant, m_key, m_user, 100, this, latestReply<ConfigHistory>([this](const ConfigHistory &history) {
        m_items.clear();
        // The history route filters by key; with a user it lists that user's entries and the
        // tenant's, without one the tenant layer's only.
        for (const auto &e : history.items)
            if (m_user.isEmpty() ? e.layer == QLatin1String("tenant") : true)
                m_items.append(e);
    }));
}

const ConfigHistoryEntry *ConfigHistoryModel::entry(int row) const
{
    return row >= 0 && row < m_items.size() ? &m_items[row] : nullptr;
}

void ConfigHistoryModel::revert(int row, const QString &reason)
{
    const ConfigHistoryEntry *e = entry(row);
    if (!e)
        return;
    const QString key = e->key;
    m_client->revertConfig(m_tenant, e->id, reason, this, [this, key](const ApiResult<QJsonObject> &r) {
        if (!r) {
            Q_EMIT problemOccurred(r.problem());
            return;
        }
        Q_EMIT reverted(key);
        reload();
    });
}

int ConfigHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ConfigHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConfigHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConfigHistoryEntry &e = m_items[index.row()];
    const auto shown = [](const QJsonValue &v) { return v.isNull() ? tr("(unset)") : jsonText(v); };
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case AtColumn: return format::localDateTime(e.at);
        case ActorColumn: return e.actor;
        case LayerColumn: return e.user.isEmpty() ? e.layer : tr("%1 (%2)").arg(e.layer, e.user);
        case ChangeColumn: return tr("%1 → %2").arg(shown(e.before), shown(e.after));
        case ReasonColumn: return e.reason;
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == ChangeColumn)
        return tr("Version %1\nBefore: %2\nAfter: %3").arg(e.version).arg(shown(e.before), shown(e.after));
    return {};
}

QVariant ConfigHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AtColumn: return tr("When");
    case ActorColumn: return tr("Who");
    case LayerColumn: return tr("Layer");
    case ChangeColumn: return tr("Change");
    case ReasonColumn: return tr("Reason");
    default: return {};
    }
}

} // namespace portico
