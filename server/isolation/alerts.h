#pragma once
// Alerts: raised by guards (the isolation monitor first), stored in the control plane, read by
// operators. Raising never throws: an alert that cannot be stored is still logged.

#include <QString>
#include <QUuid>
#include <atomic>

namespace portico::store { class Database; }

namespace portico::isolation {

struct AlertCounters
{
    std::atomic<qint64> monitorBlocks{0};
};

void raiseAlert(store::Database &db, const QString &severity, const QString &kind, const QUuid &tenant,
                const QString &detail, const QString &requestId);

} // namespace portico::isolation
