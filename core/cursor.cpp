#include "core/cursor.h"
#include "core/jsonwriter.h"
#include "core/tenant.h"
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <cmath>

namespace portico {
namespace {
constexpr auto kOptions = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
// Version 2 puts the issuing listing first; version 1 cursors (no listing) are refused.
constexpr char kVersion = '2';
constexpr qsizetype kMaxCursorLength = 1024;
}

QString encodeCursor(QStringView listing, const QJsonArray &key)
{
    // Written directly: a QJsonArray and QJsonDocument cost a document list a sixth of its
    // encoding. Any JSON decodes (CursorKey::decode parses it), so the bytes need not match Qt's.
    JsonWriter w(128);
    w.beginArray().string(listing);
    for (const auto &v : key)
        w.value(v);
    w.endArray();
    return QString::fromLatin1(kVersion + w.take().toBase64(kOptions));
}

std::optional<CursorKey> CursorKey::decode(QStringView listing, const QString &cursor, qsizetype fields)
{
    if (cursor.size() < 2 || cursor.size() > kMaxCursorLength || cursor.at(0) != QLatin1Char(kVersion))
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(cursor.mid(1).toLatin1(), kOptions | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return std::nullopt;
    QJsonArray key = doc.array();
    if (key.size() != fields + 1 || !key.at(0).isString() || key.at(0).toString() != listing)
        return std::nullopt;
    key.removeFirst();
    return CursorKey(std::move(key));
}

std::optional<QString> CursorKey::text(qsizetype i) const
{
    const QJsonValue v = m_key.at(i);
    if (!v.isString() || v.toString().contains(QChar(0)))
        return std::nullopt;
    return v.toString();
}

std::optional<QUuid> CursorKey::id(qsizetype i) const
{
    const auto s = text(i);
    const QUuid id = s ? parseId(*s) : QUuid();
    return id.isNull() ? std::nullopt : std::optional(id);
}

std::optional<qint64> CursorKey::integer(qsizetype i, qint64 min, qint64 max) const
{
    const QJsonValue v = m_key.at(i);
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    // Compared as doubles first: a huge value must not overflow the conversion.
    if (!std::isfinite(d) || std::floor(d) != d || d < double(min) || d > double(max))
        return std::nullopt;
    return qint64(d);
}

std::optional<QString> CursorKey::utcTime(qsizetype i) const
{
    static const QRegularExpression shape(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,6})?Z$"));
    const auto s = text(i);
    if (!s)
        return std::nullopt;
    const auto m = shape.match(*s);
    if (!m.hasMatch())
        return std::nullopt;
    // Every field in range (no 13th month, no 24th hour): PostgreSQL would refuse the cast.
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (date.year() < 1 || !date.isValid() || !time.isValid())
        return std::nullopt;
    return s;
}

Problem invalidCursorProblem()
{
    Problem p = Problem::make(400, problem::InvalidCursor,
                              QStringLiteral("cursor is not one this listing issued (or it is for other parameters); start again without it."));
    p.field = QStringLiteral("cursor");
    return p;
}

} // namespace portico
