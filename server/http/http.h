#pragma once
// Transport-neutral request and response values. Handlers run on worker threads and see only
// these, never QHttpServer types, so they are plain to test and free of socket lifetimes.

#include "core/problem.h"
#include "server/problems.h"
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>
#include <chrono>
#include <optional>
#include <utility>

namespace portico::http {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct Request
{
    QByteArray method;     // upper case
    QString path;          // decoded path, e.g. /v1/tenants/acme
    QUrlQuery query;
    HeaderList headers;    // names lower case
    QByteArray body;
    QString requestId;
    QString peerAddress;    // the client's address as the socket sees it (no proxy headers are trusted)
    QStringList pathParams; // filled by the router, in pattern order

    // A view, so that a name given as a literal builds no QByteArray (two a request did).
    [[nodiscard]] QByteArray header(QByteArrayView lowerName) const;
    // Path parameter i; 400 invalid-text when it holds a NUL or another control character.
    [[nodiscard]] QString param(int i) const;
};

struct Response
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json"); // static data: no allocation per response
    QByteArray body;
    HeaderList headers;
    // How long the transport waits before writing this answer, holding no worker meanwhile (the
    // connection reads nothing more until it is written). Refused logins use it as a tarpit: a
    // client that floods them gets one answer per connection per hold instead of thousands a second.
    // (The QHttpServer transport, kept only for the bench, writes at once.)
    std::chrono::milliseconds hold{0};

    static Response json(int status, const QJsonObject &o);
    static Response json(const QJsonObject &o) { return json(200, o); }
    // A body the one JSON writer (core/jsonwriter.h) produced: hot routes write their answer
    // straight into bytes instead of building a QJsonObject.
    static Response encodedJson(QByteArray body, int status = 200);
    static Response problem(const Problem &p);
    static Response noContent();
    Response &withHeader(const QByteArray &name, const QByteArray &value) { headers.append(qMakePair(name, value)); return *this; }
    Response &heldFor(std::chrono::milliseconds d) { hold = d; return *this; }
};


// Parses the body as a JSON object: 415 for another media type, 400 for broken JSON, 422 for a
// non-object, 400 invalid-text (naming the member by its JSON pointer) for a string or key with
// an unpaired surrogate escape, an escaped NUL or invalid UTF-8: Qt's parser would replace them silently.
QJsonObject jsonBody(const Request &request);
// Where the raw JSON text holds text that is not valid Unicode: empty when none, else
// {JSON pointer, why}. Structure is not checked here (the JSON parser does that).
std::optional<std::pair<QString, QString>> invalidJsonText(const QByteArray &json);
// Refuses (400 invalid-text naming field) bytes that are not valid UTF-8, NUL, and when
// allowControls is false every other C0 control and DEL. Returns the text decoded.
QString checkedText(const QByteArray &utf8, const QString &field, bool allowControls = false);
// Rejects members that the route does not know, naming the first unknown one.
void rejectUnknownFields(const QJsonObject &o, const QStringList &known);
// Refuses query parameters the route does not know, and repeated ones, naming the first.
void rejectUnknownParameters(const QUrlQuery &query, const QStringList &known);
// The "limit" parameter: absent gives fallback; otherwise a whole number from 1 to max (422 naming it).
int limitParameter(const QUrlQuery &query, int fallback, int max);
// A strong ETag over content ("..." of 20 hex digits of its SHA-1).
QByteArray etagOf(const QByteArray &content);
// Whether an If-Match / If-None-Match header value names etag (or is "*"); weak tags compare by value.
bool etagMatches(const QByteArray &header, const QByteArray &etag);

// Typed field readers: absent gives the fallback, a wrong type is a 422 naming the field. An
// integer must be integral and within [min, max] as written, never rounded or wrapped.
QString stringField(const QJsonObject &o, const QString &name, bool required, const QString &fallback = {});
std::optional<qint64> integerField(const QJsonObject &o, const QString &name, qint64 min, qint64 max);

} // namespace portico::http
