#include "server/isolation/alerts.h"
#include "server/store/database.h"
#include <spdlog/spdlog.h>

namespace portico::isolation {

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

QList<AlertRecord> listAlerts(store::PgConnection &control, const QUuid &tenant, const std::optional<std::pair<QString, QString>> &before, int limit)
{
    std::vector<store::PgParam> params;
    QStringList where;
    if (!tenant.isNull()) {
        params.emplace_back(tenant);
        where << QStringLiteral("tenant_id = $%1").arg(params.size());
    }
    if (before) {
        params.emplace_back(before->first);
        params.emplace_back(before->second);
        where << QStringLiteral("(at, id) < ($%1::timestamptz, $%2::uuid)").arg(params.size() - 1).arg(params.size());
    }
    params.emplace_back(limit + 1);
    // The cursor carries `at` to the microsecond, as stored: cut to milliseconds it would
    // repeat rows on the next page (and loop on a burst of alerts within one millisecond).
    const auto r = control.exec(QStringLiteral("SELECT id, at, severity, kind, tenant_id, detail, request_id, "
                                               "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM alerts %1 "
                                               "ORDER BY at DESC, id DESC LIMIT $%2")
                                    .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")))
                                    .arg(params.size()),
                                params);
    QList<AlertRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.append({r.text(i, 0), r.timestamp(i, 1), r.text(i, 7), r.text(i, 2), r.text(i, 3),
                    r.isNull(i, 4) ? std::nullopt : std::optional(r.text(i, 4)), r.text(i, 5), r.text(i, 6)});
    return out;
}

} // namespace portico::isolation
