#include "server/jsontext.h"
#include <QJsonArray>
#include <QJsonDocument>

namespace portico {

QByteArray compactJson(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

} // namespace portico
