#include "core/document.h"
#include "core/tenant.h"
#include "core/timeutil.h"
#include <QRegularExpression>

namespace portico {

QJsonObject Document::toJson() const
{
    return {{QStringLiteral("id"), idToString(id)},
            {QStringLiteral("collection"), collection},
            {QStringLiteral("key"), key},
            {QStringLiteral("body"), body},
            {QStringLiteral("size_bytes"), sizeBytes},
            {QStringLiteral("version"), version},
            {QStringLiteral("created_at"), toIsoUtc(createdAt)},
            {QStringLiteral("updated_at"), toIsoUtc(updatedAt)}};
}

std::optional<Document> Document::fromJson(const QJsonObject &o)
{
    Document d;
    d.id = QUuid::fromString(o.value(QStringLiteral("id")).toString());
    if (d.id.isNull())
        return std::nullopt;
    d.collection = o.value(QStringLiteral("collection")).toString();
    d.key = o.value(QStringLiteral("key")).toString();
    d.body = o.value(QStringLiteral("body"));
    d.sizeBytes = o.value(QStringLiteral("size_bytes")).toInteger();
    d.version = o.value(QStringLiteral("version")).toInt(1);
    d.createdAt = fromIsoUtc(o.value(QStringLiteral("created_at")).toString());
    d.updatedAt = fromIsoUtc(o.value(QStringLiteral("updated_at")).toString());
    return d;
}

std::optional<Problem> validateCollection(const QString &collection)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9_.-]{0,63}$"));
    if (!re.match(collection).hasMatch())
        return Problem::validation(QStringLiteral("collection"),
                                   QStringLiteral("collection must be 1 to 64 characters of a-z, 0-9, '_', '.' or '-', starting with a letter or digit."));
    return std::nullopt;
}

std::optional<Problem> validateDocumentKey(const QString &key)
{
    if (key.isEmpty() || key.size() > 256)
        return Problem::validation(QStringLiteral("key"), QStringLiteral("key must be 1 to 256 characters."));
    for (const QChar c : key)
        if (c.category() == QChar::Other_Control)
            return Problem::validation(QStringLiteral("key"), QStringLiteral("key must not contain control characters."));
    return std::nullopt;
}

} // namespace portico
