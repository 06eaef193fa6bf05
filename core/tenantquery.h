#pragma once
// The tenant list query (GET /v1/tenants): one definition of its parameters, their defaults and
// their validation, used by the server to parse and by the client to build requests.

#include "core/problem.h"
#include <QString>
#include <QUrlQuery>
#include <optional>
#include <variant>

namespace portico {

enum class TenantSortKey { Name, Slug, CreatedAt, State, Plan };

struct TenantListQuery
{
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 500;
    static constexpr int kMaxSearchLength = 100;

    int limit = kDefaultLimit;
    QString cursor;
    QString search;     // q: case-insensitive substring of name or slug
    QString state;      // filters: empty means any
    QString plan;
    QString region;
    QString isolation;
    TenantSortKey sortKey = TenantSortKey::Name;
    bool descending = false;

    [[nodiscard]] QString sortParameter() const; // "name", "-created_at", ...
    [[nodiscard]] QUrlQuery toUrlQuery() const;
    // Either a validated query or the problem naming the offending parameter.
    static std::variant<TenantListQuery, Problem> fromUrlQuery(const QUrlQuery &query);
    bool operator==(const TenantListQuery &) const = default;
};

QString sortKeyName(TenantSortKey key);
std::optional<TenantSortKey> parseSortKey(const QString &name);

} // namespace portico
