#pragma once
// How the console renders values. One place, so the table, the detail panel, copy and export agree.

#include "client/apitypes.h"
#include <QColor>
#include <QDateTime>
#include <QIcon>
#include <QString>

namespace portico::format {
QString bytes(qint64 bytes);                    // "47.1 KiB"
QString localDateTime(const QDateTime &utc);    // in the user's time zone and locale
QString utcToolTip(const QDateTime &utc);       // "2026-11-29 10:00:00 UTC"
QString tenantCount(qint64 total);              // "312 tenants"
QString tenantCount(qint64 total, bool estimate); // "about 100,000 tenants" when estimate
QString severity(Severity s, const QString &sentName = {}); // "Critical"; an unknown level as the server named it
QColor severityColor(Severity s);               // strong enough for text on a light background
QIcon severityIcon(Severity s);                 // a filled dot in severityColor; needs a QGuiApplication
} // namespace portico::format
