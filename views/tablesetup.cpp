#include "views/tablesetup.h"

#include <QHeaderView>
#include <QTableView>

namespace portico {

QTableView *setUpTable(QTableView *table, const QString &objectName, TableKind kind, RowColors colors)
{
    if (!objectName.isEmpty())
        table->setObjectName(objectName);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(colors == RowColors::Alternating);
    table->verticalHeader()->hide();
    switch (kind) {
    case TableKind::Records:
        table->setSelectionMode(QAbstractItemView::ExtendedSelection);
        table->setWordWrap(false);
        table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
        table->horizontalHeader()->setSectionsMovable(true);
        break;
    case TableKind::Choice:
        table->setSelectionMode(QAbstractItemView::SingleSelection);
        table->horizontalHeader()->setStretchLastSection(true);
        break;
    }
    return table;
}

} // namespace portico
