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

} // namespace portico::isolation
