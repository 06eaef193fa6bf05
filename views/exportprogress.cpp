#include "views/exportprogress.h"
#include "models/csvexport.h"

#include <QApplication>
#include <QProgressDialog>
#include <algorithm>

namespace portico {

QProgressDialog *showExportProgress(QWidget *parent, CsvExport *exporter, const QString &title,
                                    const std::function<QString(qint64 rows)> &rowsText)
{
    auto *dialog = new QProgressDialog(QApplication::translate("portico::ExportProgress", "Fetching…"),
                                       QApplication::translate("portico::ExportProgress", "Cancel"), 0, 0, parent);
    dialog->setObjectName(QStringLiteral("exportProgress"));
    dialog->setWindowTitle(title);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setAutoReset(false);
    dialog->setAutoClose(false);
    QObject::connect(dialog, &QProgressDialog::canceled, exporter, &CsvExport::cancel);
    // Queued: a modal QProgressDialog processes events in setValue, which must not happen inside
    // the exporter's network callback.
    QObject::connect(exporter, &CsvExport::progress, dialog, [dialog, rowsText](qint64 rows, qint64 total) {
        if (total > 0) {
            dialog->setMaximum(int(total));
            dialog->setValue(int(std::min(rows, total)));
            dialog->setLabelText(QApplication::translate("portico::ExportProgress", "Fetched %1 of %2…").arg(rowsText(rows)).arg(total));
        } else {
            dialog->setLabelText(QApplication::translate("portico::ExportProgress", "Fetched %1…").arg(rowsText(rows)));
        }
    }, Qt::QueuedConnection);
    QObject::connect(exporter, &CsvExport::finished, dialog, [dialog] {
        dialog->disconnect();
        dialog->hide();
        dialog->deleteLater();
    });
    dialog->show();
    return dialog;
}

} // namespace portico
