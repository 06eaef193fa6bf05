#pragma once
// Reads an RFC 4180 file back (quoted fields, doubled quotes, CRLF; line breaks inside quotes),
// written independently of models/tableexport so an export is checked by other code than its own.
// unneutralise undoes the leading apostrophe csvField puts before = + - @ tab CR.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace portico::test {

inline QList<QStringList> readCsv(const QByteArray &bytes, bool *wellFormed = nullptr)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false, fieldStarted = false, ok = true;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && !fieldStarted) {
            quoted = fieldStarted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
            fieldStarted = false;
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')) {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            fieldStarted = false;
            ++i;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('"')) {
            ok = false; // RFC 4180: bare line breaks and quotes only inside quotes
            field += c;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted || fieldStarted || !row.isEmpty())
        ok = false; // the last record must end with CRLF
    if (wellFormed)
        *wellFormed = ok;
    return rows;
}

inline QString unneutralise(const QString &cell)
{
    static const QString risky = QStringLiteral("=+-@\t\r");
    return cell.size() >= 2 && cell.front() == QLatin1Char('\'') && risky.contains(cell.at(1)) ? cell.mid(1) : cell;
}

} // namespace portico::test
