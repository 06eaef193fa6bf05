#include "client/apitypes.h"
#include "core/timeutil.h"
#include <QJsonArray>

namespace portico {
namespace {
QString str(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toString(); }
} // namespace

std::optional<HealthInfo> HealthInfo::fromJson(const QJsonObject &o)
{
    if (!o.contains(QLatin1String("status")))
        return std::nullopt;
    HealthInfo h;
    h.status = str(o, "status");
    h.database = str(o, "database");
    h.version = str(o, "version");
    h.uptimeSeconds = o.value(QLatin1String("uptime_seconds")).toInteger();
    return h;
}

std::optional<Principal> Principal::fromJson(const QJsonObject &o)
{
    Principal p;
    p.id = str(o, "id");
    p.email = str(o, "email");
    p.displayName = str(o, "display_name");
    p.role = str(o, "role");
    if (p.id.isEmpty())
        return std::nullopt;
    return p;
}

std::optional<LoginResult> LoginResult::fromJson(const QJsonObject &o)
{
    LoginResult r;
    r.token = str(o, "token");
    if (r.token.isEmpty())
        return std::nullopt;
    r.expiresAt = fromIsoUtc(str(o, "expires_at"));
    r.operatorInfo = Principal::fromJson(o.value(QLatin1String("operator")).toObject()).value_or(Principal{});
    return r;
}

QString MeInfo::displayName() const
{
    const auto nameOf = [](const Principal &p) { return p.displayName.isEmpty() ? p.email : p.displayName; };
    if (operatorInfo)
        return nameOf(*operatorInfo);
    if (member)
        return nameOf(*member);
    if (tenant)
        return tenant->name;
    return {};
}

std::optional<MeInfo> MeInfo::fromJson(const QJsonObject &o)
{
    MeInfo me;
    me.kind = str(o, "kind");
    if (me.kind.isEmpty())
        return std::nullopt;
    if (o.value(QLatin1String("operator")).isObject())
        me.operatorInfo = Principal::fromJson(o.value(QLatin1String("operator")).toObject());
    if (o.value(QLatin1String("tenant")).isObject())
        me.tenant = Tenant::fromJson(o.value(QLatin1String("tenant")).toObject());
    if (o.value(QLatin1String("member")).isObject())
        me.member = Principal::fromJson(o.value(QLatin1String("member")).toObject());
    const QJsonObject token = o.value(QLatin1String("token")).toObject();
    me.tokenId = str(token, "id");
    me.tokenExpiresAt = fromIsoUtc(str(token, "expires_at"));
    return me;
}

std::optional<TenantPage> TenantPage::fromJson(const QJsonObject &o)
{
    const QJsonValue items = o.value(QLatin1String("items"));
    if (!items.isArray())
        return std::nullopt;
    TenantPage page;
    const QJsonArray array = items.toArray();
    page.items.reserve(array.size());
    for (const QJsonValue &v : array) {
        auto tenant = Tenant::fromJson(v.toObject());
        if (!tenant)
            return std::nullopt; // a half-decoded page would silently hide tenants
        page.items.append(std::move(*tenant));
    }
    page.nextCursor = o.value(QLatin1String("next_cursor")).toString(); // null -> empty
    page.total = o.value(QLatin1String("total")).toInteger(page.items.size());
    return page;
}

QJsonObject TenantPatch::toJson() const
{
    QJsonObject o;
    if (name)
        o.insert(QLatin1String("name"), *name);
    if (state)
        o.insert(QLatin1String("state"), toString(*state));
    if (plan)
        o.insert(QLatin1String("plan"), toString(*plan));
    return o;
}

QJsonObject NewTenant::toJson() const
{
    QJsonObject o{{QLatin1String("name"), name},
                  {QLatin1String("plan"), toString(plan)},
                  {QLatin1String("state"), toString(state)},
                  {QLatin1String("region"), region},
                  {QLatin1String("isolation"), toString(isolation)},
                  {QLatin1String("admin_email"), adminEmail}};
    if (!slug.isEmpty())
        o.insert(QLatin1String("slug"), slug);
    if (!adminName.isEmpty())
        o.insert(QLatin1String("admin_name"), adminName);
    return o;
}

} // namespace portico
