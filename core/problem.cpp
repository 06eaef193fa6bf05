#include "core/problem.h"

namespace portico {

QJsonObject Problem::toJson() const
{
    QJsonObject o{{QStringLiteral("type"), type},
                  {QStringLiteral("title"), title.isEmpty() ? reasonPhrase(status) : title},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("detail"), detail}};
    if (!field.isEmpty())
        o.insert(QStringLiteral("field"), field);
    if (!instance.isEmpty())
        o.insert(QStringLiteral("instance"), instance);
    if (!requestId.isEmpty())
        o.insert(QStringLiteral("request_id"), requestId);
    return o;
}

Problem Problem::fromJson(const QJsonObject &json, int httpStatus)
{
    Problem p;
    p.type = json.value(QStringLiteral("type")).toString();
    p.title = json.value(QStringLiteral("title")).toString();
    p.status = json.value(QStringLiteral("status")).toInt(httpStatus);
    p.detail = json.value(QStringLiteral("detail")).toString();
    p.field = json.value(QStringLiteral("field")).toString();
    p.instance = json.value(QStringLiteral("instance")).toString();
    p.requestId = json.value(QStringLiteral("request_id")).toString();
    return p;
}

Problem Problem::validation(const QString &fieldName, const QString &text)
{
    Problem p = make(422, problem::Validation, text);
    p.title = QStringLiteral("Invalid input");
    p.field = fieldName;
    return p;
}

Problem Problem::make(int httpStatus, const char *problemType, const QString &text)
{
    Problem p;
    p.status = httpStatus;
    p.type = QString::fromLatin1(problemType);
    p.title = reasonPhrase(httpStatus);
    p.detail = text;
    return p;
}

QString Problem::toDisplayString() const
{
    QString s = detail.isEmpty() ? title : detail;
    if (!field.isEmpty())
        s = QStringLiteral("%1 (%2)").arg(s, field);
    return s;
}

QString reasonPhrase(int status)
{
    switch (status) {
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 405: return QStringLiteral("Method Not Allowed");
    case 409: return QStringLiteral("Conflict");
    case 412: return QStringLiteral("Precondition Failed");
    case 413: return QStringLiteral("Content Too Large");
    case 415: return QStringLiteral("Unsupported Media Type");
    case 422: return QStringLiteral("Unprocessable Content");
    case 428: return QStringLiteral("Precondition Required");
    case 429: return QStringLiteral("Too Many Requests");
    case 500: return QStringLiteral("Internal Server Error");
    case 503: return QStringLiteral("Service Unavailable");
    default: return status >= 500 ? QStringLiteral("Server Error") : QStringLiteral("Error");
    }
}

} // namespace portico
