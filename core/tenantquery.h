#pragma once
// The tenant list query (GET /v1/tenants): one definition of its parameters, their defaults and
// their validation, used by the server to parse and by the client to build requests.

#include "core/problem.h"
#include <QString>
#include <QUuid>
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
    QString search;     // q: case-insensitive substring of name or slug, or a tenant's full id
    QString state;      // filters: empty means any
    QString plan;
    QString region;
    QString isolation;
    TenantSortKey sortKey = TenantSortKey::Name;
    bool descending = false;
    // total=exact: count every match. Otherwise the server counts exactly only up to a threshold
    // and estimates above it (the answer's total_is_estimate says which).
    bool exactTotal = false;

    [[nodiscard]] QString sortParameter() const; // "name", "-created_at", ...
    // The id q names when it is a whole tenant id (any case, with or without braces): then the
    // search is that id exactly, an index lookup, and not a substring of names and slugs.
    [[nodiscard]] std::optional<QUuid> searchId() const;
    [[nodiscard]] QUrlQuery toUrlQuery() const;
    // Either a validated query or the problem naming the offending parameter.
    static std::variant<TenantListQuery, Problem> fromUrlQuery(const QUrlQuery &query);
    bool operator==(const TenantListQuery &) const = default;
};

QString sortKeyName(TenantSortKey key);
std::optional<TenantSortKey> parseSortKey(const QString &name);

} // namespace portico
