#include "views/tablecopy.h"
#include "models/tableexport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>
#include <algorithm>

namespace portico {

QList<int> shownColumns(const QTableView *view)
{
    const QHeaderView *header = view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns << logical;
    }
    return columns;
}

QList<int> selectedRows(const QTableView *view)
{
    QList<int> rows;
    if (!view->selectionModel())
        return rows;
    const auto selected = view->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString selectedRowsAsText(const QTableView *view)
{
    const QList<int> rows = selectedRows(view);
    if (rows.isEmpty() || !view->model())
        return {};
    return exportTable(*view->model(), rows, shownColumns(view), TableFormat::Tsv);
}

void addCopyAction(QTableView *view, const std::function<void(int rows)> &onCopied)
{
    auto *copy = new QAction(QApplication::translate("portico::TableCopy", "Copy"), view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(copy, &QAction::triggered, view, [view, onCopied] {
        const QString text = selectedRowsAsText(view);
        if (text.isEmpty())
            return;
        QApplication::clipboard()->setText(text);
        if (onCopied)
            onCopied(int(selectedRows(view).size()));
    });
    view->addAction(copy);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
}

} // namespace portico
