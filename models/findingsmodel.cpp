#include "models/findingsmodel.h"
#include "models/formatting.h"

#include <QFont>
#include <algorithm>

namespace portico {

FindingsModel::FindingsModel(ApiClient *client, QObject *parent) : QAbstractTableModel(parent), m_client(client) {}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QIcon FindingsModel::iconFor(Severity s) const
{
    auto it = m_icons.find(int(s));
    if (it == m_icons.end())
        it = m_icons.insert(int(s), format::severityIcon(s));
    return *it;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Finding &f = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn: return format::severity(f.severity, f.severityName);
        case CheckColumn: return f.check;
        case ObjectColumn: return f.object;
        case DetailColumn: return f.detail;
        default: return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case SeverityColumn:
            return isSerious(f.severity) ? tr("Isolation is at risk until this is fixed.") : tr("Worth a look; isolation holds.");
        case ObjectColumn: return f.object;
        case DetailColumn: return f.detail; // the column elides; the whole sentence is here and in the detail pane
        default: return {};
        }
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(iconFor(f.severity)) : QVariant();
    case Qt::ForegroundRole:
        return index.column() == SeverityColumn ? QVariant(format::severityColor(f.severity)) : QVariant();
    case Qt::FontRole:
        if (index.column() == SeverityColumn && isSerious(f.severity)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case SeverityRole: return int(f.severity);
    case SeverityColorRole: return format::severityColor(f.severity);
    case CheckRole: return f.check;
    default: return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case CheckColumn: return tr("Check");
    case ObjectColumn: return tr("Object");
    case DetailColumn: return tr("Detail");
    default: return {};
    }
}

QHash<int, QByteArray> FindingsModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(SeverityRole, "severity");
    names.insert(SeverityColorRole, "severityColor");
    names.insert(CheckRole, "check");
    return names;
}

bool FindingsModel::moreSevereFirst(const Finding &a, const Finding &b)
{
    if (a.severity != b.severity)
        return a.severity < b.severity;
    if (a.check != b.check)
        return a.check < b.check;
    return a.object < b.object;
}

void FindingsModel::setReport(const IsolationReport &report)
{
    beginResetModel();
    m_report = report;
    m_rows = report.findings;
    std::stable_sort(m_rows.begin(), m_rows.end(), &FindingsModel::moreSevereFirst);
    endResetModel();
    Q_EMIT reportChanged();
}

void FindingsModel::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    Q_EMIT runningChanged(running);
}

void FindingsModel::rerun()
{
    const quint64 generation = ++m_generation;
    setRunning(true);
    m_client->isolationReport(this, [this, generation](const ApiResult<IsolationReport> &result) {
        if (generation != m_generation)
            return; // a newer run is on its way
        if (!result) {
            m_problem = result.problem();
            setRunning(false);
            Q_EMIT problemOccurred(m_problem);
            return;
        }
        m_problem = {};
        setReport(result.value());
        setRunning(false);
    });
}

} // namespace portico
