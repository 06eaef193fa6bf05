#pragma once
// JSON helpers the server shares: a value as compact text (QJsonDocument cannot hold a bare
// scalar), which is what jsonb columns take and what ETags over a value hash; and an optional
// value (unset) as JSON null.

#include <QByteArray>
#include <QJsonValue>
#include <optional>

namespace portico {

QByteArray compactJson(const QJsonValue &value);
inline QJsonValue orNull(const std::optional<QJsonValue> &v) { return v ? *v : QJsonValue(); }

} // namespace portico
