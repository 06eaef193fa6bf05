#include "server/http/routing.h"

namespace portico::http {
namespace {
constexpr qsizetype kMaxReason = 500;
}

QString requestReason(const Request &request)
{
    const QString reason = checkedText(request.header("x-portico-reason"), QStringLiteral("X-Portico-Reason")).trimmed();
    if (reason.size() > kMaxReason)
        failValidation(QStringLiteral("X-Portico-Reason"), QStringLiteral("X-Portico-Reason may be at most %1 characters.").arg(kMaxReason));
    return reason;
}

QString reasonOf(const Request &request, const QJsonObject &body)
{
    QString reason = stringField(body, QStringLiteral("reason"), false);
    if (reason.isEmpty())
        reason = requestReason(request);
    if (reason.size() > kMaxReason)
        failValidation(QStringLiteral("reason"), QStringLiteral("reason may be at most 500 characters."));
    return reason;
}

QString userParam(const Request &request)
{
    const QString encoded = request.query.queryItemValue(QStringLiteral("user"), QUrl::FullyEncoded);
    // Printable ASCII without a percent sign decodes to itself and passes every check below: the
    // common case (flag evaluation's ?user=) skips the decoding and its three copies.
    bool plain = encoded.size() <= 128;
    for (qsizetype i = 0; plain && i < encoded.size(); ++i) {
        const char16_t c = encoded.at(i).unicode();
        plain = c > 0x20 && c < 0x7f && c != u'%';
    }
    if (plain)
        return encoded;
    const QString user = checkedText(QByteArray::fromPercentEncoding(encoded.toLatin1()), QStringLiteral("user"));
    if (user.size() > 128 || user.contains(QChar(0)))
        failValidation(QStringLiteral("user"), QStringLiteral("user is a user id of at most 128 characters."));
    return user;
}

bool dryRunParam(const Request &request)
{
    const QString v = request.query.queryItemValue(QStringLiteral("dry_run"));
    if (!v.isEmpty() && v != QLatin1String("true") && v != QLatin1String("false"))
        failValidation(QStringLiteral("dry_run"), QStringLiteral("dry_run is true or false."));
    return v == QLatin1String("true");
}

bool dryRunField(const QJsonObject &body)
{
    const QJsonValue dry = body.value(QStringLiteral("dry_run"));
    if (!dry.isUndefined() && !dry.isNull() && !dry.isBool())
        failValidation(QStringLiteral("dry_run"), QStringLiteral("dry_run must be true or false."));
    return dry.toBool(false);
}

Response withEtag(const http::Request &r, QByteArray body)
{
    const QByteArray etag = etagOf(body);
    return withEtag(r, std::move(body), etag);
}

Response withEtag(const http::Request &r, QByteArray body, const QByteArray &etag)
{
    Response resp;
    if (etagMatches(r.header("if-none-match"), etag)) {
        resp.status = 304;
        resp.contentType.clear();
    } else {
        resp.body = std::move(body);
    }
    return resp.withHeader("ETag", etag);
}

store::TenantScope tenantScope(const RequestContext &ctx)
{
    return {ctx.principal.tenantId, ctx.principal.placement};
}

} // namespace portico::http
