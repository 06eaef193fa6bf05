#pragma once
// Alerts: raised by guards (the isolation monitor first), stored in the control plane, read by
// operators. Raising never throws: an alert that cannot be stored is still logged.

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>
#include <atomic>
#include <optional>

namespace portico::store { class Database; class PgConnection; }

namespace portico::isolation {

struct AlertCounters
{
    std::atomic<qint64> monitorBlocks{0};
};

void raiseAlert(store::Database &db, const QString &severity, const QString &kind, const QUuid &tenant,
                const QString &detail, const QString &requestId);

struct AlertRecord
{
    QString id;
    QDateTime at;
    QString atMicros; // `at` to the microsecond, as stored: what a cursor carries
    QString severity, kind;
    std::optional<QString> tenantId;
    QString detail, requestId;
};

// Newest first, at most limit + 1 (one more tells whether there is a next page). tenant null: all;
// before: the (atMicros, id) of the last alert of the previous page.
QList<AlertRecord> listAlerts(store::PgConnection &control, const QUuid &tenant, const std::optional<std::pair<QString, QString>> &before, int limit);

} // namespace portico::isolation
