#pragma once
// Copy and export of what a table shows: the given rows and columns (in the given order), the
// display text of each cell, headers first. Headless so it is unit-testable.

#include <QList>
#include <QString>

class QAbstractItemModel;

namespace portico {

enum class TableFormat {
    Csv, // RFC 4180, for files; cells that a spreadsheet would run as a formula are neutralised
    Tsv  // for the clipboard: pastes into spreadsheets and chat as-is
};

QString exportTable(const QAbstractItemModel &model, const QList<int> &rows, const QList<int> &columns, TableFormat format,
                    bool withHeader = true);

QString csvField(const QString &value);

} // namespace portico
