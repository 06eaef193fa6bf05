#include "models/pagedtablemodel.h"

namespace portico {

PagedTableModel::PagedTableModel(QObject *parent) : QAbstractTableModel(parent) {}

bool PagedTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_paging.canFetchMore();
}

void PagedTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    requestPage(m_paging.nextCursor());
}

void PagedTableModel::refresh()
{
    m_paging.restart();
    beginResetModel();
    clearRows();
    endResetModel();
    requestPage({});
}

void PagedTableModel::pageAppended(int, int) {}

} // namespace portico
