#pragma once
// Portico's one JSON writer: every response body of the server (and every value the server stores
// as JSON text) is written by it, straight into bytes, so hot routes build no Qt JSON tree and no
// intermediate strings. Output is compact UTF-8 and always valid JSON (RFC 8259) and I-JSON
// (RFC 7493): strings are escaped here once, with one rule set:
//   - '"', '\\' and the controls U+0000..U+001F are escaped (\b \f \n \r \t, else \u00xx);
//   - U+2028 and U+2029 are escaped too (\u2028), so a body stays safe inside JavaScript;
//   - a lone surrogate in a QString becomes U+FFFD: text that is not Unicode is never emitted;
//   - everything else is written as UTF-8.
// For values without lone surrogates or U+2028/9 the bytes equal QJsonDocument's compact output
// (same escapes, same number forms), which tests/core/tst_jsonwriter checks byte for byte.
//
// Object members are written in the order the caller writes them. Encoders that replaced a
// QJsonObject write them in its (sorted) order, so the bytes of those responses did not change.

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QStringView>
#include <QUuid>
#include <QVarLengthArray>
#include <type_traits>

namespace portico {

class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 256);

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();

    // A member name inside an object; escaped like any string.
    JsonWriter &key(QLatin1StringView name);
    JsonWriter &key(QStringView name);
    // A member name this writer encoded before (quotes included), for names written per request.
    JsonWriter &encodedKey(QByteArrayView jsonString);

    JsonWriter &string(QStringView s);
    JsonWriter &string(QLatin1StringView s);
    // UTF-8 text; an invalid sequence is written as U+FFFD.
    JsonWriter &utf8String(QByteArrayView utf8);
    JsonWriter &integer(qint64 v);
    // As Qt writes a double (shortest form that reads back exactly); NaN and infinities as null.
    JsonWriter &number(double v);
    JsonWriter &boolean(bool v);
    JsonWriter &null();
    // Lower case, no braces (idToString's form), without building a QString.
    JsonWriter &uuid(const QUuid &id);
    // RFC 3339 in UTC with milliseconds and 'Z' (toIsoUtc's form); an invalid time is "" as there.
    JsonWriter &utcTime(const QDateTime &t);
    // A Qt JSON value, its objects' members in Qt's (sorted) order; undefined is written as null.
    JsonWriter &value(const QJsonValue &v);
    // JSON text from PostgreSQL (json/jsonb output) or another trusted producer: written
    // compact (insignificant white space dropped), strings re-checked by this writer's rules
    // (raw controls, U+2028/9 and invalid UTF-8 escaped or replaced). The text must be one
    // well-formed JSON value; malformed text gives an unspecified but still valid JSON value.
    JsonWriter &json(QByteArrayView text);
    // Bytes this writer produced before (a cached body): copied as they are.
    JsonWriter &encoded(QByteArrayView compactJson);

    // Member conveniences: key(name) then the value, the writer chosen by the value's type.
    template<typename T>
    JsonWriter &field(QLatin1StringView name, const T &v)
    {
        key(name);
        return put(v);
    }
    JsonWriter &nullField(QLatin1StringView name) { return key(name).null(); }

    template<typename T>
    JsonWriter &put(const T &v)
    {
        if constexpr (std::is_same_v<T, bool>)
            return boolean(v);
        else if constexpr (std::is_integral_v<T>)
            return integer(qint64(v));
        else if constexpr (std::is_floating_point_v<T>)
            return number(double(v));
        else if constexpr (std::is_same_v<T, std::nullptr_t>)
            return null();
        else if constexpr (std::is_same_v<T, QUuid>)
            return uuid(v);
        else if constexpr (std::is_same_v<T, QDateTime>)
            return utcTime(v);
        else if constexpr (std::is_same_v<T, QJsonValue>)
            return value(v);
        else if constexpr (std::is_convertible_v<const T &, QStringView>)
            return string(QStringView(v));
        else if constexpr (std::is_convertible_v<const T &, QLatin1StringView>)
            return string(QLatin1StringView(v));
        else
            static_assert(sizeof(T) == 0, "JsonWriter::put: no writer for this type");
    }

    // The text written so far; the writer is empty afterwards.
    [[nodiscard]] QByteArray take();
    [[nodiscard]] qsizetype size() const { return m_p - m_begin; }
    [[nodiscard]] int depth() const { return int(m_comma.size()) - 1; }

private:
    // A member's separator and its key's colon, around the key itself.
    void beginMember(const char *where);
    void endMember();
    void ensure(qsizetype n)
    {
        if (m_end - m_p < n)
            grow(n);
    }
    void grow(qsizetype n);
    void beforeValue();
    void put1(char c) { *m_p++ = c; }
    void putRaw(const char *s, qsizetype n);
    void writeString(QStringView s);
    void writeLatin1(QLatin1StringView s);
    void writeUtf8(const char *s, qsizetype n); // the inside of a string, no quotes
    void writeJsonText(const char *s, qsizetype n);

    QByteArray m_buf;
    char *m_begin = nullptr;
    char *m_p = nullptr;
    char *m_end = nullptr;
    QVarLengthArray<bool, 16> m_comma; // per open container (and the top level): a value was written
    bool m_afterKey = false;
};

// compactJson's bytes of one Qt value (jsonb columns, ETags over a value).
QByteArray writeJson(const QJsonValue &v);

} // namespace portico
