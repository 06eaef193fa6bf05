#pragma once
// Opaque keyset-pagination cursors. A cursor carries the last row's sort key and id, so a page
// boundary is stable even while rows are inserted before it.
//
// A cursor comes back from the client, so it is input like any other: every field is checked for
// its type and range before it reaches SQL (a string where a timestamp belongs used to become a
// failed cast, a 500). It also names the listing that issued it, so one listing's cursor is
// refused by another instead of being read as its key (an alerts cursor decodes as two strings,
// which is also the shape of a documents cursor).

#include "core/problem.h"
#include <QJsonArray>
#include <QString>
#include <QUuid>
#include <optional>

namespace portico {

QString encodeCursor(QStringView listing, const QJsonArray &key);

// A decoded cursor's key, with checked readers: each answers nullopt for a field of the wrong type
// or out of range, so a route reads every field and refuses the cursor when any is missing.
class CursorKey
{
public:
    // nullopt when the cursor is malformed, was issued by another listing or has another number of fields.
    static std::optional<CursorKey> decode(QStringView listing, const QString &cursor, qsizetype fields);

    [[nodiscard]] std::optional<QString> text(qsizetype i) const;      // a string without NUL
    [[nodiscard]] std::optional<QUuid> id(qsizetype i) const;          // a UUID (not the nil one)
    [[nodiscard]] std::optional<qint64> integer(qsizetype i, qint64 min, qint64 max) const;
    // An RFC 3339 UTC time ("...T...Z", up to microseconds) PostgreSQL reads as timestamptz; returned as written.
    [[nodiscard]] std::optional<QString> utcTime(qsizetype i) const;

private:
    explicit CursorKey(QJsonArray key) : m_key(std::move(key)) {}
    QJsonArray m_key;
};

// What every cursor-taking route answers for a cursor it did not issue: 400 invalid-cursor, field "cursor".
Problem invalidCursorProblem();

} // namespace portico
