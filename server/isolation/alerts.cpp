#include "server/isolation/alerts.h"
#include "core/tenant.h"
#include "server/audit/auditlog.h"
#include "server/problems.h"
#include "server/store/database.h"
#include "server/store/pg.h"
#include <QJsonObject>
#include <spdlog/spdlog.h>

namespace portico::isolation {
namespace {

// The cursor carries `at` to the microsecond, as stored: cut to milliseconds it would repeat rows
// on the next page (and loop on a burst of alerts within one millisecond).
const QString kColumns = QStringLiteral(
    "id, at, severity, kind, tenant_id, detail, request_id, "
    "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS at_micros, state, "
    "acknowledged_at, acknowledged_by, acknowledged_reason, resolved_at, resolved_by, resolved_reason");

std::optional<AlertStep> stepOf(const store::PgResult &r, int i, const char *at, const char *by, const char *reason)
{
    if (r.isNull(i, at))
        return std::nullopt;
    return AlertStep{r.timestamp(i, at), r.text(i, r.column(by)), r.text(i, r.column(reason))};
}

AlertRecord fromRow(const store::PgResult &r, int i)
{
    AlertRecord a{r.text(i, 0), r.timestamp(i, 1), r.text(i, 7), r.text(i, 2), r.text(i, 3),
                  r.isNull(i, 4) ? std::nullopt : std::optional(r.text(i, 4)), r.text(i, 5), r.text(i, 6)};
    a.state = parseAlertState(r.text(i, 8)).value_or(AlertState::Open);
    a.acknowledged = stepOf(r, i, "acknowledged_at", "acknowledged_by", "acknowledged_reason");
    a.resolved = stepOf(r, i, "resolved_at", "resolved_by", "resolved_reason");
    return a;
}

} // namespace

void raiseAlert(store::Database &db, const QString &severity, const QString &kind, const QUuid &tenant,
                const QString &detail, const QString &requestId)
{
    spdlog::critical("ALERT [{}] {} tenant={} rid={}: {}", severity.toStdString(), kind.toStdString(),
                     tenant.toString(QUuid::WithoutBraces).toStdString(), requestId.toStdString(), detail.toStdString());
    try {
        db.control()->exec(QStringLiteral("INSERT INTO alerts (id, severity, kind, tenant_id, detail, request_id) VALUES ($1, $2, $3, $4, $5, $6)"),
                           {QUuid::createUuid(), severity, kind, tenant, detail, requestId});
    } catch (const std::exception &e) {
        spdlog::error("could not store the alert: {}", e.what());
    }
}

QList<AlertRecord> listAlerts(store::PgConnection &control, const AlertQuery &query)
{
    std::vector<store::PgParam> params;
    QStringList where;
    const auto bind = [&params](store::PgParam p) {
        params.push_back(std::move(p));
        return QStringLiteral("$%1").arg(params.size());
    };
    if (!query.tenant.isNull())
        where << QStringLiteral("tenant_id = %1").arg(bind(query.tenant));
    if (!query.states.isEmpty()) {
        QStringList states;
        for (AlertState s : query.states)
            states << bind(alertStateName(s));
        where << QStringLiteral("state IN (%1)").arg(states.join(QStringLiteral(", ")));
    }
    if (query.before) {
        const QString at = bind(query.before->first);
        where << QStringLiteral("(at, id) < (%1::timestamptz, %2::uuid)").arg(at, bind(query.before->second));
    }
    const QString limit = bind(query.limit + 1);
    const auto r = control.exec(QStringLiteral("SELECT %1 FROM alerts %2 ORDER BY at DESC, id DESC LIMIT %3")
                                    .arg(kColumns, where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")), limit),
                                params);
    QList<AlertRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append(fromRow(r, i));
    return out;
}

AlertChange changeAlertState(store::PgConnection &control, const QUuid &id, AlertAction action, const QString &actor,
                             const QString &byEmail, const QString &reason)
{
    store::PgTransaction tx(control);
    // Locked, so two operators resolving at once see each other's resolution: the second gets the 409.
    const auto current = control.exec(QStringLiteral("SELECT %1 FROM alerts WHERE id = $1 FOR UPDATE").arg(kColumns), {id});
    if (current.rows() != 1)
        failNotFound(QStringLiteral("There is no alert %1.").arg(idToString(id)));
    const AlertRecord before = fromRow(current, 0);
    switch (alertTransition(before.state, action)) {
    case AlertTransition::Unchanged:
        return {before, false};
    case AlertTransition::Conflict: {
        Problem p = Problem::make(409, problem::AlertStateConflict,
                                  QStringLiteral("The alert is %1; it cannot be %2d.").arg(alertStateName(before.state), alertActionName(action)));
        p.field = QStringLiteral("state");
        fail(p);
    }
    case AlertTransition::Apply:
        break;
    }
    const AlertState to = alertTarget(action);
    const QString sql = action == AlertAction::Acknowledge
        ? QStringLiteral("UPDATE alerts SET state = $2, acknowledged_at = now(), acknowledged_by = $3, acknowledged_reason = $4 WHERE id = $1 RETURNING %1")
        : QStringLiteral("UPDATE alerts SET state = $2, resolved_at = now(), resolved_by = $3, resolved_reason = $4 WHERE id = $1 RETURNING %1");
    const auto updated = control.exec(sql.arg(kColumns), {id, alertStateName(to), byEmail, reason});
    const AlertRecord after = fromRow(updated, 0);
    // On the platform chain: an alert is a platform object, and one without a tenant has no other chain.
    QJsonObject details{{QStringLiteral("kind"), after.kind},
                        {QStringLiteral("severity"), after.severity},
                        {QStringLiteral("tenant_id"), after.tenantId ? QJsonValue(*after.tenantId) : QJsonValue()},
                        {QStringLiteral("before"), alertStateName(before.state)},
                        {QStringLiteral("after"), alertStateName(to)}};
    audit::appendAudit(control, {actor, action == AlertAction::Acknowledge ? QStringLiteral("alert.acknowledged") : QStringLiteral("alert.resolved"),
                                 {}, QStringLiteral("alert/") + idToString(id), reason, details});
    tx.commit();
    return {after, true};
}

} // namespace portico::isolation
