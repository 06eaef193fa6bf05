#pragma once
// The tenant as every part of Portico sees it, with its JSON codec.

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <optional>

namespace portico {

class JsonWriter;

enum class TenantState { Trial, Active, Suspended };
enum class Plan { Free, Pro, Enterprise };
enum class IsolationModel { Shared, Schema, Database };

QString toString(TenantState s);
QString toString(Plan p);
QString toString(IsolationModel m);
std::optional<TenantState> parseTenantState(const QString &s);
std::optional<Plan> parsePlan(const QString &s);
std::optional<IsolationModel> parseIsolationModel(const QString &s);
QStringList allTenantStates();
QStringList allPlans();
QStringList allIsolationModels();

// Where a tenant's data lives. Explicit from the start so that every data access names its placement.
struct Placement
{
    IsolationModel model = IsolationModel::Shared;
    QString region;    // e.g. "us-east"
    QString cluster;   // registered cluster name, e.g. "home"
    QString database;  // database holding the data
    QString schema;    // schema holding the data ("public" for the shared pool)

    void writeJson(JsonWriter &w) const;
    QJsonObject toJson() const;
    static Placement fromJson(const QJsonObject &o);
    bool operator==(const Placement &) const = default;
};

struct TenantStats
{
    qint64 members = 0;
    qint64 documents = 0;
    qint64 storageBytes = 0;
    void writeJson(JsonWriter &w) const;
    QJsonObject toJson() const;
    static TenantStats fromJson(const QJsonObject &o);
};

struct Tenant
{
    QUuid id;
    QString slug;
    QString name;
    TenantState state = TenantState::Trial;
    Plan plan = Plan::Free;
    QString region;
    Placement placement;
    QDateTime createdAt;  // UTC
    QDateTime updatedAt;  // UTC
    std::optional<TenantStats> stats; // present on single-tenant reads only

    [[nodiscard]] IsolationModel isolation() const { return placement.model; }
    // The wire form, written by the one JSON writer; toJson() is the same as a Qt object.
    void writeJson(JsonWriter &w) const;
    QJsonObject toJson() const;
    static std::optional<Tenant> fromJson(const QJsonObject &o);
};

QString idToString(const QUuid &id); // lower-case, no braces
// An id as sent from outside: exactly 8-4-4-4-12 hex digits, optionally in braces, nothing before
// or after. Null otherwise. (QUuid::fromString reads the first 36 or 38 characters and ignores
// what follows, so "<id>junk" would name the tenant <id>.)
QUuid parseId(QStringView text);

// GET /v1/tenants' body: {"items": [...], "next_cursor": text or null, "total": n}.
QByteArray encodeTenantPage(const QList<Tenant> &items, const QString &nextCursor, qint64 total, bool totalIsEstimate = false);
QByteArray encodeTenant(const Tenant &t);

} // namespace portico
