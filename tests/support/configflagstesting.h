#pragma once
// Shared helpers of the configuration and flag tests: wait for one ApiClient answer, find tenants.

#include "client/apiclient.h"
#include "liveserver.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <optional>

namespace portico::test {

// Runs an asynchronous call and waits for its answer (nullopt on timeout).
template<class T, class Call>
std::optional<ApiResult<T>> awaitResult(Call &&call, int timeoutMs = 15000)
{
    std::optional<ApiResult<T>> out;
    QObject context;
    call(&context, [&out](const ApiResult<T> &r) { out = r; });
    (void)QTest::qWaitFor([&] { return out.has_value(); }, timeoutMs);
    return out;
}

// The id of the first listed tenant whose plan is (or, with negate, is not) `plan`.
inline QString tenantWithPlan(const LiveServer &live, const QString &plan, bool negate = false)
{
    HttpTestClient op(live.server->baseUrl(), live.server->operatorToken());
    const auto page = op.get(QStringLiteral("/v1/tenants?limit=100"));
    for (const auto &v : page.json().value(QStringLiteral("items")).toArray()) {
        const QJsonObject t = v.toObject();
        if ((t.value(QStringLiteral("plan")).toString() == plan) != negate)
            return t.value(QStringLiteral("id")).toString();
    }
    return {};
}

// Writes a tenant (or user) layer value behind the console's back, as another operator would.
inline int putConfig(const LiveServer &live, const QString &tenant, const QString &key, const QJsonValue &value, const QString &user = {})
{
    HttpTestClient op(live.server->baseUrl(), live.server->operatorToken());
    const QString path = QStringLiteral("/v1/tenants/%1/config/%2%3").arg(tenant, key, user.isEmpty() ? QString() : QStringLiteral("?user=") + user);
    return op.request("PUT", path, QJsonDocument(QJsonObject{{QStringLiteral("value"), value}}).toJson(), {{"If-Match", "*"}}).status;
}

} // namespace portico::test
