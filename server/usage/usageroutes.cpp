// Usage and limits over HTTP: series per tenant, fleet totals and top consumers for account
// managers, the tenant's own usage, external events, seal verification, and limit overrides. The
// SQL is in usagestore; live limits and period totals are UsageService's.
#include "core/jsonwriter.h"
#include "core/timeutil.h"
#include "server/audit/auditlog.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/http/routing.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/tenants/tenantrepository.h"
#include "server/usage/partitions.h"
#include "server/usage/sealer.h"
#include "server/usage/usageservice.h"
#include "server/usage/usagestore.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace portico {
namespace {

using http::Response;

using usage::Metric;
using usage::Range;
namespace usagestore = usage::usagestore;

// Whom a usage route is about: the tenant an operator names (looked up once), or the token's.
struct Subject
{
    QUuid id;
    Plan plan = Plan::Free;
    QString slug, name; // when an operator named the tenant: so a series names whom it is about
};

Subject subjectOf(const Tenant &t) { return {t.id, t.plan, t.slug, t.name}; }
Subject subjectOf(const http::RequestContext &ctx) { return {ctx.principal.tenantId, ctx.principal.tenantPlan, {}, {}}; }
Subject namedTenant(Services &s, const http::RequestContext &ctx) { return subjectOf(tenants::requireTenant(*s.db.control(), ctx.request.param(0))); }

Range parseRange(const QUrlQuery &q, const QString &defaultStep)
{
    Range r;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto time = [&q](const char *name, const QDateTime &fallback) {
        const QString text = q.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
        if (text.isEmpty())
            return fallback;
        const QDateTime t = fromIsoUtc(text);
        if (!t.isValid())
            failValidation(QString::fromLatin1(name), QStringLiteral("%1 must be an RFC 3339 time such as 2026-11-01T00:00:00Z.").arg(QLatin1String(name)));
        return t;
    };
    r.to = time("to", now);
    r.from = time("from", r.to.addDays(-7));
    if (r.from >= r.to)
        failValidation(QStringLiteral("from"), QStringLiteral("from must be before to."));
    if (r.from.daysTo(r.to) > usage::kRetentionDays)
        failValidation(QStringLiteral("from"), QStringLiteral("A range may span at most %1 days.").arg(usage::kRetentionDays));
    r.step = q.queryItemValue(QStringLiteral("step"));
    if (r.step.isEmpty())
        r.step = defaultStep;
    if (r.step != QLatin1String("hour") && r.step != QLatin1String("day") && r.step != QLatin1String("month"))
        failValidation(QStringLiteral("step"), QStringLiteral("step must be hour, day or month."));
    return r;
}

Metric requireMetric(store::PgConnection &c, const QUrlQuery &q)
{
    const QString name = q.queryItemValue(QStringLiteral("metric"));
    const auto all = usagestore::metrics(c);
    if (name.isEmpty() || !all.contains(name)) {
        QStringList names = all.keys();
        names.sort();
        failValidation(QStringLiteral("metric"), QStringLiteral("metric must be one of: %1.").arg(names.join(QStringLiteral(", "))));
    }
    return all.value(name);
}

QJsonArray pointsJson(const QList<usage::Point> &points)
{
    QJsonArray out;
    for (const usage::Point &p : points)
        out.append(QJsonArray{p.atMs, p.value});
    return out;
}

Response series(Services &s, const Subject &tenant, const QUrlQuery &q)
{
    http::rejectUnknownParameters(q, {QStringLiteral("metric"), QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("step")});
    auto c = s.db.control();
    const Metric m = requireMetric(*c, q);
    const Range range = parseRange(q, QStringLiteral("hour"));
    const QList<usage::Point> points = usagestore::series(*c, m, range, tenant.id);
    qint64 total = 0;
    for (const usage::Point &p : points)
        total = m.isGauge() ? std::max(total, p.value) : total + p.value;
    // Written straight into bytes (a year of hourly points is 8760 of them), members in the
    // order QJsonObject kept them, so the bytes are what they were.
    JsonWriter w(512 + points.size() * 32);
    w.beginObject()
        .field(QLatin1StringView("from"), range.from)
        .field(QLatin1StringView("kind"), m.kind)
        .field(QLatin1StringView("metric"), m.name)
        .field(QLatin1StringView("metric_label"), m.label)
        .key(QLatin1StringView("points"))
        .beginArray();
    for (const usage::Point &p : points)
        w.beginArray().integer(p.atMs).integer(p.value).endArray();
    w.endArray().key(QLatin1StringView("quota"));
    const auto quota = s.usage->limits().forTenant(tenant.id, tenant.plan).quotas.value(m.name);
    if (quota.limit > 0) {
        const Period period = billingPeriod(QDateTime::currentDateTimeUtc());
        w.beginObject()
            .field(QLatin1StringView("limit"), quota.limit)
            .field(QLatin1StringView("period_end"), period.end)
            .field(QLatin1StringView("period_start"), period.start)
            .field(QLatin1StringView("policy"), toString(quota.policy))
            .field(QLatin1StringView("used"), s.usage->periodUsed(tenant.id, m.name))
            .endObject();
    } else {
        w.null();
    }
    w.field(QLatin1StringView("step"), range.step).field(QLatin1StringView("tenant_id"), tenant.id);
    if (!tenant.slug.isEmpty())
        w.field(QLatin1StringView("tenant_name"), tenant.name).field(QLatin1StringView("tenant_slug"), tenant.slug);
    w.field(QLatin1StringView("to"), range.to).field(QLatin1StringView("total"), total).field(QLatin1StringView("unit"), m.unit).endObject();
    return Response::encodedJson(w.take());
}

Response verdict(Services &s, const Subject &t)
{
    const auto v = usage::UsageSealer(s.db).verify(t.id);
    return Response::json(QJsonObject{{QStringLiteral("tenant_id"), idToString(t.id)},
                                      {QStringLiteral("ok"), v.ok},
                                      {QStringLiteral("days_checked"), v.daysChecked},
                                      {QStringLiteral("last_sealed_day"), v.lastSealedDay.isValid() ? QJsonValue(v.lastSealedDay.toString(Qt::ISODate)) : QJsonValue()},
                                      {QStringLiteral("first_bad_day"), v.firstBadDay.isValid() ? QJsonValue(v.firstBadDay.toString(Qt::ISODate)) : QJsonValue()},
                                      {QStringLiteral("reason"), v.reason.isEmpty() ? QJsonValue() : QJsonValue(v.reason)}});
}

Response limitsOf(Services &s, const Subject &t)
{
    const usage::Limits l = s.usage->limits().forTenant(t.id, t.plan);
    QJsonObject body = l.toJson();
    QJsonObject used;
    for (auto it = l.quotas.cbegin(); it != l.quotas.cend(); ++it)
        used.insert(it.key(), s.usage->periodUsed(t.id, it.key()));
    const Period period = billingPeriod(QDateTime::currentDateTimeUtc());
    body.insert(QStringLiteral("tenant_id"), idToString(t.id));
    body.insert(QStringLiteral("plan"), toString(t.plan));
    body.insert(QStringLiteral("period_start"), toIsoUtc(period.start));
    body.insert(QStringLiteral("period_end"), toIsoUtc(period.end));
    body.insert(QStringLiteral("used"), used);
    body.insert(QStringLiteral("plan_defaults"), s.usage->limits().forPlan(t.plan).toJson());
    return Response::json(body);
}

// POST /v1/usage/events: a batch, idempotent by event id, all-or-nothing validation.
Response ingest(Services &s, http::RequestContext &ctx)
{
    static constexpr int kMaxBatch = 10000;
    http::rejectUnknownParameters(ctx.request.query, {QStringLiteral("dry_run")});
    const QString dryRun = ctx.request.query.queryItemValue(QStringLiteral("dry_run"));
    if (!dryRun.isEmpty() && dryRun != QLatin1String("true") && dryRun != QLatin1String("false"))
        failValidation(QStringLiteral("dry_run"), QStringLiteral("dry_run must be true or false."));
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("events")});
    const QJsonValue eventsValue = body.value(QStringLiteral("events"));
    if (!eventsValue.isArray() || eventsValue.toArray().isEmpty())
        failValidation(QStringLiteral("events"), QStringLiteral("events must be a non-empty array of {id, metric, quantity, time}."));
    const QJsonArray events = eventsValue.toArray();
    if (events.size() > kMaxBatch)
        failValidation(QStringLiteral("events"), QStringLiteral("A batch holds at most %1 events.").arg(kMaxBatch));
    auto c = s.db.control();
    const auto known = usagestore::metrics(*c);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime earliest = now.addSecs(-qint64(usage::kEventLatenessHours) * 3600), latest = now.addSecs(300);
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9._:-]{1,128}$"));
    usage::EventBatch batch;
    QSet<QString> seenIds;
    for (int i = 0; i < events.size(); ++i) {
        const QString at = QStringLiteral("events[%1]").arg(i);
        const QJsonObject e = events.at(i).toObject();
        if (!events.at(i).isObject())
            failValidation(at, QStringLiteral("Each event is an object {id, metric, quantity, time}."));
        for (const QString &member : e.keys())
            if (member != QLatin1String("id") && member != QLatin1String("metric") && member != QLatin1String("quantity") && member != QLatin1String("time"))
                failValidation(at + QLatin1Char('.') + member, QStringLiteral("Unknown member '%1'. An event has id, metric, quantity and time.").arg(member));
        const QString id = e.value(QStringLiteral("id")).toString();
        if (!idPattern.match(id).hasMatch())
            failValidation(at + QStringLiteral(".id"), QStringLiteral("id must be 1 to 128 of A-Z a-z 0-9 . _ : -, unique per event."));
        const QString metric = e.value(QStringLiteral("metric")).toString();
        if (!known.contains(metric) || !known.value(metric).external) {
            QStringList ext;
            for (const auto &m : known)
                if (m.external)
                    ext << m.name;
            ext.sort();
            failValidation(at + QStringLiteral(".metric"), QStringLiteral("Unknown metric '%1'. Events may report: %2.").arg(metric, ext.join(QStringLiteral(", "))));
        }
        const QJsonValue qv = e.value(QStringLiteral("quantity"));
        const double quantity = qv.toDouble(-1);
        if (!qv.isDouble() || quantity != std::floor(quantity) || quantity > 1e12)
            failValidation(at + QStringLiteral(".quantity"), QStringLiteral("quantity must be a whole number."));
        if (quantity < 0)
            failValidation(at + QStringLiteral(".quantity"), QStringLiteral("quantity must not be negative; report corrections as their own metric."));
        const QDateTime t = fromIsoUtc(e.value(QStringLiteral("time")).toString());
        if (!t.isValid())
            failValidation(at + QStringLiteral(".time"), QStringLiteral("time must be an RFC 3339 time."));
        if (t < earliest)
            failValidation(at + QStringLiteral(".time"), QStringLiteral("time is more than %1 hours in the past; such days may already be sealed.").arg(usage::kEventLatenessHours));
        if (t > latest)
            failValidation(at + QStringLiteral(".time"), QStringLiteral("time is in the future (more than 5 minutes ahead of the server's clock)."));
        if (seenIds.contains(id))
            continue; // the same event twice in one batch counts once
        seenIds.insert(id);
        batch.ids << id;
        batch.metrics << metric;
        batch.quantities << qint64(quantity);
        batch.times << t;
    }
    // A blocking quota refuses a batch that would cross it, before anything is stored.
    // (Repeated event ids count here too: a retry of a stored batch near the limit is refused
    // rather than checked against storage first, which would cost a round trip.)
    const usage::Limits limits = s.usage->limits().forTenant(ctx.principal.tenantId, ctx.principal.tenantPlan);
    QHash<QString, qint64> batchTotals;
    for (qsizetype i = 0; i < batch.metrics.size(); ++i)
        batchTotals[batch.metrics[i]] += batch.quantities[i];
    // Across instances: the batch's totals are taken from the shared budget before anything is
    // stored, and what was not stored (duplicates, last month's late events) is handed back.
    const usage::UsageService::EventQuota taken = s.usage->takeEventQuota(ctx.principal.tenantId, limits, batchTotals);
    if (taken.refusal)
        return *taken.refusal;
    QHash<QString, qint64> unused = taken.taken;
    // A dry run validates the whole batch and stores nothing.
    if (dryRun == QLatin1String("true")) {
        s.usage->returnEventQuota(ctx.principal.tenantId, unused);
        return Response::json(QJsonObject{{QStringLiteral("accepted"), 0}, {QStringLiteral("duplicates"), 0},
                                          {QStringLiteral("valid"), qint64(batch.ids.size())}, {QStringLiteral("dry_run"), true}});
    }
    QList<usage::StoredEvents> storedEvents;
    try {
        storedEvents = usagestore::storeEvents(*c, ctx.principal.tenantId, batch, billingPeriod(QDateTime::currentDateTimeUtc()).start);
    } catch (...) {
        s.usage->returnEventQuota(ctx.principal.tenantId, taken.taken);
        throw;
    }
    qint64 accepted = 0;
    for (const usage::StoredEvents &stored : storedEvents) {
        const QString &metric = stored.metric;
        const qint64 thisPeriod = stored.thisPeriod; // late events of last month count there, not here
        accepted += stored.count;
        if (auto u = unused.find(metric); u != unused.end())
            *u = std::max<qint64>(0, *u - thisPeriod);
        if (thisPeriod == 0)
            continue;
        const qint64 before = s.usage->periodUsed(ctx.principal.tenantId, metric);
        const auto quota = limits.quotas.value(metric);
        s.usage->addToPeriod(ctx.principal.tenantId, metric, thisPeriod);
        s.usage->noteCrossings(ctx.principal.tenantId, metric, checkQuota(before, thisPeriod, quota.limit, QuotaPolicy::Notify).thresholdsCrossed);
    }
    s.usage->returnEventQuota(ctx.principal.tenantId, unused);
    return Response::json(QJsonObject{{QStringLiteral("accepted"), accepted},
                                      {QStringLiteral("duplicates"), qint64(events.size()) - accepted}});
}

