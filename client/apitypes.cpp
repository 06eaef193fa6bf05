#include "client/apitypes.h"
#include "core/timeutil.h"
#include "core/urlquery.h"
#include <QJsonArray>
#include <QUrl>
#include <algorithm>

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
    page.totalIsEstimate = o.value(QLatin1String("total_is_estimate")).toBool(); // absent (older servers): exact
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

Severity severityFromString(const QString &s)
{
    if (s == QLatin1String("critical"))
        return Severity::Critical;
    if (s == QLatin1String("high"))
        return Severity::High;
    if (s == QLatin1String("warning"))
        return Severity::Warning;
    if (s == QLatin1String("info"))
        return Severity::Info;
    return Severity::Unknown;
}

QString toString(Severity s)
{
    switch (s) {
    case Severity::Critical: return QStringLiteral("critical");
    case Severity::High: return QStringLiteral("high");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Info: return QStringLiteral("info");
    case Severity::Unknown: break;
    }
    return QStringLiteral("unknown");
}

std::optional<Finding> Finding::fromJson(const QJsonObject &o)
{
    Finding f;
    f.severityName = str(o, "severity");
    f.severity = severityFromString(f.severityName);
    f.check = str(o, "check");
    f.object = str(o, "object");
    f.detail = str(o, "detail");
    if (f.check.isEmpty() || f.severityName.isEmpty())
        return std::nullopt;
    return f;
}

std::optional<PoolStats> PoolStats::fromJson(const QJsonObject &o)
{
    PoolStats p;
    p.cluster = str(o, "cluster");
    p.database = str(o, "database");
    p.open = o.value(QLatin1String("open")).toInt();
    p.idle = o.value(QLatin1String("idle")).toInt();
    p.max = o.value(QLatin1String("max")).toInt();
    if (p.database.isEmpty())
        return std::nullopt;
    return p;
}

int IsolationReport::count(Severity s) const
{
    return int(std::count_if(findings.begin(), findings.end(), [s](const Finding &f) { return f.severity == s; }));
}

std::optional<IsolationReport> IsolationReport::fromJson(const QJsonObject &o)
{
    const QJsonValue findings = o.value(QLatin1String("findings"));
    if (!findings.isArray() || !o.value(QLatin1String("ok")).isBool())
        return std::nullopt;
    IsolationReport r;
    r.ok = o.value(QLatin1String("ok")).toBool();
    for (const QJsonValue &v : findings.toArray()) {
        auto f = Finding::fromJson(v.toObject());
        if (!f)
            return std::nullopt; // a report missing a finding would claim more than it knows
        r.findings.append(std::move(*f));
    }
    r.clustersChecked = o.value(QLatin1String("clusters_checked")).toInt();
    r.tablesChecked = o.value(QLatin1String("tables_checked")).toInt();
    r.placementsChecked = o.value(QLatin1String("placements_checked")).toInt();
    r.checkedAt = fromIsoUtc(str(o, "checked_at"));
    r.durationMs = o.value(QLatin1String("duration_ms")).toInteger();
    for (const QJsonValue &v : o.value(QLatin1String("pools")).toArray())
        if (auto p = PoolStats::fromJson(v.toObject()))
            r.pools.append(std::move(*p));
    r.monitorBlocks = o.value(QLatin1String("monitor_blocks")).toInteger();
    return r;
}

std::optional<Alert> Alert::fromJson(const QJsonObject &o)
{
    Alert a;
    a.id = str(o, "id");
    a.at = fromIsoUtc(str(o, "at"));
    a.severityName = str(o, "severity");
    a.severity = severityFromString(a.severityName);
    a.kind = str(o, "kind");
    a.tenantId = str(o, "tenant_id"); // null -> empty
    a.detail = str(o, "detail");
    a.requestId = str(o, "request_id");
    // A server from before alert states sends none: its alerts are all open.
    a.state = parseAlertState(str(o, "state")).value_or(AlertState::Open);
    a.acknowledgedAt = fromIsoUtc(str(o, "acknowledged_at"));
    a.acknowledgedBy = str(o, "acknowledged_by");
    a.acknowledgedReason = str(o, "acknowledged_reason");
    a.resolvedAt = fromIsoUtc(str(o, "resolved_at"));
    a.resolvedBy = str(o, "resolved_by");
    a.resolvedReason = str(o, "resolved_reason");
    if (a.id.isEmpty() || !a.at.isValid())
        return std::nullopt;
    return a;
}

