#include "models/tableexport.h"
#include <QAbstractItemModel>

namespace portico {

QString csvField(const QString &value)
{
    QString v = value;
    // CSV injection: a tenant picks its own name, and "=HYPERLINK(...)" would run in the
    // spreadsheet of whoever opens the export. A leading apostrophe makes it plain text.
    static const QString risky = QStringLiteral("=+-@\t\r");
    if (!v.isEmpty() && risky.contains(v.front()))
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) || v.contains(QLatin1Char('\n')) || v.contains(QLatin1Char('\r'))) {
        v.replace(QLatin1String("\""), QLatin1String("\"\""));
        v = QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v;
}

namespace {
QString tsvField(QString v)
{
    v.replace(QLatin1Char('\t'), QLatin1Char(' '));
    v.replace(QLatin1Char('\n'), QLatin1Char(' '));
    v.remove(QLatin1Char('\r'));
    return v;
}
} // namespace

QString exportTable(const QAbstractItemModel &model, const QList<int> &rows, const QList<int> &columns, TableFormat format,
                    bool withHeader)
{
    const QChar sep = format == TableFormat::Csv ? QLatin1Char(',') : QLatin1Char('\t');
    const QString eol = format == TableFormat::Csv ? QStringLiteral("\r\n") : QStringLiteral("\n");
    const auto field = [format](const QString &v) { return format == TableFormat::Csv ? csvField(v) : tsvField(v); };

    QString out;
    const auto appendLine = [&](const QStringList &cells) { out += cells.join(sep) + eol; };
    if (withHeader) {
        QStringList cells;
        for (int c : columns)
            cells << field(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
        appendLine(cells);
    }
    for (int r : rows) {
        QStringList cells;
        for (int c : columns)
            cells << field(model.index(r, c).data(Qt::DisplayRole).toString());
        appendLine(cells);
    }
    return out;
}

} // namespace portico
