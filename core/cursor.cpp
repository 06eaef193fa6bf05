#include "core/cursor.h"
#include <QJsonDocument>

namespace portico {
namespace {
constexpr auto kOptions = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr char kVersion = '1';
}

QString encodeCursor(const QJsonArray &key)
{
    const QByteArray json = QJsonDocument(key).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(kVersion + json.toBase64(kOptions));
}

std::optional<QJsonArray> decodeCursor(const QString &cursor)
{
    if (cursor.size() < 2 || cursor.size() > 1024 || cursor.at(0) != QLatin1Char(kVersion))
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(cursor.mid(1).toLatin1(), kOptions | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return std::nullopt;
    return doc.array();
}
} // namespace portico
