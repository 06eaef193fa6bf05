#pragma once
// Wire types of the Portico API that are not shared domain types (those live in core/), with their
// decoders. Decoders are strict about what the client relies on and lenient about the rest, so a
// newer server that adds fields never breaks an older console.

#include "core/alert.h"
#include "core/auditchain.h"
#include "core/tenant.h"
#include <QHash>
#include <QPointF>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrlQuery>
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
    bool totalIsEstimate = false; // total is the server's estimate (many matches), shown as "about"
    static std::optional<TenantPage> fromJson(const QJsonObject &o);
};

// PATCH /v1/tenants/{id}: only the fields that are set are sent.
struct TenantPatch
{
    std::optional<QString> name;
    std::optional<TenantState> state;
    std::optional<Plan> plan;
    QString reason; // sent as X-Portico-Reason, recorded in the audit entry; not part of the body

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

// How bad an isolation finding or an alert is. Ordered: Critical first.
enum class Severity { Critical, High, Warning, Info, Unknown };
// "critical", "high", "warning", "info"; Unknown for anything else (a newer server's level).
Severity severityFromString(const QString &s);
QString toString(Severity s);
// Critical, high: isolation is at risk. Warning, info: worth a look.
[[nodiscard]] inline bool isSerious(Severity s) { return s == Severity::Critical || s == Severity::High; }

// One finding of the isolation verifier (GET /v1/isolation/report).
struct Finding
{
    Severity severity = Severity::Unknown;
    QString severityName; // as sent, so an unknown level is still shown as the server named it
    QString check;        // stable id, e.g. "rls.enabled"
    QString object;       // e.g. "home/portico_pool.public.documents"
    QString detail;       // what is wrong and what to do
    static std::optional<Finding> fromJson(const QJsonObject &o);
};

// A connection pool of the server's data role, as the report describes it.
struct PoolStats
{
    QString cluster;
    QString database;
    int open = 0;
    int idle = 0;
    int max = 0;
    static std::optional<PoolStats> fromJson(const QJsonObject &o);
};

struct IsolationReport
{
    bool ok = false; // nothing critical or high (the server's verdict)
    QList<Finding> findings;
    int clustersChecked = 0;
    int tablesChecked = 0;
    int placementsChecked = 0;
    QDateTime checkedAt;   // UTC
    qint64 durationMs = 0;
    QList<PoolStats> pools;
    qint64 monitorBlocks = 0; // rows the monitor blocked since the server started

    [[nodiscard]] int count(Severity s) const;
    static std::optional<IsolationReport> fromJson(const QJsonObject &o);
};

// An alert raised by a guard on the server (the isolation monitor first): GET /v1/alerts.
struct Alert
{
    QString id;
    QDateTime at; // UTC
    Severity severity = Severity::Unknown;
    QString severityName;
    QString kind;     // e.g. "isolation.monitor"
    QString tenantId; // empty when the alert concerns no tenant
    QString detail;
    QString requestId;
    AlertState state = AlertState::Open;
    // Who moved it there, when (UTC) and why; empty (invalid time) when it never was.
    QDateTime acknowledgedAt, resolvedAt;
    QString acknowledgedBy, acknowledgedReason, resolvedBy, resolvedReason;
    static std::optional<Alert> fromJson(const QJsonObject &o);
};

struct AlertPage
{
    QList<Alert> items; // newest first
    QString nextCursor; // empty on the last page
    static std::optional<AlertPage> fromJson(const QJsonObject &o);
};

struct AlertQuery
{
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 500;
    int limit = kDefaultLimit;
    QString cursor;
    QString tenantId; // empty: every tenant's alerts (and those of no tenant)
    QList<AlertState> states; // empty: every state
    [[nodiscard]] QUrlQuery toUrlQuery() const;
    friend bool operator==(const AlertQuery &, const AlertQuery &) = default;
};

// --- Audit (GET /v1/audit, GET /v1/audit/verify) ---

struct AuditQuery
{
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 200;
    QString chain;  // "platform", a tenant id (or slug); empty: every chain
    QString actor;  // exact, empty: any
    QString action; // exact, empty: any
    QDateTime from; // inclusive, invalid: open
    QDateTime to;   // exclusive, invalid: open
    int limit = kDefaultLimit;
    QString cursor;
    [[nodiscard]] QUrlQuery toUrlQuery() const;
    friend bool operator==(const AuditQuery &, const AuditQuery &) = default;
};

struct AuditPage
{
    QList<AuditEntry> items; // newest first
    QString nextCursor;      // empty on the last page
    static std::optional<AuditPage> fromJson(const QJsonObject &o);
};

// The server's own verdict on one chain.
struct AuditVerdict
{
    QString chain;
    bool ok = false;
    qint64 checked = 0;
    std::optional<qint64> lastSeq;
    std::optional<qint64> firstBadSeq;
    QString reason;
    qint64 checkpointsChecked = 0;
    bool checkpointsOk = true;
    std::optional<qint64> firstBadCheckpointSeq;
    QString signingKeyId;
    static std::optional<AuditVerdict> fromJson(const QJsonObject &o);
};

// --- Usage (GET /v1/usage/metrics, /v1/tenants/{id}/usage, /v1/usage/top, /v1/usage/fleet) ---

struct UsageMetric
{
    QString name;
    QString unit; // "requests", "bytes", "milliseconds", "members", "emails", ...
    QString kind; // "counter" (buckets add up) or "gauge" (a bucket reports its highest sample)
    bool external = false;
    QString description;
    QString label; // readable, "Emails sent"; empty from a server before labels (then show the name)
    [[nodiscard]] bool isGauge() const { return kind == QLatin1String("gauge"); }
    static std::optional<UsageMetric> fromJson(const QJsonObject &o);
};

struct UsageMetricList
{
    QList<UsageMetric> items;
    static std::optional<UsageMetricList> fromJson(const QJsonObject &o);
};

// A monthly quota and how much of it the current billing period used.
struct UsageQuota
{
    qint64 limit = 0;
    qint64 used = 0;
    QString policy; // block, overage, notify
    QDateTime periodStart, periodEnd;
    std::optional<double> usedPct; // as /v1/usage/top sends it
    [[nodiscard]] double usedPercent() const { return usedPct ? *usedPct : (limit > 0 ? used * 100.0 / limit : 0.0); }
    static std::optional<UsageQuota> fromJson(const QJsonObject &o);
};

// A series of [time, value] points: x in ms since the epoch (UTC), y the bucket's value.
struct UsageSeries
{
    QString tenantId; // empty for the fleet
    QString tenantSlug, tenantName; // operator series only
    QString metric, metricLabel, unit, kind, step;
    QDateTime from, to;
    QList<QPointF> points;
    qint64 total = 0;
    std::optional<UsageQuota> quota;
    QHash<QString, QPair<qint64, qint64>> byPlan; // fleet only: plan -> (total, tenants)
    static std::optional<UsageSeries> fromJson(const QJsonObject &o);
};

struct UsageTopItem
{
    QString tenantId, slug, name, plan, state;
    qint64 value = 0;
    qint64 previousValue = 0;
    std::optional<double> growthPct;   // null when there was nothing before
    double planMedian = 0;
    std::optional<double> vsPlanMedian; // value / median of its plan
    std::optional<UsageQuota> quota;
    static std::optional<UsageTopItem> fromJson(const QJsonObject &o);
};

struct UsageTop
{
    QString metric, metricLabel, unit;
    QDateTime from, to;
    QList<UsageTopItem> items; // largest value first
    static std::optional<UsageTop> fromJson(const QJsonObject &o);
};

} // namespace portico
