#pragma once
#include <QDateTime>
#include <QByteArrayView>
#include <QString>

namespace portico {
// All times on the wire are UTC, RFC 3339 with millisecond precision and a trailing Z.
QString toIsoUtc(const QDateTime &t);
QDateTime fromIsoUtc(const QString &s); // invalid when unparsable or without an offset (Z or +hh:mm)
// PostgreSQL's timestamptz text under TimeZone=UTC ("2026-11-29 10:00:00.123456+00"), read to the
// millisecond as Qt's ISO parser reads it, but without any local-time conversion (Qt's would stat
// /etc/localtime on every call). Other offsets are honoured; invalid when unparsable.
QDateTime fromSqlTimestampUtc(QByteArrayView text);
QDateTime utcFromMs(qint64 msSinceEpoch); // a UTC QDateTime on every Qt the project builds with
} // namespace portico
