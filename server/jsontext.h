#pragma once
// JSON helpers the server shares: a value as compact text (what jsonb columns take and what
// ETags over a value hash), written by the one JSON writer (core/jsonwriter.h); and an optional
// value (unset) as JSON null.

#include <QByteArray>
#include <QJsonValue>
#include <optional>

namespace portico {

QByteArray compactJson(const QJsonValue &value);
inline QJsonValue orNull(const std::optional<QJsonValue> &v) { return v ? *v : QJsonValue(); }

} // namespace portico
