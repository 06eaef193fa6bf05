#pragma once
// Alerts: raised by guards (the isolation monitor first), stored in the control plane, read,
// acknowledged and resolved by operators. Raising never throws: an alert that cannot be stored is
// still logged. Every statement of the alerts capability is here; alertroutes.cpp speaks HTTP.

#include "core/alert.h"
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

// One transition of an alert: who (the operator's email), when and why.
struct AlertStep
{
    QDateTime at;
    QString by, reason;
};

struct AlertRecord
{
    QString id;
    QDateTime at;
    QString atMicros; // `at` to the microsecond, as stored: what a cursor carries
    QString severity, kind;
    std::optional<QString> tenantId;
    QString detail, requestId;
    AlertState state = AlertState::Open;
    std::optional<AlertStep> acknowledged, resolved;
};

struct AlertQuery
{
    QUuid tenant;                    // null: every tenant
    QList<AlertState> states;        // empty: every state
    std::optional<std::pair<QString, QUuid>> before; // the (atMicros, id) of the last alert of the previous page
    int limit = 50;
};

// Newest first, at most limit + 1 (one more tells whether there is a next page).
QList<AlertRecord> listAlerts(store::PgConnection &control, const AlertQuery &query);

struct AlertChange
{
    AlertRecord alert;  // as it is after the call
    bool changed = false;
};

// Acknowledges or resolves an alert in one transaction: the row locked, the transition checked
// (core/alert.h), the state written and an `alert.acknowledged` / `alert.resolved` entry appended
// to the platform audit chain. An unchanged alert (acknowledged again) writes nothing. 404 for an
// unknown id, 409 alert-state-conflict when the transition does not apply.
AlertChange changeAlertState(store::PgConnection &control, const QUuid &id, AlertAction action, const QString &actor,
                             const QString &byEmail, const QString &reason);

} // namespace portico::isolation
