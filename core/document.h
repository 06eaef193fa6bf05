#pragma once
// A tenant's JSON document, addressed by id or by (collection, key).

#include "core/problem.h"
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QUuid>
#include <optional>

namespace portico {

struct Document
{
    static constexpr qsizetype kMaxBodyBytes = 256 * 1024;

    QUuid id;
    QString collection;
    QString key;
    QJsonValue body;
    qint64 sizeBytes = 0;
    int version = 1;
    QDateTime createdAt;
    QDateTime updatedAt;

    QJsonObject toJson() const;
    static std::optional<Document> fromJson(const QJsonObject &o);
};

// Validation of what a client may write; returns the first problem found, naming the field.
std::optional<Problem> validateCollection(const QString &collection);
std::optional<Problem> validateDocumentKey(const QString &key);

} // namespace portico
