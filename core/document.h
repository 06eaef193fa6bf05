#pragma once
// A tenant's JSON document, addressed by id or by (collection, key).

#include "core/problem.h"
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QUuid>
#include <optional>

namespace portico {

class JsonWriter;

struct Document
{
    static constexpr qsizetype kMaxBodyBytes = 256 * 1024;

    QUuid id;
    QString collection;
    QString key;
    QJsonValue body;
    // The body as the database returned it (json text); when set, it is what is written and
    // body is left unset: the server passes stored bodies through without parsing them.
    QByteArray bodyText;
    qint64 sizeBytes = 0;
    int version = 1;
    QDateTime createdAt;
    QDateTime updatedAt;

    // The wire form, written by the one JSON writer; toJson() is the same as a Qt object.
    void writeJson(JsonWriter &w) const;
    QJsonObject toJson() const;
    static std::optional<Document> fromJson(const QJsonObject &o);
};

QByteArray encodeDocument(const Document &d);
// A page of documents: {"items": [...], "next_cursor": text or null}.
QByteArray encodeDocumentPage(const QList<Document> &items, const QString &nextCursor);

// Validation of what a client may write; returns the first problem found, naming the field.
std::optional<Problem> validateCollection(const QString &collection);
std::optional<Problem> validateDocumentKey(const QString &key);

} // namespace portico
