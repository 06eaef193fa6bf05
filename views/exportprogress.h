#pragma once
// The progress of one CsvExport run, the same on every page that exports: a window-modal dialog
// with the rows fetched so far (of the total, when the server says) and Cancel, which cancels the
// export (nothing is written). The dialog deletes itself when the run ends.

#include <QString>
#include <functional>

class QProgressDialog;
class QWidget;

namespace portico {

class CsvExport;

// rowsText: the fetched count in the page's words, e.g. "120 tenants".
QProgressDialog *showExportProgress(QWidget *parent, CsvExport *exporter, const QString &title,
                                    const std::function<QString(qint64 rows)> &rowsText);

} // namespace portico
