#include "models/alertsmodel.h"
#include "models/formatting.h"

namespace portico {

AlertsModel::AlertsModel(ApiClient *client, QObject *parent) : PagedTableModel(parent), m_client(client)
{
    m_query.states = {AlertState::Open, AlertState::Acknowledged};
}

namespace {

QString stateText(AlertState s)
{
    switch (s) {
    case AlertState::Open: return AlertsModel::tr("Open");
    case AlertState::Acknowledged: return AlertsModel::tr("Acknowledged");
    case AlertState::Resolved: return AlertsModel::tr("Resolved");
    }
    return {};
}

// The transition that brought the alert where it is: resolved, else acknowledged, else none.
std::pair<QString, QDateTime> lastStep(const Alert &a)
{
    if (a.state == AlertState::Resolved)
        return {a.resolvedBy, a.resolvedAt};
    if (a.state == AlertState::Acknowledged)
        return {a.acknowledgedBy, a.acknowledgedAt};
    return {};
}

QString history(const Alert &a)
{
    QStringList lines;
    if (a.acknowledgedAt.isValid())
        lines << AlertsModel::tr("Acknowledged by %1 at %2: %3").arg(a.acknowledgedBy, format::utcToolTip(a.acknowledgedAt), a.acknowledgedReason);
    if (a.resolvedAt.isValid())
        lines << AlertsModel::tr("Resolved by %1 at %2: %3").arg(a.resolvedBy, format::utcToolTip(a.resolvedAt), a.resolvedReason);
    return lines.isEmpty() ? AlertsModel::tr("Open: nobody has acknowledged it yet.") : lines.join(QLatin1Char('\n'));
}

} // namespace

int AlertsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AlertsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QIcon AlertsModel::iconFor(Severity s) const
{
    auto it = m_icons.find(int(s));
    if (it == m_icons.end())
        it = m_icons.insert(int(s), format::severityIcon(s));
    return *it;
}

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Alert &a = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return a.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case SeverityColumn: return format::severity(a.severity, a.severityName);
        case KindColumn: return a.kind;
        case TenantColumn:
            if (a.tenantId.isEmpty())
                return tr("—");
            if (const QString name = m_tenantNames.value(a.tenantId); !name.isEmpty())
                return name;
            return a.tenantId;
        case DetailColumn: return a.detail;
        case RequestIdColumn: return a.requestId;
        case StateColumn: return stateText(a.state);
        case HandledByColumn: return lastStep(a).first;
        case HandledAtColumn: {
            const QDateTime at = lastStep(a).second;
            return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
        }
        default: return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn: return format::utcToolTip(a.at);
        case TenantColumn:
            if (a.tenantId.isEmpty())
                return tr("The alert concerns no single tenant.");
            if (const QString name = m_tenantNames.value(a.tenantId); !name.isEmpty())
                return tr("%1\nTenant id %2\nDouble-click to open the tenant.").arg(name, a.tenantId);
            return tr("Tenant id %1").arg(a.tenantId);
        case DetailColumn: return a.detail;
        case RequestIdColumn: return tr("%1\nFind this request id in the server log.").arg(a.requestId);
        case StateColumn:
        case HandledByColumn:
        case HandledAtColumn: return history(a);
        default: return {};
        }
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(iconFor(a.severity)) : QVariant();
    case Qt::ForegroundRole:
        return index.column() == SeverityColumn ? QVariant(format::severityColor(a.severity)) : QVariant();
    case IdRole: return a.id;
    case UtcRole: return a.at;
    case SeverityRole: return int(a.severity);
    case TenantIdRole: return a.tenantId;
    case RequestIdRole: return a.requestId;
    case StateRole: return int(a.state);
    default: return {};
    }
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case TimeColumn: return tr("Time");
        case SeverityColumn: return tr("Severity");
        case KindColumn: return tr("Kind");
        case TenantColumn: return tr("Tenant");
        case DetailColumn: return tr("Detail");
        case RequestIdColumn: return tr("Request id");
        case StateColumn: return tr("State");
        case HandledByColumn: return tr("By");
        case HandledAtColumn: return tr("Changed");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && section == TimeColumn)
        return tr("Local time; hover a cell for UTC.");
    if (role == Qt::ToolTipRole && (section == HandledByColumn || section == HandledAtColumn))
        return tr("Who acknowledged or resolved the alert, and when (local time); hover a cell for the reasons.");
    return {};
}

QHash<int, QByteArray> AlertsModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "alertId");
    names.insert(UtcRole, "utc");
    names.insert(SeverityRole, "severity");
    names.insert(TenantIdRole, "tenantId");
    names.insert(RequestIdRole, "requestId");
    names.insert(StateRole, "state");
    return names;
}

void AlertsModel::setPageSize(int pageSize)
{
    pageSize = qBound(1, pageSize, AlertQuery::kMaxLimit);
    if (pageSize == m_query.limit)
        return;
    m_query.limit = pageSize;
    refresh();
}

void AlertsModel::setTenantFilter(const QString &tenantId)
{
    if (tenantId == m_query.tenantId)
        return;
    m_query.tenantId = tenantId;
    refresh();
}

void AlertsModel::setStateFilter(const QList<AlertState> &states)
{
    if (states == m_query.states)
        return;
    m_query.states = states;
    refresh();
}

bool AlertsModel::canApply(int row, AlertAction action) const
{
    return row >= 0 && row < m_rows.size() && !m_changing && alertTransition(m_rows.at(row).state, action) == AlertTransition::Apply;
}

void AlertsModel::changeState(int row, AlertAction action, const QString &reason)
{
    if (row < 0 || row >= m_rows.size() || m_changing)
        return;
    m_changing = true;
    m_client->changeAlertState(m_rows.at(row).id, action, reason, this, [this](const ApiResult<Alert> &result) {
        m_changing = false;
        if (!result) {
            Q_EMIT changeFailed(result.problem());
            return;
        }
        Q_EMIT stateChanged(result.value());
        refresh(); // the alert may leave the filter, and others may have changed meanwhile
    });
}

void AlertsModel::requestPage(const QString &cursor)
{
    AlertQuery q = m_query;
    q.cursor = cursor;
    m_client->listAlerts(q, this, pageReply<AlertPage>(m_rows));
}

void AlertsModel::lookUpTenants(int firstRow, int count)
{
    for (int r = firstRow; r < firstRow + count; ++r) {
        const QString &id = m_rows.at(r).tenantId;
        if (id.isEmpty() || m_tenantsSeen.contains(id))
            continue;
        m_tenantsSeen.insert(id);
        m_tenantQueue.enqueue(id);
    }
    lookUpNextTenant();
}

void AlertsModel::lookUpNextTenant()
{
    if (m_lookingUp)
        return;
    if (m_tenantQueue.isEmpty()) {
        Q_EMIT tenantLookupsFinished();
        return;
    }
    m_lookingUp = true;
    const QString id = m_tenantQueue.dequeue();
    m_client->getTenant(id, this, [this, id](const ApiResult<Tenant> &result) {
        m_lookingUp = false;
        // A tenant that is gone (or a lookup that failed) keeps showing its id.
        m_tenantNames.insert(id, result ? result.value().name : QString());
        if (result) {
            for (int r = 0; r < m_rows.size(); ++r)
                if (m_rows.at(r).tenantId == id)
                    Q_EMIT dataChanged(index(r, TenantColumn), index(r, TenantColumn), {Qt::DisplayRole, Qt::ToolTipRole});
        }
        lookUpNextTenant();
    });
}

} // namespace portico
