#include "core/tenant.h"
#include "core/jsonwriter.h"
#include <cctype>
#include "core/timeutil.h"

#include <array>

namespace portico {
namespace {
template<typename E, size_t N>
std::optional<E> lookup(const std::array<std::pair<E, const char *>, N> &table, const QString &s)
{
    for (const auto &[value, name] : table)
        if (s == QLatin1String(name))
            return value;
    return std::nullopt;
}
template<typename E, size_t N>
QString name(const std::array<std::pair<E, const char *>, N> &table, E value)
{
    for (const auto &[v, n] : table)
        if (v == value)
            return QString::fromLatin1(n);
    return {};
}
template<typename E, size_t N>
QStringList names(const std::array<std::pair<E, const char *>, N> &table)
{
    QStringList out;
    for (const auto &entry : table)
        out << QString::fromLatin1(entry.second);
    return out;
}

constexpr std::array<std::pair<TenantState, const char *>, 3> kStates{
    {{TenantState::Trial, "trial"}, {TenantState::Active, "active"}, {TenantState::Suspended, "suspended"}}};
constexpr std::array<std::pair<Plan, const char *>, 3> kPlans{
    {{Plan::Free, "free"}, {Plan::Pro, "pro"}, {Plan::Enterprise, "enterprise"}}};
constexpr std::array<std::pair<IsolationModel, const char *>, 3> kModels{
    {{IsolationModel::Shared, "shared"}, {IsolationModel::Schema, "schema"}, {IsolationModel::Database, "database"}}};

// The names as Latin-1 views, for the writer (no QString per field).
template<typename E, size_t N>
QLatin1StringView latin1Name(const std::array<std::pair<E, const char *>, N> &table, E value)
{
    for (const auto &[v, n] : table)
        if (v == value)
            return QLatin1StringView(n);
    return {};
}

} // namespace

QString toString(TenantState s) { return name(kStates, s); }
QString toString(Plan p) { return name(kPlans, p); }
QString toString(IsolationModel m) { return name(kModels, m); }
std::optional<TenantState> parseTenantState(const QString &s) { return lookup(kStates, s); }
std::optional<Plan> parsePlan(const QString &s) { return lookup(kPlans, s); }
std::optional<IsolationModel> parseIsolationModel(const QString &s) { return lookup(kModels, s); }
QStringList allTenantStates() { return names(kStates); }
QStringList allPlans() { return names(kPlans); }
QStringList allIsolationModels() { return names(kModels); }

QString idToString(const QUuid &id) { return id.toString(QUuid::WithoutBraces); }

QUuid parseId(QStringView text)
{
    if (text.size() == 38) {
        if (text.front() != u'{' || text.back() != u'}')
            return {};
        text = text.mid(1, 36);
    }
    if (text.size() != 36)
        return {};
    for (qsizetype i = 0; i < 36; ++i) {
        const QChar c = text[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != u'-' : !isxdigit(c.unicode() < 128 ? c.toLatin1() : 'x'))
            return {};
    }
    return QUuid::fromString(text);
}

// Members in the order QJsonObject kept them (sorted), so the bytes are what they were.
void Placement::writeJson(JsonWriter &w) const
{
    w.beginObject()
        .field(QLatin1StringView("cluster"), cluster)
        .field(QLatin1StringView("database"), database)
        .field(QLatin1StringView("model"), latin1Name(kModels, model))
        .field(QLatin1StringView("region"), region)
        .field(QLatin1StringView("schema"), schema)
        .endObject();
}

QJsonObject Placement::toJson() const
{
    return {{QStringLiteral("model"), toString(model)},
            {QStringLiteral("region"), region},
            {QStringLiteral("cluster"), cluster},
            {QStringLiteral("database"), database},
            {QStringLiteral("schema"), schema}};
}

Placement Placement::fromJson(const QJsonObject &o)
{
    Placement p;
    p.model = parseIsolationModel(o.value(QStringLiteral("model")).toString()).value_or(IsolationModel::Shared);
    p.region = o.value(QStringLiteral("region")).toString();
    p.cluster = o.value(QStringLiteral("cluster")).toString();
    p.database = o.value(QStringLiteral("database")).toString();
    p.schema = o.value(QStringLiteral("schema")).toString();
    return p;
}

void TenantStats::writeJson(JsonWriter &w) const
{
    w.beginObject()
        .field(QLatin1StringView("documents"), documents)
        .field(QLatin1StringView("members"), members)
        .field(QLatin1StringView("storage_bytes"), storageBytes)
        .endObject();
}

QJsonObject TenantStats::toJson() const
{
    return {{QStringLiteral("members"), members},
            {QStringLiteral("documents"), documents},
            {QStringLiteral("storage_bytes"), storageBytes}};
}

TenantStats TenantStats::fromJson(const QJsonObject &o)
{
    TenantStats s;
    s.members = o.value(QStringLiteral("members")).toInteger();
    s.documents = o.value(QStringLiteral("documents")).toInteger();
    s.storageBytes = o.value(QStringLiteral("storage_bytes")).toInteger();
    return s;
}

void Tenant::writeJson(JsonWriter &w) const
{
    w.beginObject()
        .field(QLatin1StringView("created_at"), createdAt)
        .field(QLatin1StringView("id"), id)
        .field(QLatin1StringView("isolation"), latin1Name(kModels, placement.model))
        .field(QLatin1StringView("name"), name)
        .key(QLatin1StringView("placement"));
    placement.writeJson(w);
    w.field(QLatin1StringView("plan"), latin1Name(kPlans, plan))
        .field(QLatin1StringView("region"), region)
        .field(QLatin1StringView("slug"), slug)
        .field(QLatin1StringView("state"), latin1Name(kStates, state));
    if (stats) {
        w.key(QLatin1StringView("stats"));
        stats->writeJson(w);
    }
    w.field(QLatin1StringView("updated_at"), updatedAt).endObject();
}

// The same shape as a Qt object, for code that edits or stores it (tests/core/tst_jsonwriter
// checks that its compact bytes equal writeJson's).
QJsonObject Tenant::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), idToString(id)},
                  {QStringLiteral("slug"), slug},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("state"), toString(state)},
                  {QStringLiteral("plan"), toString(plan)},
                  {QStringLiteral("region"), region},
                  {QStringLiteral("isolation"), toString(placement.model)},
                  {QStringLiteral("placement"), placement.toJson()},
                  {QStringLiteral("created_at"), toIsoUtc(createdAt)},
                  {QStringLiteral("updated_at"), toIsoUtc(updatedAt)}};
    if (stats)
        o.insert(QStringLiteral("stats"), stats->toJson());
    return o;
}

