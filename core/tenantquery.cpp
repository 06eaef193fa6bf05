#include "core/tenantquery.h"
#include "core/tenant.h"
#include "core/urlquery.h"
#include <QRegularExpression>

namespace portico {

QString sortKeyName(TenantSortKey key)
{
    switch (key) {
    case TenantSortKey::Name: return QStringLiteral("name");
    case TenantSortKey::Slug: return QStringLiteral("slug");
    case TenantSortKey::CreatedAt: return QStringLiteral("created_at");
    case TenantSortKey::State: return QStringLiteral("state");
    case TenantSortKey::Plan: return QStringLiteral("plan");
    }
    return {};
}

std::optional<TenantSortKey> parseSortKey(const QString &name)
{
    for (auto key : {TenantSortKey::Name, TenantSortKey::Slug, TenantSortKey::CreatedAt, TenantSortKey::State, TenantSortKey::Plan})
        if (sortKeyName(key) == name)
            return key;
    return std::nullopt;
}

QString TenantListQuery::sortParameter() const
{
    return (descending ? QStringLiteral("-") : QString()) + sortKeyName(sortKey);
}

std::optional<QUuid> TenantListQuery::searchId() const
{
    // Strict, so a slug or name that merely contains hex digits is never taken for an id.
    static const QRegularExpression shape(QStringLiteral("^(\\{)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?(1)\\})$"));
    if (!shape.match(search).hasMatch())
        return std::nullopt;
    const QUuid id = parseId(search);
    return id.isNull() ? std::nullopt : std::optional(id);
}

QUrlQuery TenantListQuery::toUrlQuery() const
{
    return UrlQueryBuilder().addNumber("limit", limit).add("cursor", cursor).add("q", search).add("state", state)
        .add("plan", plan).add("region", region).add("isolation", isolation)
        .add("sort", sortParameter()) // never empty
        .add("total", exactTotal ? QStringLiteral("exact") : QString())
        .query();
}

std::variant<TenantListQuery, Problem> TenantListQuery::fromUrlQuery(const QUrlQuery &query)
{
    static const QStringList known{QStringLiteral("limit"), QStringLiteral("cursor"), QStringLiteral("q"),
                                   QStringLiteral("state"), QStringLiteral("plan"), QStringLiteral("region"),
                                   QStringLiteral("isolation"), QStringLiteral("sort"), QStringLiteral("total")};
    TenantListQuery out;
    const auto items = query.queryItems(QUrl::FullyDecoded);
    QStringList seen;
    for (const auto &[key, value] : items) {
        if (!known.contains(key))
            return Problem::validation(key, QStringLiteral("Unknown query parameter '%1'. Known: %2.").arg(key, known.join(QStringLiteral(", "))));
        if (seen.contains(key))
            return Problem::validation(key, QStringLiteral("Query parameter '%1' is given more than once.").arg(key));
        seen << key;
        if (key == QLatin1String("limit")) {
            bool ok = false;
            const int n = value.toInt(&ok);
            if (!ok || n < 1 || n > kMaxLimit)
                return Problem::validation(key, QStringLiteral("limit must be a whole number from 1 to %1.").arg(kMaxLimit));
            out.limit = n;
        } else if (key == QLatin1String("cursor")) {
            out.cursor = value;
        } else if (key == QLatin1String("q")) {
            if (value.size() > kMaxSearchLength)
                return Problem::validation(key, QStringLiteral("q may be at most %1 characters.").arg(kMaxSearchLength));
            out.search = value.trimmed();
        } else if (key == QLatin1String("state")) {
            if (!parseTenantState(value))
                return Problem::validation(key, QStringLiteral("state must be one of: %1.").arg(allTenantStates().join(QStringLiteral(", "))));
            out.state = value;
        } else if (key == QLatin1String("plan")) {
            if (!parsePlan(value))
                return Problem::validation(key, QStringLiteral("plan must be one of: %1.").arg(allPlans().join(QStringLiteral(", "))));
            out.plan = value;
        } else if (key == QLatin1String("isolation")) {
            if (!parseIsolationModel(value))
                return Problem::validation(key, QStringLiteral("isolation must be one of: %1.").arg(allIsolationModels().join(QStringLiteral(", "))));
            out.isolation = value;
        } else if (key == QLatin1String("region")) {
            if (value.isEmpty() || value.size() > 64)
                return Problem::validation(key, QStringLiteral("region must be a region name such as us-east."));
            out.region = value;
        } else if (key == QLatin1String("total")) {
            if (value != QLatin1String("exact") && value != QLatin1String("auto"))
                return Problem::validation(key, QStringLiteral("total must be exact (count every match) or auto (exact up to a threshold, estimated above it)."));
            out.exactTotal = value == QLatin1String("exact");
        } else if (key == QLatin1String("sort")) {
            const bool desc = value.startsWith(QLatin1Char('-'));
            const auto sortKey = parseSortKey(desc ? value.mid(1) : value);
            if (!sortKey)
                return Problem::validation(key, QStringLiteral("sort must be one of name, slug, created_at, state, plan, optionally prefixed with '-' for descending."));
            out.sortKey = *sortKey;
            out.descending = desc;
        }
    }
    return out;
}

} // namespace portico
