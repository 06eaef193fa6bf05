#include "models/findingsfiltermodel.h"
#include "models/findingsmodel.h"

namespace portico {

FindingsFilterModel::FindingsFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(FindingsModel::SeverityRole);
}

void FindingsFilterModel::setMinimumSeverity(Severity severity)
{
    if (severity == m_minimum)
        return;
    // Only rows come and go, never their order. beginFilterChange is 6.9, endFilterChange(Direction) 6.10.
#if QT_VERSION >= QT_VERSION_CHECK(6, 10, 0)
    beginFilterChange();
    m_minimum = severity;
    endFilterChange(QSortFilterProxyModel::Direction::Rows);
#else
    m_minimum = severity;
    invalidateRowsFilter();
#endif
}

bool FindingsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, FindingsModel::SeverityColumn, sourceParent);
    return index.data(FindingsModel::SeverityRole).toInt() <= int(m_minimum);
}

bool FindingsFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() == FindingsModel::SeverityColumn) {
        const int l = left.data(FindingsModel::SeverityRole).toInt();
        const int r = right.data(FindingsModel::SeverityRole).toInt();
        if (l != r)
            return l < r;
        // Same severity: keep the model's order (check, then object).
        return left.row() < right.row();
    }
    return QString::localeAwareCompare(left.data().toString(), right.data().toString()) < 0;
}

} // namespace portico
