#include "server/http/http.h"
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace portico::http {

QByteArray Request::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerName)
            return value;
    return {};
}

Response Response::json(int status, const QJsonObject &o)
{
    Response r;
    r.status = status;
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

Response Response::problem(const Problem &p)
{
    Response r;
    r.status = p.status;
    r.contentType = "application/problem+json";
    r.body = QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact);
    return r;
}

Response Response::noContent()
{
    Response r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

QJsonObject jsonBody(const Request &request)
{
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (!request.body.isEmpty() && type != "application/json")
        fail(Problem::make(415, problem::UnsupportedMediaType,
                           QStringLiteral("Send the request body as application/json (got '%1').").arg(QString::fromLatin1(type))));
    if (request.body.trimmed().isEmpty())
        fail(Problem::make(400, problem::MalformedJson, QStringLiteral("The request needs a JSON object body.")));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError)
        fail(Problem::make(400, problem::MalformedJson,
                           QStringLiteral("The body is not valid JSON: %1 at byte %2.").arg(error.errorString()).arg(error.offset)));
    if (!doc.isObject())
        failValidation(QStringLiteral("body"), QStringLiteral("The body must be a JSON object."));
    return doc.object();
}

void rejectUnknownFields(const QJsonObject &o, const QStringList &known)
{
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            failValidation(it.key(), QStringLiteral("Unknown field '%1'. Known fields: %2.").arg(it.key(), known.join(QStringLiteral(", "))));
}

void rejectUnknownParameters(const QUrlQuery &query, const QStringList &known)
{
    QStringList seen;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!known.contains(key))
            failValidation(key, QStringLiteral("Unknown query parameter '%1'. Known: %2.").arg(key, known.join(QStringLiteral(", "))));
        if (seen.contains(key))
            failValidation(key, QStringLiteral("Query parameter '%1' is given more than once.").arg(key));
        seen << key;
    }
}

int limitParameter(const QUrlQuery &query, int fallback, int max)
{
    if (!query.hasQueryItem(QStringLiteral("limit")))
        return fallback;
    bool ok = false;
    const int limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit < 1 || limit > max)
        failValidation(QStringLiteral("limit"), QStringLiteral("limit must be a whole number from 1 to %1.").arg(max));
    return limit;
}

QByteArray etagOf(const QByteArray &content)
{
    return '"' + QCryptographicHash::hash(content, QCryptographicHash::Sha1).toHex().left(20) + '"';
}

bool etagMatches(const QByteArray &header, const QByteArray &etag)
{
    if (header.trimmed() == "*")
        return true;
    for (QByteArray candidate : header.split(',')) {
        candidate = candidate.trimmed();
        if (candidate.startsWith("W/"))
            candidate = candidate.mid(2);
        if (candidate == etag)
            return true;
    }
    return false;
}

QString stringField(const QJsonObject &o, const QString &name, bool required, const QString &fallback)
{
    const QJsonValue v = o.value(name);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            failValidation(name, QStringLiteral("'%1' is required.").arg(name));
        return fallback;
    }
    if (!v.isString())
        failValidation(name, QStringLiteral("'%1' must be a string.").arg(name));
    // PostgreSQL text cannot hold U+0000; refuse it rather than lose everything after it.
    if (v.toString().contains(QChar(0)))
        failValidation(name, QStringLiteral("'%1' must not contain the NUL character.").arg(name));
    return v.toString();
}

std::optional<qint64> integerField(const QJsonObject &o, const QString &name, qint64 min, qint64 max)
{
    const QJsonValue v = o.value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || std::floor(d) != d || d < double(min) || d > double(max))
        failValidation(name, QStringLiteral("'%1' must be a whole number from %2 to %3.").arg(name).arg(min).arg(max));
    return qint64(d);
}

} // namespace portico::http
