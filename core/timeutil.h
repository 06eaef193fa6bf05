#pragma once
#include <QDateTime>
#include <QString>

namespace portico {
// All times on the wire are UTC, RFC 3339 with millisecond precision and a trailing Z.
QString toIsoUtc(const QDateTime &t);
QDateTime fromIsoUtc(const QString &s); // invalid when unparsable or without an offset (Z or +hh:mm)
} // namespace portico
