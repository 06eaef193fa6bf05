#include "tests/support/httptestclient.h"
#include <QEventLoop>
#include <QNetworkReply>
#include <QTimer>

namespace portico::test {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &[k, v] : headers)
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

int HttpTestClient::liftLimits(const QString &tenant)
{
    return request("PUT", QStringLiteral("/v1/tenants/%1/limits").arg(tenant),
                   R"({"rate_per_second": 100000, "burst": 100000, "concurrency": 1000})", {{"X-Portico-Reason", "test traffic"}})
        .status;
}

HttpTestClient::HttpTestClient(QUrl base, QString token) : m_base(std::move(base)), m_token(std::move(token)) {}

HttpResult HttpTestClient::request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                                   const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest req(QUrl(m_base.toString() + pathAndQuery));
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[k, v] : headers)
        req.setRawHeader(k, v);
    req.setTransferTimeout(30000);
    QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    for (const auto &h : reply->rawHeaderPairs())
        r.headers.append(h);
    reply->deleteLater();
    return r;
}

} // namespace portico::test