std::optional<AlertPage> AlertPage::fromJson(const QJsonObject &o)
{
    const QJsonValue items = o.value(QLatin1String("items"));
    if (!items.isArray())
        return std::nullopt;
    AlertPage page;
    for (const QJsonValue &v : items.toArray()) {
        auto alert = Alert::fromJson(v.toObject());
        if (!alert)
            return std::nullopt;
        page.items.append(std::move(*alert));
    }
    page.nextCursor = str(o, "next_cursor");
    return page;
}

QUrlQuery AlertQuery::toUrlQuery() const
{
    QStringList names;
    for (AlertState s : states)
        names << alertStateName(s);
    return UrlQueryBuilder().addNumber("limit", limit).add("cursor", cursor).add("tenant", tenantId)
        .add("state", names.join(QLatin1Char(','))).query();
}

QUrlQuery AuditQuery::toUrlQuery() const
{
    return UrlQueryBuilder().addNumber("limit", limit).add("tenant", chain).add("actor", actor).add("action", action)
        .addTime("from", from).addTime("to", to).add("cursor", cursor).query();
}

std::optional<AuditPage> AuditPage::fromJson(const QJsonObject &o)
{
    const QJsonValue items = o.value(QLatin1String("items"));
    if (!items.isArray())
        return std::nullopt;
    AuditPage page;
    for (const QJsonValue &v : items.toArray()) {
        auto entry = AuditEntry::fromJson(v.toObject());
        if (!entry)
            return std::nullopt; // an entry we cannot read could not be verified either
        page.items.append(std::move(*entry));
    }
    page.nextCursor = str(o, "next_cursor");
    return page;
}

namespace {
std::optional<qint64> optionalInteger(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<qint64>(v.toInteger()) : std::nullopt;
}
std::optional<double> optionalDouble(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}
} // namespace

std::optional<AuditVerdict> AuditVerdict::fromJson(const QJsonObject &o)
{
    if (!o.value(QLatin1String("ok")).isBool())
        return std::nullopt;
    AuditVerdict v;
    v.chain = str(o, "chain");
    v.ok = o.value(QLatin1String("ok")).toBool();
    v.checked = o.value(QLatin1String("checked")).toInteger();
    v.lastSeq = optionalInteger(o, "last_seq");
    v.firstBadSeq = optionalInteger(o, "first_bad_seq");
    v.reason = str(o, "reason");
    v.checkpointsChecked = o.value(QLatin1String("checkpoints_checked")).toInteger();
    v.checkpointsOk = o.value(QLatin1String("checkpoints_ok")).toBool(true);
    v.firstBadCheckpointSeq = optionalInteger(o, "first_bad_checkpoint_seq");
    v.signingKeyId = str(o, "signing_key_id");
    return v;
}

std::optional<UsageMetric> UsageMetric::fromJson(const QJsonObject &o)
{
    UsageMetric m;
    m.name = str(o, "name");
    m.unit = str(o, "unit");
    m.kind = str(o, "kind");
    m.external = o.value(QLatin1String("external")).toBool();
    m.description = str(o, "description");
    m.label = str(o, "label");
    if (m.name.isEmpty())
        return std::nullopt;
    return m;
}

std::optional<UsageMetricList> UsageMetricList::fromJson(const QJsonObject &o)
{
    const QJsonValue items = o.value(QLatin1String("items"));
    if (!items.isArray())
        return std::nullopt;
    UsageMetricList list;
    for (const QJsonValue &v : items.toArray())
        if (auto m = UsageMetric::fromJson(v.toObject()))
            list.items.append(std::move(*m));
    return list;
}

