#pragma once
// A small synchronous HTTP client for server tests: waits on a local event loop, so the test reads
// top to bottom. Never used by the console, which stays asynchronous.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QUrl>

namespace portico::test {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class HttpTestClient
{
public:
    explicit HttpTestClient(QUrl base, QString token = {});
    void setToken(const QString &token) { m_token = token; }
    HttpResult request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {});
    HttpResult get(const QString &path) { return request("GET", path); }
    HttpResult post(const QString &path, const QJsonObject &o) { return request("POST", path, QJsonDocument(o).toJson()); }
    // As an operator: lifts a tenant's rate and concurrency limits, for tests that fire many
    // requests and are not about limits. Returns the HTTP status.
    int liftLimits(const QString &tenant);

private:
    QNetworkAccessManager m_nam;
    QUrl m_base;
    QString m_token;
};

} // namespace portico::test
