#pragma once
// Ctrl+C for a table view: the selected rows, visible columns in their on-screen order, as TSV with
// the header line, through whatever model (proxy) the view shows.

#include <QList>
#include <QString>
#include <functional>

class QTableView;

namespace portico {

[[nodiscard]] QList<int> shownColumns(const QTableView *view);
[[nodiscard]] QList<int> selectedRows(const QTableView *view); // ascending, in the view's model
[[nodiscard]] QString selectedRowsAsText(const QTableView *view);
// Adds a "Copy" action (Ctrl+C while the table has focus) to the table's context menu; onCopied
// gets the number of rows put on the clipboard.
void addCopyAction(QTableView *view, const std::function<void(int rows)> &onCopied);

} // namespace portico