std::optional<UsageQuota> UsageQuota::fromJson(const QJsonObject &o)
{
    if (!o.value(QLatin1String("limit")).isDouble())
        return std::nullopt;
    UsageQuota q;
    q.limit = o.value(QLatin1String("limit")).toInteger();
    q.used = o.value(QLatin1String("used")).toInteger();
    q.policy = str(o, "policy");
    q.periodStart = fromIsoUtc(str(o, "period_start"));
    q.periodEnd = fromIsoUtc(str(o, "period_end"));
    q.usedPct = optionalDouble(o, "used_pct");
    return q;
}

std::optional<UsageSeries> UsageSeries::fromJson(const QJsonObject &o)
{
    const QJsonValue points = o.value(QLatin1String("points"));
    if (!points.isArray() || str(o, "metric").isEmpty())
        return std::nullopt;
    UsageSeries s;
    s.tenantId = str(o, "tenant_id");
    s.metric = str(o, "metric");
    s.metricLabel = str(o, "metric_label");
    s.tenantSlug = str(o, "tenant_slug");
    s.tenantName = str(o, "tenant_name");
    s.unit = str(o, "unit");
    s.kind = str(o, "kind");
    s.step = str(o, "step");
    s.from = fromIsoUtc(str(o, "from"));
    s.to = fromIsoUtc(str(o, "to"));
    s.total = o.value(QLatin1String("total")).toInteger();
    for (const QJsonValue &v : points.toArray()) {
        const QJsonArray p = v.toArray();
        if (p.size() != 2 || !p.at(0).isDouble() || !p.at(1).isDouble())
            return std::nullopt;
        s.points.append(QPointF(double(p.at(0).toInteger()), p.at(1).toDouble()));
    }
    const QJsonValue quota = o.value(QLatin1String("quota"));
    if (quota.isObject())
        s.quota = UsageQuota::fromJson(quota.toObject());
    const QJsonObject plans = o.value(QLatin1String("by_plan")).toObject();
    for (auto it = plans.begin(); it != plans.end(); ++it) {
        const QJsonObject p = it.value().toObject();
        s.byPlan.insert(it.key(), {p.value(QLatin1String("total")).toInteger(), p.value(QLatin1String("tenants")).toInteger()});
    }
    return s;
}

std::optional<UsageTopItem> UsageTopItem::fromJson(const QJsonObject &o)
{
    UsageTopItem t;
    t.tenantId = str(o, "tenant_id");
    t.slug = str(o, "slug");
    t.name = str(o, "name");
    t.plan = str(o, "plan");
    t.state = str(o, "state");
    t.value = o.value(QLatin1String("value")).toInteger();
    t.previousValue = o.value(QLatin1String("previous_value")).toInteger();
    t.growthPct = optionalDouble(o, "growth_pct");
    t.planMedian = o.value(QLatin1String("plan_median")).toDouble();
    t.vsPlanMedian = optionalDouble(o, "vs_plan_median");
    const QJsonValue quota = o.value(QLatin1String("quota"));
    if (quota.isObject())
        t.quota = UsageQuota::fromJson(quota.toObject());
    if (t.tenantId.isEmpty())
        return std::nullopt;
    return t;
}

std::optional<UsageTop> UsageTop::fromJson(const QJsonObject &o)
{
    const QJsonValue items = o.value(QLatin1String("items"));
    if (!items.isArray())
        return std::nullopt;
    UsageTop top;
    top.metric = str(o, "metric");
    top.metricLabel = str(o, "metric_label");
    top.unit = str(o, "unit");
    top.from = fromIsoUtc(str(o, "from"));
    top.to = fromIsoUtc(str(o, "to"));
    for (const QJsonValue &v : items.toArray()) {
        auto item = UsageTopItem::fromJson(v.toObject());
        if (!item)
            return std::nullopt;
        top.items.append(std::move(*item));
    }
    return top;
}

} // namespace portico
