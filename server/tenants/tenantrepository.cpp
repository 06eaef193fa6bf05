#include "server/tenants/tenantrepository.h"
#include "core/cursor.h"
#include "core/timeutil.h"
#include "server/problems.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <algorithm>

namespace portico::tenants {
namespace {
const QString kSelect = QStringLiteral(
    "SELECT t.id, t.slug, t.name, t.state, t.plan, t.region, t.created_at, t.updated_at, "
    "p.model, p.region AS placement_region, p.cluster, p.database_name, p.schema_name "
    "FROM tenants t JOIN placements p ON p.tenant_id = t.id ");

QString sortExpression(TenantSortKey key)
{
    switch (key) {
    case TenantSortKey::Name: return QStringLiteral("lower(t.name)");
    case TenantSortKey::Slug: return QStringLiteral("t.slug");
    case TenantSortKey::CreatedAt: return QStringLiteral("t.created_at");
    case TenantSortKey::State: return QStringLiteral("t.state");
    case TenantSortKey::Plan: return QStringLiteral("t.plan");
    }
    return {};
}

// q shorter than this matches the start of a name or slug; from it on, anywhere (pg_trgm's
// index needs three characters; a shorter substring would scan the whole table).
constexpr int kMinSubstringSearch = 3;
// Up to this many matches (counted or estimated) a page is found among all the matches.
constexpr qint64 kFewMatches = 10000;

QString escapeLike(QString s)
{
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    s.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    s.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return s;
}
} // namespace

Tenant TenantRepository::fromRow(const store::PgResult &r, int row)
{
    Tenant t;
    t.id = r.uuid(row, "id");
    t.slug = r.text(row, "slug");
    t.name = r.text(row, "name");
    t.state = parseTenantState(r.text(row, "state")).value_or(TenantState::Suspended);
    t.plan = parsePlan(r.text(row, "plan")).value_or(Plan::Free);
    t.region = r.text(row, "region");
    t.createdAt = r.timestamp(row, "created_at");
    t.updatedAt = r.timestamp(row, "updated_at");
    t.placement.model = parseIsolationModel(r.text(row, "model")).value_or(IsolationModel::Shared);
    t.placement.region = r.text(row, "placement_region");
    t.placement.cluster = r.text(row, "cluster");
    t.placement.database = r.text(row, "database_name");
    t.placement.schema = r.text(row, "schema_name");
    return t;
}

TenantPage TenantRepository::list(const TenantListQuery &q, qint64 exactUpTo)
{
    // The filters' parameters come first in every statement, so their $n are shared.
    std::vector<store::PgParam> params;
    QStringList where;
    const auto bind = [&params](store::PgParam p) {
        params.push_back(std::move(p));
        return QStringLiteral("$%1").arg(params.size());
    };
    if (const auto id = q.searchId()) {
        where << QStringLiteral("t.id = %1").arg(bind(*id));
    } else if (q.search.size() >= kMinSubstringSearch) {
        where << QStringLiteral("(lower(t.name) || ' ' || t.slug) LIKE %1").arg(bind(QLatin1Char('%') + escapeLike(q.search.toLower()) + QLatin1Char('%')));
    } else if (!q.search.isEmpty()) {
        // Too short for a trigram: the start of the name or slug, which a btree serves.
        const QString prefix = bind(escapeLike(q.search.toLower()) + QLatin1Char('%'));
        where << QStringLiteral("(lower(t.name) LIKE %1 OR t.slug LIKE %1)").arg(prefix);
    }
    if (!q.state.isEmpty())
        where << QStringLiteral("t.state = %1").arg(bind(q.state));
    if (!q.plan.isEmpty())
        where << QStringLiteral("t.plan = %1").arg(bind(q.plan));
    if (!q.region.isEmpty())
        where << QStringLiteral("t.region = %1").arg(bind(q.region));
    if (!q.isolation.isEmpty())
        where << QStringLiteral("t.isolation_model = %1").arg(bind(q.isolation));
    const std::vector<store::PgParam> filterParams = params;
    const QString filter = where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    // Matching reads tenants alone (isolation_model copies the placement's model, migration 013);
    // placements are joined for the page's rows.
    const QString matchFrom = QStringLiteral("FROM tenants t");
    // Plans are made for the values at hand: a plan cached for one search term (a trigram index
    // scan for "northwind") is the wrong one for another. Each pipeline is one transaction.
    const store::PgConnection::Statement customPlans{QStringLiteral("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)"), {}};

    // The total: counted exactly up to one past exactUpTo (or all, when asked), else estimated.
    TenantPage out;
    std::vector<store::PgParam> countParams = filterParams;
    QString count = QStringLiteral("SELECT count(*) %1%2").arg(matchFrom, filter);
    if (!q.exactTotal) {
        countParams.emplace_back(exactUpTo + 1);
        count = QStringLiteral("SELECT count(*) FROM (SELECT 1 %1%2 LIMIT $%3) s").arg(matchFrom, filter).arg(countParams.size());
    }
    // A capped count with a filter: the planner takes "scan until 1,001 rows pass" as cheap,
    // assuming matches are spread evenly; for a clustered search (q=north) it read 38,000 rows
    // (49 ms at 100,000 tenants). Every filter has an index (migration 013), so it is told to use one.
    const store::PgConnection::Statement countPlans{
        where.isEmpty() ? customPlans.sql
                        : QStringLiteral("SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('enable_seqscan', 'off', true)"),
        {}};
    out.total = m_conn.pipeline({countPlans, {count, countParams}})[1].integer(0, 0);
    if (!q.exactTotal && out.total > exactUpTo) {
        out.total = std::max(exactUpTo + 1, estimateRows(QStringLiteral("SELECT 1 %1%2").arg(matchFrom, filter), filterParams));
        out.totalIsEstimate = true;
    }

    const QString sortExpr = sortExpression(q.sortKey);
    const QString cmp = q.descending ? QStringLiteral("<") : QStringLiteral(">");
    const QString dir = q.descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    QStringList pageWhere = where;
    if (!q.cursor.isEmpty()) {
        const auto key = CursorKey::decode(u"tenants", q.cursor, 3);
        const bool byTime = q.sortKey == TenantSortKey::CreatedAt;
        const auto sort = key ? key->text(0) : std::nullopt;
        const auto value = !key ? std::nullopt : byTime ? key->utcTime(1) : key->text(1);
        const auto id = key ? key->id(2) : std::nullopt;
        if (!sort || *sort != q.sortParameter() || !value || !id)
            fail(invalidCursorProblem());
        const QString cast = byTime ? QStringLiteral("::timestamptz") : QStringLiteral("::text");
        const QString afterValue = bind(*value); // bound in order: $n numbering depends on it
        const QString afterId = bind(*id);
        // A row comparison on the sort index's own columns: an index scan starts at the cursor.
        pageWhere << QStringLiteral("(%1, t.id) %2 (%3%4, %5::uuid)").arg(sortExpr, cmp, afterValue, cast, afterId);
    }
    const QString limit = bind(q.limit + 1);
    const QString pageFilter = pageWhere.isEmpty() ? QString() : QStringLiteral(" WHERE ") + pageWhere.join(QStringLiteral(" AND "));
    QString page;
    if (out.total <= kFewMatches) {
        // Few matches: find them all through the filters' indexes, then sort. The planner would
        // rather walk the sort index and skip non-matches, assuming they are spread evenly; when
        // they cluster in sort order (a search for "north" sorted by name) that walk reads most of
        // the table. The materialized CTE keeps the filter first; placements are joined for the
        // page's rows only.
        page = QStringLiteral("WITH m AS MATERIALIZED (SELECT %1 AS sort_value, t.id %2%3), "
                              "pg AS (SELECT * FROM m ORDER BY sort_value %4, id %4 LIMIT %5) "
                              "SELECT pg.sort_value, %6 JOIN pg ON pg.id = t.id ORDER BY pg.sort_value %4, t.id %4")
                   .arg(sortExpr, matchFrom, pageFilter, dir, limit, kSelect.mid(7));
    } else {
        // Many matches: walking the sort index meets the page's rows soon.
        page = QStringLiteral("SELECT %1 AS sort_value, %2%3 ORDER BY %1 %4, t.id %4 LIMIT %5").arg(sortExpr, kSelect.mid(7), pageFilter, dir, limit);
    }
    const auto results = m_conn.pipeline({customPlans, {page, params}});
    const store::PgResult &r = results[1];
    for (int i = 0; i < r.rows() && i < q.limit; ++i)
        out.items << fromRow(r, i);
    if (r.rows() > q.limit) {
        const Tenant &last = out.items.last();
        // The sort value as the database computed it (lower() follows the database's collation,
        // which need not agree with Qt's case folding), so the next page starts exactly after it.
        const QString lastSortValue = r.text(q.limit - 1, "sort_value");
        const QString value = q.sortKey == TenantSortKey::CreatedAt ? last.createdAt.toString(Qt::ISODateWithMs) : lastSortValue;
        out.nextCursor = encodeCursor(u"tenants", {q.sortParameter(), value, idToString(last.id)});
    }
    return out;
}

qint64 TenantRepository::estimateRows(const QString &select, const std::vector<store::PgParam> &params)
{
    // The planner's row estimate: from the statistics ANALYZE keeps, no row is read.
    const auto r = m_conn.exec(QStringLiteral("EXPLAIN (FORMAT JSON) ") + select, params);
    const QJsonValue plan = QJsonDocument::fromJson(r.bytes(0, 0)).array().at(0).toObject().value(QLatin1String("Plan"));
    return qint64(plan.toObject().value(QLatin1String("Plan Rows")).toDouble());
}

qint64 TenantRepository::listVersion()
{
    return m_conn.exec(QStringLiteral("SELECT version FROM tenant_list_version")).integer(0, 0);
}

std::optional<Tenant> TenantRepository::find(const QString &idOrSlug)
{
    const QUuid id = parseId(idOrSlug);
    if (!id.isNull())
        return findById(id);
    if (idOrSlug.size() > 63)
        return std::nullopt;
    const auto r = m_conn.exec(kSelect + QStringLiteral("WHERE t.slug = lower($1)"), {idOrSlug});
    return r.rows() == 1 ? std::optional(fromRow(r, 0)) : std::nullopt;
}

std::optional<Tenant> TenantRepository::findById(const QUuid &id)
{
    const auto r = m_conn.exec(kSelect + QStringLiteral("WHERE t.id = $1"), {id});
    return r.rows() == 1 ? std::optional(fromRow(r, 0)) : std::nullopt;
}

QList<Tenant> TenantRepository::all()
{
    const auto r = m_conn.exec(kSelect);
    QList<Tenant> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append(fromRow(r, i));
    return out;
}

QList<Tenant> TenantRepository::ofPlan(Plan plan, int limit)
{
    const auto r = m_conn.exec(kSelect + QStringLiteral("WHERE t.plan = $1 ORDER BY lower(t.name), t.id LIMIT $2"), {toString(plan), limit});
    QList<Tenant> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append(fromRow(r, i));
    return out;
}

QHash<QUuid, QString> TenantRepository::slugsOf(const QList<QUuid> &ids)
{
    QHash<QUuid, QString> slugs;
    if (ids.isEmpty())
        return slugs;
    QStringList idText;
    for (const QUuid &id : ids)
        idText << idToString(id);
    const auto r = m_conn.exec(QStringLiteral("SELECT id, slug FROM tenants WHERE id = ANY($1::uuid[])"), {QStringLiteral("{%1}").arg(idText.join(QLatin1Char(',')))});
    for (int i = 0; i < r.rows(); ++i)
        slugs.insert(r.uuid(i, 0), r.text(i, 1));
    return slugs;
}

void TenantRepository::insert(const Tenant &t)
{
    m_conn.exec(QStringLiteral("INSERT INTO tenants (id, slug, name, state, plan, region, created_at, updated_at) "
                               "VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $7::timestamptz)"),
                {t.id, t.slug, t.name, toString(t.state), toString(t.plan), t.region, toIsoUtc(t.createdAt)});
    m_conn.exec(QStringLiteral("INSERT INTO placements (tenant_id, model, region, cluster, database_name, schema_name) "
                               "VALUES ($1, $2, $3, $4, $5, $6)"),
                {t.id, toString(t.placement.model), t.placement.region, t.placement.cluster, t.placement.database, t.placement.schema});
}

void TenantRepository::update(const Tenant &t)
{
    m_conn.exec(QStringLiteral("UPDATE tenants SET name = $2, state = $3, plan = $4, updated_at = now() WHERE id = $1"),
                {t.id, t.name, toString(t.state), toString(t.plan)});
}

Tenant requireTenant(store::PgConnection &control, const QString &idOrSlug)
{
    auto t = TenantRepository(control).find(idOrSlug);
    if (!t)
        failNotFound(QStringLiteral("No tenant has the id or slug '%1'.").arg(idOrSlug));
    return *t;
}

std::optional<IdempotentAnswer> TenantRepository::findIdempotent(const QUuid &actor, const QString &key)
{
    const auto r = m_conn.exec(QStringLiteral("SELECT request_hash, status, response FROM idempotency_keys WHERE actor = $1 AND key = $2"), {actor, key});
    if (r.rows() == 0)
        return std::nullopt;
    return IdempotentAnswer{QByteArray::fromHex(r.bytes(0, 0).mid(2)), int(r.integer(0, 1)), r.json(0, 2).toObject()};
}

void TenantRepository::recordIdempotent(const QUuid &actor, const QString &key, const IdempotentAnswer &answer)
{
    m_conn.exec(QStringLiteral("INSERT INTO idempotency_keys (actor, key, request_hash, status, response) VALUES ($1, $2, $3::bytea, $4, $5::jsonb)"),
                {actor, key, QByteArray("\\x" + answer.requestHash.toHex()), answer.status, QJsonDocument(answer.response).toJson(QJsonDocument::Compact)});
}

TenantStats statsOf(store::Database &db, const store::TenantScope &scope)
{
    const auto r = store::TenantSession::once(db, scope, QStringLiteral(
        "SELECT (SELECT count(*) FROM members) AS members, count(*) AS documents, "
        "coalesce(sum(size_bytes), 0) AS storage FROM documents"));
    return {r.integer(0, "members"), r.integer(0, "documents"), r.integer(0, "storage")};
}

std::optional<Member> findMember(store::Database &db, const store::TenantScope &scope, const QUuid &memberId)
{
    store::TenantSession session(db, scope);
    const auto m = session.exec(QStringLiteral("SELECT id, email, display_name, role FROM members WHERE id = $1"), {memberId});
    session.commit();
    if (m.rows() != 1)
        return std::nullopt;
    return Member{m.uuid(0, "id"), m.text(0, "email"), m.text(0, "display_name"), m.text(0, "role")};
}

QList<Tenant> bulkTargets(store::PgConnection &control, const QJsonObject &body, bool refuseOverLimit)
{
    const bool hasTenants = body.contains(QStringLiteral("tenants")) && !body.value(QStringLiteral("tenants")).isNull();
    const bool hasPlan = body.contains(QStringLiteral("plan")) && !body.value(QStringLiteral("plan")).isNull();
    if (hasTenants == hasPlan)
        failValidation(hasTenants ? QStringLiteral("plan") : QStringLiteral("tenants"),
                       QStringLiteral("Give either tenants (a list of ids or slugs) or plan (all tenants of that plan)."));
    TenantRepository repo(control);
    if (!hasTenants) {
        const auto plan = parsePlan(body.value(QStringLiteral("plan")).toString());
        if (!plan)
            failValidation(QStringLiteral("plan"), QStringLiteral("plan must be one of: %1.").arg(allPlans().join(QStringLiteral(", "))));
        QList<Tenant> all = repo.ofPlan(*plan, kMaxBulkTargets + (refuseOverLimit ? 1 : 0));
        if (all.size() > kMaxBulkTargets)
            failValidation(QStringLiteral("plan"), QStringLiteral("More than 5000 tenants have this plan; set the plan layer instead."));
        return all;
    }
    const QJsonArray a = body.value(QStringLiteral("tenants")).toArray(); // not an array: empty
    if (a.isEmpty() || a.size() > kMaxBulkTargets)
        failValidation(QStringLiteral("tenants"), QStringLiteral("tenants is a list of 1 to 5000 tenant ids or slugs."));
    QList<Tenant> out;
    QSet<QUuid> seen;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const auto t = a.at(i).isString() ? repo.find(a.at(i).toString()) : std::nullopt;
        if (!t)
            failValidation(QStringLiteral("tenants[%1]").arg(i), QStringLiteral("No tenant has the id or slug '%1'.").arg(a.at(i).toString()));
        if (!seen.contains(t->id)) {
            seen.insert(t->id);
            out.append(*t);
        }
    }
    return out;
}

} // namespace portico::tenants
