#pragma once
// Any JSON value as compact text (QJsonDocument cannot hold a bare scalar): what jsonb columns
// take, and what ETags over a value hash.

#include <QByteArray>
#include <QJsonValue>

namespace portico {

QByteArray compactJson(const QJsonValue &value);

} // namespace portico
