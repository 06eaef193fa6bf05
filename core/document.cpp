#include "core/document.h"
#include "core/jsonwriter.h"
#include "core/tenant.h"
#include <QJsonArray>
#include <QJsonDocument>
#include "core/timeutil.h"
#include <QRegularExpression>

namespace portico {

// Members in the order QJsonObject kept them (sorted), so the bytes are what they were.
void Document::writeJson(JsonWriter &w) const
{
    w.beginObject().key(QLatin1StringView("body"));
    if (!bodyText.isNull())
        w.json(bodyText);
    else
        w.value(body);
    w.field(QLatin1StringView("collection"), collection)
        .field(QLatin1StringView("created_at"), createdAt)
        .field(QLatin1StringView("id"), id)
        .field(QLatin1StringView("key"), key)
        .field(QLatin1StringView("size_bytes"), sizeBytes)
        .field(QLatin1StringView("updated_at"), updatedAt)
        .field(QLatin1StringView("version"), version)
        .endObject();
}

// The same shape as a Qt object (tests/core/tst_jsonwriter checks that its compact bytes equal
// writeJson's); a stored body is parsed here, never on the server's answer path.
QJsonObject Document::toJson() const
{
    const QJsonValue value = bodyText.isNull() ? body : QJsonDocument::fromJson('[' + bodyText + ']').array().at(0);
    return {{QStringLiteral("id"), idToString(id)},
            {QStringLiteral("collection"), collection},
            {QStringLiteral("key"), key},
            {QStringLiteral("body"), value},
            {QStringLiteral("size_bytes"), sizeBytes},
            {QStringLiteral("version"), version},
            {QStringLiteral("created_at"), toIsoUtc(createdAt)},
            {QStringLiteral("updated_at"), toIsoUtc(updatedAt)}};
}

QByteArray encodeDocument(const Document &d)
{
    JsonWriter w(256 + d.bodyText.size());
    d.writeJson(w);
    return w.take();
}

QByteArray encodeDocumentPage(const QList<Document> &items, const QString &nextCursor)
{
    qsizetype bodies = 0;
    for (const Document &d : items)
        bodies += d.bodyText.size();
    JsonWriter w(64 + items.size() * 256 + bodies);
    w.beginObject().key(QLatin1StringView("items")).beginArray();
    for (const Document &d : items)
        d.writeJson(w);
    w.endArray().key(QLatin1StringView("next_cursor"));
    if (nextCursor.isEmpty())
        w.null();
    else
        w.string(nextCursor);
    w.endObject();
    return w.take();
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
