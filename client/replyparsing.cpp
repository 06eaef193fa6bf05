#include "client/replyparsing.h"
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace portico {

const char *problemTypeForStatus(int status)
{
    switch (status) {
    case 400: return problem::MalformedJson;
    case 401: return problem::Unauthenticated;
    case 403: return problem::Forbidden;
    case 404: return problem::NotFound;
    case 405: return problem::MethodNotAllowed;
    case 409: return problem::Conflict;
    case 413: return problem::PayloadTooLarge;
    case 415: return problem::UnsupportedMediaType;
    case 422: return problem::Validation;
    case 503: return problem::Unavailable;
    default: return problem::Internal;
    }
}

Problem problemFromHttp(int status, const QByteArray &body, const QString &requestId)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    Problem p;
    if (error.error == QJsonParseError::NoError && doc.isObject() && doc.object().contains(QLatin1String("type"))) {
        p = Problem::fromJson(doc.object(), status);
        if (p.status == 0)
            p.status = status;
    } else {
        // Not problem+json (e.g. the health check's 503 body, or a reverse proxy's page).
        QString detail;
        if (doc.isObject() && doc.object().value(QLatin1String("database")).toString() == QLatin1String("unreachable"))
            detail = QCoreApplication::translate("portico::ApiClient", "The server cannot reach its database.");
        p = Problem::make(status, problemTypeForStatus(status), detail);
    }
    if (p.requestId.isEmpty())
        p.requestId = requestId;
    return p;
}

Problem networkProblem(QNetworkReply::NetworkError error, const QString &errorString, const QUrl &url,
                       std::chrono::milliseconds timeout)
{
    const QString server = url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveUserInfo).toString();
    QString detail;
    switch (error) {
    case QNetworkReply::OperationCanceledError: // what setTransferTimeout() produces on Qt 6.4..6.8
    case QNetworkReply::TimeoutError:
        detail = QCoreApplication::translate("portico::ApiClient", "%1 did not answer within %2 s.")
                     .arg(server)
                     .arg(double(timeout.count()) / 1000.0);
        break;
    case QNetworkReply::ConnectionRefusedError:
        detail = QCoreApplication::translate("portico::ApiClient", "%1 refused the connection. Is the server running?").arg(server);
        break;
    case QNetworkReply::HostNotFoundError:
        detail = QCoreApplication::translate("portico::ApiClient", "The host of %1 was not found.").arg(server);
        break;
    default:
        detail = QCoreApplication::translate("portico::ApiClient", "Could not reach %1: %2").arg(server, errorString);
        break;
    }
    Problem p;
    p.type = QString::fromLatin1(problem::Network);
    p.title = QCoreApplication::translate("portico::ApiClient", "Network error");
    p.status = 0;
    p.detail = detail;
    p.instance = url.path();
    return p;
}

Problem undecodableProblem(int status, const QString &what, const QString &requestId)
{
    Problem p = Problem::make(status, problem::Internal,
                              QCoreApplication::translate("portico::ApiClient", "The server's answer could not be read as %1.").arg(what));
    p.requestId = requestId;
    return p;
}

} // namespace portico