Response putLimits(Services &s, http::RequestContext &ctx)
{
    const Subject t = namedTenant(s, ctx);
    const QJsonObject body = http::jsonBody(ctx.request);
    http::rejectUnknownFields(body, {QStringLiteral("rate_per_second"), QStringLiteral("burst"), QStringLiteral("concurrency"), QStringLiteral("quotas")});
    const auto rate = http::integerField(body, QStringLiteral("rate_per_second"), 1, 100000);
    const auto burst = http::integerField(body, QStringLiteral("burst"), 1, 1000000);
    const auto concurrency = http::integerField(body, QStringLiteral("concurrency"), 1, 10000);
    QJsonValue quotas = body.value(QStringLiteral("quotas"));
    if (!quotas.isUndefined() && !quotas.isNull()) {
        if (!quotas.isObject())
            failValidation(QStringLiteral("quotas"), QStringLiteral("quotas is an object {metric: {limit, policy}}."));
        usage::parseQuotas(quotas.toObject(), QStringLiteral("quotas"));
        auto c = s.db.control();
        const auto known = usagestore::metrics(*c);
        // Quotas apply where the server keeps live period totals: requests, storage, external metrics.
        for (const QString &metric : quotas.toObject().keys())
            if (!known.contains(metric) || !(known.value(metric).external || metric == QLatin1String("requests") || metric == QLatin1String("storage_bytes")))
                failValidation(QStringLiteral("quotas.") + metric,
                               QStringLiteral("Quotas can be set on requests, storage_bytes and the external metrics, not on '%1'.").arg(metric));
    }
    const QString reason = http::requestReason(ctx.request);
    auto c = s.db.control();
    store::PgTransaction tx(*c);
    const QJsonObject before = s.usage->limits().forTenant(t.id, t.plan).toJson();
    usagestore::setTenantLimits(*c, t.id, rate, burst, concurrency, quotas.isObject() ? std::optional(quotas.toObject()) : std::nullopt);
    s.usage->reloadLimits(*c);
    audit::appendAudit(*c, {ctx.principal.actorLabel(), QStringLiteral("tenant.limits_changed"), t.id, QStringLiteral("tenant/") + idToString(t.id), reason,
                            {{QStringLiteral("before"), before}, {QStringLiteral("after"), s.usage->limits().forTenant(t.id, t.plan).toJson()}}});
    try {
        tx.commit();
    } catch (...) {
        s.usage->reloadLimits(); // back to what is stored
        throw;
    }
    return limitsOf(s, t);
}

} // namespace

