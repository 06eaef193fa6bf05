#pragma once
// Wire types of the Portico API that are not shared domain types (those live in core/), with their
// decoders. Decoders are strict about what the client relies on and lenient about the rest, so a
// newer server that adds fields never breaks an older console.

#include "core/tenant.h"
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace portico {

struct HealthInfo
{
    QString status;   // "ok" when healthy
    QString database; // "ok" or "unreachable"
    QString version;
    qint64 uptimeSeconds = 0;
    static std::optional<HealthInfo> fromJson(const QJsonObject &o);
};

// An operator (staff member) or a tenant member, as /v1/me and /v1/auth/login describe them.
struct Principal
{
    QString id;
    QString email;
    QString displayName;
    QString role;
    static std::optional<Principal> fromJson(const QJsonObject &o);
};

struct LoginResult
{
    QString token;
    QDateTime expiresAt;
    Principal operatorInfo;
    static std::optional<LoginResult> fromJson(const QJsonObject &o);
};

struct MeInfo
{
    QString kind;                      // "operator" or "tenant"
    std::optional<Principal> operatorInfo; // kind == operator
    std::optional<Tenant> tenant;          // kind == tenant
    std::optional<Principal> member;       // kind == tenant, when the token belongs to a member
    QString tokenId;
    QDateTime tokenExpiresAt;

    [[nodiscard]] bool isOperator() const { return kind == QLatin1String("operator"); }
    [[nodiscard]] QString displayName() const; // who is signed in, for the status bar
    static std::optional<MeInfo> fromJson(const QJsonObject &o);
};

struct TenantPage
{
    QList<Tenant> items;
    QString nextCursor; // empty on the last page
    qint64 total = 0;   // all rows matching the filters, not just this page
    static std::optional<TenantPage> fromJson(const QJsonObject &o);
};

// PATCH /v1/tenants/{id}: only the fields that are set are sent.
struct TenantPatch
{
    std::optional<QString> name;
    std::optional<TenantState> state;
    std::optional<Plan> plan;

    [[nodiscard]] bool isEmpty() const { return !name && !state && !plan; }
    [[nodiscard]] QJsonObject toJson() const;
};

// POST /v1/tenants.
struct NewTenant
{
    QString name;
    QString slug; // empty: the server derives one from the name
    Plan plan = Plan::Free;
    TenantState state = TenantState::Trial;
    QString region = QStringLiteral("us-east");
    IsolationModel isolation = IsolationModel::Shared;
    QString adminEmail;
    QString adminName;
    QString idempotencyKey; // empty: the client generates one per call

    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace portico
