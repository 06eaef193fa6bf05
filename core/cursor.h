#pragma once
// Opaque keyset-pagination cursors. A cursor carries the last row's sort key and id, so a page
// boundary is stable even while rows are inserted before it.

#include <QJsonArray>
#include <QString>
#include <optional>

namespace portico {
QString encodeCursor(const QJsonArray &key);
std::optional<QJsonArray> decodeCursor(const QString &cursor); // nullopt when tampered or malformed
} // namespace portico
