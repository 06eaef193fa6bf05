#include "server/http/http.h"
#include "core/jsonwriter.h"
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace portico::http {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0: no overlongs, no surrogates (ED A0..BF),
// nothing past U+10FFFF.
int utf8Sequence(const QByteArray &s, qsizetype i)
{
    const auto at = [&](qsizetype k) { return k < s.size() ? uchar(s[k]) : 0u; };
    const uint c = at(i);
    const auto cont = [&](qsizetype k) { return (at(k) & 0xC0u) == 0x80u; };
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const uint c1 = at(i + 1);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F))
            return 0;
        return cont(i + 1) && cont(i + 2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const uint c1 = at(i + 1);
        if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
            return 0;
        return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    return 0;
}

QString pointerSegment(QString s)
{
    return s.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
}

[[noreturn]] void failText(const QString &field, const QString &detail)
{
    Problem p = Problem::make(400, problem::InvalidText, detail);
    // The field as every other problem names it ("name", "body/a/1"); the detail keeps the pointer.
    p.field = field.startsWith(QLatin1Char('/')) && field.size() > 1 ? field.mid(1) : field;
    fail(p);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

std::optional<std::pair<QString, QString>> invalidJsonText(const QByteArray &json)
{
    struct Frame
    {
        bool object;
        bool expectKey = true;
        QString key;
        int index = 0;
    };
    std::vector<Frame> stack;
    const auto pointer = [&](const QString *partialKey) {
        QString out;
        for (size_t f = 0; f < stack.size(); ++f) {
            const Frame &fr = stack[f];
            const bool last = f + 1 == stack.size();
            if (fr.object) {
                if (last && fr.expectKey) {
                    if (partialKey)
                        out += QLatin1Char('/') + pointerSegment(*partialKey);
                } else {
                    out += QLatin1Char('/') + pointerSegment(fr.key);
                }
            } else {
                out += QLatin1Char('/') + QString::number(fr.index);
            }
        }
        return out.isEmpty() ? QStringLiteral("/") : out;
    };
    const qsizetype n = json.size();
    for (qsizetype i = 0; i < n;) {
        const char c = json[i];
        switch (c) {
        case '{': stack.push_back({true}); ++i; continue;
        case '[': stack.push_back({false}); ++i; continue;
        case '}': case ']': if (!stack.empty()) stack.pop_back(); ++i; continue;
        case ',':
            if (!stack.empty()) {
                if (stack.back().object) stack.back().expectKey = true;
                else ++stack.back().index;
            }
            ++i;
            continue;
        case ':': if (!stack.empty()) stack.back().expectKey = false; ++i; continue;
        case '"': break;
        default: ++i; continue;
        }
        // A string: decode it while checking it.
        const bool isKey = !stack.empty() && stack.back().object && stack.back().expectKey;
        QString text;
        const auto bad = [&](const QString &why) { return std::make_optional(std::make_pair(pointer(isKey ? &text : nullptr), why)); };
        ++i;
        while (i < n && json[i] != '"') {
            const uchar b = uchar(json[i]);
            if (b == '\\') {
                if (i + 1 >= n)
                    return std::nullopt; // broken JSON: the parser says so
                if (json[i + 1] != 'u') {
                    text += QLatin1Char(json[i + 1]);
                    i += 2;
                    continue;
                }
                const auto unit = [&](qsizetype at) -> int {
                    if (at + 6 > n || json[at] != '\\' || json[at + 1] != 'u')
                        return -1;
                    int v = 0;
                    for (int k = 2; k < 6; ++k) {
                        const int h = hexValue(json[at + k]);
                        if (h < 0)
                            return -1;
                        v = v * 16 + h;
                    }
                    return v;
                };
                const int u = unit(i);
                if (u < 0)
                    return std::nullopt;
                if (u == 0)
                    return bad(QStringLiteral("holds \\u0000 (NUL), which text cannot contain"));
                if (u >= 0xDC00 && u <= 0xDFFF)
                    return bad(QStringLiteral("holds an unpaired low surrogate \\u%1").arg(u, 4, 16, QLatin1Char('0')));
                if (u >= 0xD800 && u <= 0xDBFF) {
                    const int low = unit(i + 6);
                    if (low < 0xDC00 || low > 0xDFFF)
                        return bad(QStringLiteral("holds an unpaired high surrogate \\u%1").arg(u, 4, 16, QLatin1Char('0')));
                    text += QChar(u);
                    text += QChar(low);
                    i += 12;
                    continue;
                }
                text += QChar(u);
                i += 6;
                continue;
            }
            if (b < 0x80) {
                text += QLatin1Char(char(b));
                ++i;
                continue;
            }
            const int len = utf8Sequence(json, i);
            if (len == 0)
                return bad(QStringLiteral("is not valid UTF-8 (byte 0x%1 at offset %2)").arg(uint(b), 2, 16, QLatin1Char('0')).arg(i));
            text += QString::fromUtf8(json.constData() + i, len);
            i += len;
        }
        ++i; // the closing quote
        if (isKey)
            stack.back().key = text;
    }
    return std::nullopt;
}

QString checkedText(const QByteArray &utf8, const QString &field, bool allowControls)
{
    for (qsizetype i = 0; i < utf8.size();) {
        const uchar b = uchar(utf8[i]);
        if (b == 0)
            failText(field, QStringLiteral("'%1' must not contain the NUL character.").arg(field));
        if (!allowControls && (b < 0x20 || b == 0x7F))
            failText(field, QStringLiteral("'%1' must not contain control characters.").arg(field));
        const int len = utf8Sequence(utf8, i);
        if (len == 0)
            failText(field, QStringLiteral("'%1' is not valid UTF-8.").arg(field));
        i += len;
    }
    return QString::fromUtf8(utf8);
}

QString Request::param(int i) const
{
    const QString v = pathParams.value(i);
    for (const QChar c : v)
        if (c.unicode() < 0x20 || c.unicode() == 0x7F || c.isSurrogate())
            failText(QStringLiteral("path"), QStringLiteral("The path must not contain control characters."));
    return v;
}

QByteArray Request::header(QByteArrayView lowerName) const
{
    for (const auto &[name, value] : headers)
        if (QByteArrayView(name) == lowerName)
            return value;
    return {};
}

Response Response::json(int status, const QJsonObject &o)
{
    Response r;
    r.status = status;
    r.body = writeJson(o);
    return r;
}

Response Response::encodedJson(QByteArray body, int status)
{
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response Response::problem(const Problem &p)
{
    Response r;
    r.status = p.status;
    r.contentType = QByteArrayLiteral("application/problem+json");
    r.body = writeJson(p.toJson());
    // The database (or another dependency) is away for a moment: say when to come back.
    if (p.status == 503 && (p.type == QLatin1String(problem::Unavailable) || p.type == QLatin1String(problem::DatabaseUnavailable)))
        r.headers.append(qMakePair(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")));
    return r;
}

Response Response::noContent()
{
    Response r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

QJsonObject jsonBody(const Request &request)
{
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (!request.body.isEmpty() && type != "application/json")
        fail(Problem::make(415, problem::UnsupportedMediaType,
                           QStringLiteral("Send the request body as application/json (got '%1').").arg(QString::fromLatin1(type))));
    if (request.body.trimmed().isEmpty())
        fail(Problem::make(400, problem::MalformedJson, QStringLiteral("The request needs a JSON object body.")));
    if (const auto bad = invalidJsonText(request.body))
        failText(bad->first, QStringLiteral("The text at %1 %2; send valid Unicode.").arg(bad->first, bad->second));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError)
        fail(Problem::make(400, problem::MalformedJson,
                           QStringLiteral("The body is not valid JSON: %1 at byte %2.").arg(error.errorString()).arg(error.offset)));
    if (!doc.isObject())
        failValidation(QStringLiteral("body"), QStringLiteral("The body must be a JSON object."));
    return doc.object();
}

void rejectUnknownFields(const QJsonObject &o, const QStringList &known)
{
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            failValidation(it.key(), QStringLiteral("Unknown field '%1'. Known fields: %2.").arg(it.key(), known.join(QStringLiteral(", "))));
}

void rejectUnknownParameters(const QUrlQuery &query, const QStringList &known)
{
    QStringList seen;
    // Checked on the bytes as sent: decoding would have replaced what is not UTF-8.
    for (const auto &[key, value] : query.queryItems(QUrl::FullyEncoded)) {
        const QString name = checkedText(QByteArray::fromPercentEncoding(key.toLatin1()), QStringLiteral("query"));
        checkedText(QByteArray::fromPercentEncoding(value.toLatin1()), name);
    }
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!known.contains(key))
            failValidation(key, QStringLiteral("Unknown query parameter '%1'. Known: %2.").arg(key, known.join(QStringLiteral(", "))));
        if (seen.contains(key))
            failValidation(key, QStringLiteral("Query parameter '%1' is given more than once.").arg(key));
        seen << key;
    }
}

int limitParameter(const QUrlQuery &query, int fallback, int max)
{
    if (!query.hasQueryItem(QStringLiteral("limit")))
        return fallback;
    bool ok = false;
    const int limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit < 1 || limit > max)
        failValidation(QStringLiteral("limit"), QStringLiteral("limit must be a whole number from 1 to %1.").arg(max));
    return limit;
}

QByteArray etagOf(const QByteArray &content)
{
    return '"' + QCryptographicHash::hash(content, QCryptographicHash::Sha1).toHex().left(20) + '"';
}

bool etagMatches(const QByteArray &header, const QByteArray &etag)
{
    if (header.trimmed() == "*")
        return true;
    for (QByteArray candidate : header.split(',')) {
        candidate = candidate.trimmed();
        if (candidate.startsWith("W/"))
            candidate = candidate.mid(2);
        if (candidate == etag)
            return true;
    }
    return false;
}

QString stringField(const QJsonObject &o, const QString &name, bool required, const QString &fallback)
{
    const QJsonValue v = o.value(name);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            failValidation(name, QStringLiteral("'%1' is required.").arg(name));
        return fallback;
    }
    if (!v.isString())
        failValidation(name, QStringLiteral("'%1' must be a string.").arg(name));
    // PostgreSQL text cannot hold U+0000; refuse it rather than lose everything after it.
    if (v.toString().contains(QChar(0)))
        failValidation(name, QStringLiteral("'%1' must not contain the NUL character.").arg(name));
    return v.toString();
}

std::optional<qint64> integerField(const QJsonObject &o, const QString &name, qint64 min, qint64 max)
{
    const QJsonValue v = o.value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    const double d = v.toDouble(std::nan(""));
    // Compared as doubles, then converted only when it fits: double(INT64_MAX) is 2^63, which
    // qint64 cannot hold (it used to wrap to -2^63).
    constexpr double kTwoTo63 = 9223372036854775808.0;
    if (!v.isDouble() || !std::isfinite(d) || std::floor(d) != d || d < double(min) || d > double(max) || d >= kTwoTo63 || d < -kTwoTo63)
        failValidation(name, QStringLiteral("'%1' must be a whole number from %2 to %3.").arg(name).arg(min).arg(max));
    const qint64 value = qint64(d);
    if (value < min || value > max)
        failValidation(name, QStringLiteral("'%1' must be a whole number from %2 to %3.").arg(name).arg(min).arg(max));
    return value;
}

} // namespace portico::http