QByteArray encodeTenant(const Tenant &t)
{
    JsonWriter w(512);
    t.writeJson(w);
    return w.take();
}

QByteArray encodeTenantPage(const QList<Tenant> &items, const QString &nextCursor, qint64 total, bool totalIsEstimate)
{
    JsonWriter w(64 + items.size() * 400);
    w.beginObject().key(QLatin1StringView("items")).beginArray();
    for (const Tenant &t : items)
        t.writeJson(w);
    w.endArray().key(QLatin1StringView("next_cursor"));
    if (nextCursor.isEmpty())
        w.null();
    else
        w.string(nextCursor);
    w.field(QLatin1StringView("total"), total).field(QLatin1StringView("total_is_estimate"), totalIsEstimate).endObject();
    return w.take();
}

std::optional<Tenant> Tenant::fromJson(const QJsonObject &o)
{
    Tenant t;
    t.id = QUuid::fromString(o.value(QStringLiteral("id")).toString());
    t.slug = o.value(QStringLiteral("slug")).toString();
    t.name = o.value(QStringLiteral("name")).toString();
    const auto state = parseTenantState(o.value(QStringLiteral("state")).toString());
    const auto plan = parsePlan(o.value(QStringLiteral("plan")).toString());
    if (t.id.isNull() || t.slug.isEmpty() || !state || !plan)
        return std::nullopt;
    t.state = *state;
    t.plan = *plan;
    t.region = o.value(QStringLiteral("region")).toString();
    t.placement = Placement::fromJson(o.value(QStringLiteral("placement")).toObject());
    if (const auto m = parseIsolationModel(o.value(QStringLiteral("isolation")).toString()))
        t.placement.model = *m;
    t.createdAt = fromIsoUtc(o.value(QStringLiteral("created_at")).toString());
    t.updatedAt = fromIsoUtc(o.value(QStringLiteral("updated_at")).toString());
    if (o.contains(QStringLiteral("stats")))
        t.stats = TenantStats::fromJson(o.value(QStringLiteral("stats")).toObject());
    return t;
}

} // namespace portico
