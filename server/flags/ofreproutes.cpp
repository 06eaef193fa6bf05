// The OpenFeature Remote Evaluation Protocol (OFREP) over the flag snapshot, with a tenant token
// as bearer: the tenant is the token's, whatever the evaluation context claims.
#include "core/flags.h"
#include "core/jsonwriter.h"
#include "server/flags/flagservice.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/http/routing.h"
#include "server/services.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <variant>

namespace portico {
namespace {

using flags::Evaluation;
using flags::Flag;

http::Response ofrepError(int status, const QString &key, const QString &code, const QString &details)
{
    QJsonObject o{{QStringLiteral("errorCode"), code}, {QStringLiteral("errorDetails"), details}};
    if (!key.isEmpty())
        o.insert(QStringLiteral("key"), key);
    return http::Response::json(status, o);
}

// Parses {"context":{...}}; returns the targeting key, or an error response. Fields that claim a
// tenant are ignored: the tenant is the token's.
std::variant<QString, http::Response> ofrepContext(const http::Request &r, const QString &key)
{
    if (r.body.trimmed().isEmpty())
        return QString();
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return ofrepError(400, key, QStringLiteral("PARSE_ERROR"), QStringLiteral("The body is not valid JSON: %1.").arg(pe.errorString()));
    if (!doc.isObject())
        return ofrepError(400, key, QStringLiteral("INVALID_CONTEXT"), QStringLiteral("The body must be an object {\"context\": {...}}."));
    const QJsonValue c = doc.object().value(QStringLiteral("context"));
    if (c.isUndefined() || c.isNull())
        return QString();
    if (!c.isObject())
        return ofrepError(400, key, QStringLiteral("INVALID_CONTEXT"), QStringLiteral("context must be an object."));
    const QJsonValue tk = c.toObject().value(QStringLiteral("targetingKey"));
    if (tk.isUndefined() || tk.isNull())
        return QString();
    if (!tk.isString() || tk.toString().size() > 128)
        return ofrepError(400, key, QStringLiteral("INVALID_CONTEXT"), QStringLiteral("targetingKey must be a string of at most 128 characters."));
    return tk.toString();
}

QJsonObject ofrepSuccess(const Flag &f, const Evaluation &e, const flags::Context &ctx)
{
    return {{QStringLiteral("key"), f.key}, {QStringLiteral("value"), flags::valueOf(f, e)},
            {QStringLiteral("reason"), flags::toString(e.reason)}, {QStringLiteral("variant"), f.variants[e.variant].name},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("rule"), flags::toString(e.rule)}, {QStringLiteral("version"), f.version},
                                                     {QStringLiteral("tenant_id"), QString::fromLatin1(ctx.tenantKey)}}}};
}

QString ofrepErrorDetails(flags::ErrorCode code, const QString &key)
{
    switch (code) {
    case flags::ErrorCode::FlagNotFound: return QStringLiteral("No flag '%1'.").arg(key);
    case flags::ErrorCode::TargetingKeyMissing: return QStringLiteral("'%1' rolls out by user: send context.targetingKey.").arg(key);
    default: return QStringLiteral("'%1' could not be evaluated (a prerequisite is missing or circular).").arg(key);
    }
}

} // namespace

void registerOfrepRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;

    router.add("POST", QStringLiteral("/ofrep/v1/evaluate/flags/{key}"), Access::tenant(), [&s](http::RequestContext &ctx) {
        const QString key = ctx.request.param(0);
        const auto parsed = ofrepContext(ctx.request, key);
        if (const auto *error = std::get_if<http::Response>(&parsed))
            return *error;
        const auto snap = s.flags->snapshot();
        const flags::Context fc = flags::tenantContext(*snap, ctx.principal.tenantId, ctx.principal.memberId, std::get<QString>(parsed));
        const Evaluation e = snap->evaluate(key, fc);
        if (e.error == flags::ErrorCode::FlagNotFound)
            return ofrepError(404, key, QStringLiteral("FLAG_NOT_FOUND"), ofrepErrorDetails(e.error, key));
        if (e.error != flags::ErrorCode::None)
            return ofrepError(400, key, flags::toString(e.error), ofrepErrorDetails(e.error, key));
        return Response::json(ofrepSuccess(*snap->find(key), e, fc));
    }, http::Lane::Compute);

    router.add("POST", QStringLiteral("/ofrep/v1/evaluate/flags"), Access::tenant(), [&s](http::RequestContext &ctx) {
        const auto parsed = ofrepContext(ctx.request, {});
        if (const auto *error = std::get_if<http::Response>(&parsed))
            return *error;
        const auto snap = s.flags->snapshot();
        const flags::Context fc = flags::tenantContext(*snap, ctx.principal.tenantId, ctx.principal.memberId, std::get<QString>(parsed));
        // Written straight into bytes, members in the order QJsonObject kept them (the ETag hashes
        // the body, so the bytes, and the tags clients hold, are what they were).
        JsonWriter w(qsizetype(snap->flags().size()) * 160 + 32);
        w.beginObject().key(QLatin1StringView("flags")).beginArray();
        for (int i = 0; i < int(snap->flags().size()); ++i) {
            const Flag &f = snap->flags()[size_t(i)];
            const Evaluation e = snap->evaluate(i, fc);
            w.beginObject();
            if (e.error != flags::ErrorCode::None) {
                w.field(QLatin1StringView("errorCode"), flags::toString(e.error))
                    .field(QLatin1StringView("errorDetails"), ofrepErrorDetails(e.error, f.key))
                    .encodedKey("\"key\"")
                    .encoded(f.keyJson);
            } else {
                const flags::Variant &v = f.variants[e.variant];
                w.encodedKey("\"key\"")
                    .encoded(f.keyJson)
                    .key(QLatin1StringView("metadata"))
                    .beginObject()
                    .field(QLatin1StringView("rule"), flags::toString(e.rule))
                    .field(QLatin1StringView("tenant_id"), QLatin1StringView(fc.tenantKey))
                    .field(QLatin1StringView("version"), f.version)
                    .endObject()
                    .encodedKey("\"reason\"")
                    .encoded(flags::reasonJson(e.reason))
                    .encodedKey("\"value\"")
                    .encoded(v.valueJson)
                    .encodedKey("\"variant\"")
                    .encoded(v.nameJson);
            }
            w.endObject();
        }
        w.endArray().endObject();
        return http::withEtag(ctx.request, w.take());
    }, http::Lane::Compute);
}

} // namespace portico