void registerUsageRoutes(http::Router &router, Services &s)
{
    using http::Access;

    router.add("GET", QStringLiteral("/v1/usage/metrics"), Access::anyToken(), [&s](http::RequestContext &) {
        QJsonArray items;
        auto all = usagestore::metrics(*s.db.control()).values();
        std::sort(all.begin(), all.end(), [](const Metric &a, const Metric &b) { return a.name < b.name; });
        for (const Metric &m : all)
            items.append(QJsonObject{{QStringLiteral("name"), m.name}, {QStringLiteral("unit"), m.unit}, {QStringLiteral("kind"), m.kind},
                                     {QStringLiteral("external"), m.external}, {QStringLiteral("description"), m.description},
                                     {QStringLiteral("label"), m.label}});
        return Response::json(QJsonObject{{QStringLiteral("items"), items}});
    });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/usage"), Access::operators(), [&s](http::RequestContext &ctx) {
        return series(s, namedTenant(s, ctx), ctx.request.query);
    });
    router.add("GET", QStringLiteral("/v1/usage"), Access::tenant(), [&s](http::RequestContext &ctx) {
        return series(s, subjectOf(ctx), ctx.request.query);
    });
    router.add("POST", QStringLiteral("/v1/usage/events"), Access::tenant(), [&s](http::RequestContext &ctx) { return ingest(s, ctx); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/usage/verify"), Access::operators(), [&s](http::RequestContext &ctx) {
        return verdict(s, namedTenant(s, ctx));
    });
    router.add("GET", QStringLiteral("/v1/usage/verify"), Access::tenant(), [&s](http::RequestContext &ctx) { return verdict(s, subjectOf(ctx)); });

    router.add("GET", QStringLiteral("/v1/tenants/{id}/limits"), Access::operators(), [&s](http::RequestContext &ctx) {
        return limitsOf(s, namedTenant(s, ctx));
    });
    router.add("GET", QStringLiteral("/v1/limits"), Access::tenant(), [&s](http::RequestContext &ctx) { return limitsOf(s, subjectOf(ctx)); });
    router.add("PUT", QStringLiteral("/v1/tenants/{id}/limits"), Access::writers(), [&s](http::RequestContext &ctx) { return putLimits(s, ctx); });

    // The hourly job now rather than at its next run (after an incident, or in tests): partition
    // upkeep, then sealing.
    router.add("POST", QStringLiteral("/v1/usage/seal"), Access::admins(), [&s](http::RequestContext &) {
        s.usage->flush();
        const auto partitions = usage::UsagePartitions(s.db).maintain(QDateTime::currentDateTimeUtc());
        return Response::json(QJsonObject{{QStringLiteral("sealed_days"), usage::UsageSealer(s.db).sealClosedDays()},
                                          {QStringLiteral("partitions_made"), QJsonArray::fromStringList(partitions.made)},
                                          {QStringLiteral("partitions_dropped"), QJsonArray::fromStringList(partitions.dropped)}});
    });

    // Fleet views for account managers.
    router.add("GET", QStringLiteral("/v1/usage/fleet"), Access::operators(), [&s](http::RequestContext &ctx) {
        const QUrlQuery &q = ctx.request.query;
        http::rejectUnknownParameters(q, {QStringLiteral("metric"), QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("step")});
        auto c = s.db.control();
        const Metric m = requireMetric(*c, q);
        const Range range = parseRange(q, QStringLiteral("day"));
        const QJsonArray points = pointsJson(usagestore::series(*c, m, range, std::nullopt));
        QJsonObject plans;
        for (const usage::PlanTotal &p : usagestore::totalsByPlan(*c, m, range))
            plans.insert(p.plan, QJsonObject{{QStringLiteral("total"), p.total}, {QStringLiteral("tenants"), p.tenants}});
        return Response::json(QJsonObject{{QStringLiteral("metric"), m.name}, {QStringLiteral("metric_label"), m.label},
                                          {QStringLiteral("unit"), m.unit}, {QStringLiteral("kind"), m.kind},
                                          {QStringLiteral("step"), range.step}, {QStringLiteral("from"), toIsoUtc(range.from)},
                                          {QStringLiteral("to"), toIsoUtc(range.to)}, {QStringLiteral("points"), points},
                                          {QStringLiteral("by_plan"), plans}});
    });

    router.add("GET", QStringLiteral("/v1/usage/top"), Access::operators(), [&s](http::RequestContext &ctx) {
        const QUrlQuery &q = ctx.request.query;
        http::rejectUnknownParameters(q, {QStringLiteral("metric"), QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("limit"), QStringLiteral("plan")});
        auto c = s.db.control();
        const Metric m = requireMetric(*c, q);
        const Range range = parseRange(q, QStringLiteral("day"));
        const int limit = http::limitParameter(q, 20, 500);
        const QString plan = q.queryItemValue(QStringLiteral("plan"));
        if (!plan.isEmpty() && !parsePlan(plan))
            failValidation(QStringLiteral("plan"), QStringLiteral("plan must be one of: %1.").arg(allPlans().join(QStringLiteral(", "))));
        QJsonArray items;
        for (const usage::TopRow &row : usagestore::top(*c, m, range, limit, plan, QDateTime::currentDateTimeUtc().date())) {
            const QUuid &id = row.id;
            const Plan p = parsePlan(row.plan).value_or(Plan::Free);
            const qint64 value = row.value, previous = row.previous;
            const double median = row.planMedian;
            const auto quota = s.usage->limits().forTenant(id, p).quotas.value(m.name);
            QJsonObject item{{QStringLiteral("tenant_id"), idToString(id)}, {QStringLiteral("slug"), row.slug},
                             {QStringLiteral("name"), row.name}, {QStringLiteral("plan"), row.plan},
                             {QStringLiteral("state"), row.state}, {QStringLiteral("value"), value},
                             {QStringLiteral("previous_value"), previous},
                             {QStringLiteral("growth_pct"), previous > 0 ? QJsonValue(std::round((value - previous) * 1000.0 / previous) / 10.0) : QJsonValue()},
                             {QStringLiteral("plan_median"), median},
                             {QStringLiteral("vs_plan_median"), median > 0 ? QJsonValue(std::round(value * 100.0 / median) / 100.0) : QJsonValue()}};
            if (quota.limit > 0) {
                const qint64 used = s.usage->periodUsed(id, m.name);
                item.insert(QStringLiteral("quota"), QJsonObject{{QStringLiteral("limit"), quota.limit}, {QStringLiteral("used"), used},
                                                                 {QStringLiteral("used_pct"), std::round(used * 1000.0 / quota.limit) / 10.0},
                                                                 {QStringLiteral("policy"), toString(quota.policy)}});
            }
            items.append(item);
        }
        return Response::json(QJsonObject{{QStringLiteral("metric"), m.name}, {QStringLiteral("metric_label"), m.label},
                                          {QStringLiteral("unit"), m.unit}, {QStringLiteral("from"), toIsoUtc(range.from)}, {QStringLiteral("to"), toIsoUtc(range.to)},
                                          {QStringLiteral("items"), items}});
    });
}

} // namespace portico
