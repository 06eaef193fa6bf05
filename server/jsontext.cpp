#include "server/jsontext.h"
#include "core/jsonwriter.h"

namespace portico {

QByteArray compactJson(const QJsonValue &value) { return writeJson(value); }

} // namespace portico
