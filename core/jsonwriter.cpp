#include "core/jsonwriter.h"
#include "core/timeutil.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QVariant>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace portico {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// What an ASCII byte becomes inside a string: 0 as itself, else the letter after '\\' ('u' for \u00xx).
constexpr std::array<char, 128> makeEscapes()
{
    std::array<char, 128> t{};
    for (int c = 0; c < 0x20; ++c)
        t[size_t(c)] = 'u';
    t['\b'] = 'b';
    t['\f'] = 'f';
    t['\n'] = 'n';
    t['\r'] = 'r';
    t['\t'] = 't';
    t['"'] = '"';
    t['\\'] = '\\';
    return t;
}
constexpr std::array<char, 128> kEscape = makeEscapes();

// The bytes of U+FFFD, written for text that is not Unicode.
constexpr char kReplacement[] = "\xef\xbf\xbd";

inline char *escapeAscii(char *p, uchar c)
{
    const char e = kEscape[c];
    *p++ = '\\';
    *p++ = e;
    if (e == 'u') {
        *p++ = '0';
        *p++ = '0';
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 0xf];
    }
    return p;
}

inline char *escapeU(char *p, char16_t u)
{
    *p++ = '\\';
    *p++ = 'u';
    *p++ = kHex[(u >> 12) & 0xf];
    *p++ = kHex[(u >> 8) & 0xf];
    *p++ = kHex[(u >> 4) & 0xf];
    *p++ = kHex[u & 0xf];
    return p;
}

inline char *put3(char *p, const char *s)
{
    p[0] = s[0];
    p[1] = s[1];
    p[2] = s[2];
    return p + 3;
}

// Length of the valid UTF-8 sequence at s (1 to 4), or 0 when it is not one (overlong forms,
// surrogates and values past U+10FFFF are not).
int utf8Length(const uchar *s, const uchar *end)
{
    const uchar b = s[0];
    const qsizetype left = end - s;
    if (b < 0x80)
        return 1;
    if (b >= 0xc2 && b <= 0xdf)
        return left >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (b >= 0xe0 && b <= 0xef) {
        if (left < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
            return 0;
        if (b == 0xe0 && s[1] < 0xa0)
            return 0; // overlong
        if (b == 0xed && s[1] >= 0xa0)
            return 0; // a surrogate
        return 3;
    }
    if (b >= 0xf0 && b <= 0xf4) {
        if (left < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
            return 0;
        if (b == 0xf0 && s[1] < 0x90)
            return 0; // overlong
        if (b == 0xf4 && s[1] >= 0x90)
            return 0; // past U+10FFFF
        return 4;
    }
    return 0;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// The code unit of a "\uXXXX" escape at s (s[0] == '\\'), or -1.
int escapedUnit(const char *s, const char *end)
{
    if (end - s < 6 || s[0] != '\\' || s[1] != 'u')
        return -1;
    int v = 0;
    for (int i = 2; i < 6; ++i) {
        const int h = hexValue(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

// Days since 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm).
void civilFromDays(qint64 z, qint64 &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = qint64(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

inline char *digits2(char *p, unsigned v)
{
    *p++ = char('0' + v / 10);
    *p++ = char('0' + v % 10);
    return p;
}

} // namespace

JsonWriter::JsonWriter(qsizetype reserve)
{
    m_buf.resize(qMax<qsizetype>(reserve, 64));
    m_begin = m_p = m_buf.data();
    m_end = m_begin + m_buf.size();
    m_comma.append(false);
}

void JsonWriter::grow(qsizetype n)
{
    const qsizetype used = size();
    m_buf.resize(qMax(used + n, qMax<qsizetype>(m_buf.size() * 2, 64)));
    m_begin = m_buf.data();
    m_p = m_begin + used;
    m_end = m_begin + m_buf.size();
}

QByteArray JsonWriter::take()
{
    Q_ASSERT_X(m_comma.size() == 1 && !m_afterKey, "JsonWriter::take", "an object or array is still open");
    m_buf.resize(size());
    QByteArray out = std::move(m_buf);
    // Nothing is allocated until the next write: most writers are taken once and dropped.
    m_buf = QByteArray();
    m_begin = m_p = m_end = nullptr;
    m_comma.resize(1);
    m_comma[0] = false;
    return out;
}

void JsonWriter::putRaw(const char *s, qsizetype n)
{
    ensure(n);
    std::memcpy(m_p, s, size_t(n));
    m_p += n;
}

void JsonWriter::beforeValue()
{
    ensure(1);
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    bool &comma = m_comma.last();
    if (comma)
        put1(',');
    comma = true;
}

JsonWriter &JsonWriter::beginObject()
{
    beforeValue();
    put1('{');
    m_comma.append(false);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    Q_ASSERT_X(m_comma.size() > 1 && !m_afterKey, "JsonWriter::endObject", "no object open, or a key without a value");
    m_comma.removeLast();
    ensure(1);
    put1('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    beforeValue();
    put1('[');
    m_comma.append(false);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    Q_ASSERT_X(m_comma.size() > 1 && !m_afterKey, "JsonWriter::endArray", "no array open");
    m_comma.removeLast();
    ensure(1);
    put1(']');
    return *this;
}

void JsonWriter::beginMember(const char *where)
{
    Q_ASSERT_X(m_comma.size() > 1 && !m_afterKey, where, "a key outside an object, or two keys in a row");
    Q_UNUSED(where);
    bool &comma = m_comma.last();
    ensure(1);
    if (comma)
        put1(',');
    comma = true;
}

void JsonWriter::endMember()
{
    ensure(1);
    put1(':');
    m_afterKey = true;
}

JsonWriter &JsonWriter::key(QLatin1StringView name)
{
    beginMember("JsonWriter::key");
    writeLatin1(name);
    endMember();
    return *this;
}

JsonWriter &JsonWriter::key(QStringView name)
{
    beginMember("JsonWriter::key");
    writeString(name);
    endMember();
    return *this;
}

JsonWriter &JsonWriter::encodedKey(QByteArrayView jsonString)
{
    beginMember("JsonWriter::encodedKey");
    ensure(jsonString.size());
    std::memcpy(m_p, jsonString.data(), size_t(jsonString.size()));
    m_p += jsonString.size();
    endMember();
    return *this;
}

void JsonWriter::writeString(QStringView s)
{
    // Worst case: 6 bytes (\uXXXX) per UTF-16 unit, and the quotes.
    ensure(s.size() * 6 + 2);
    char *p = m_p;
    *p++ = '"';
    const char16_t *c = s.utf16();
    const char16_t *const end = c + s.size();
    while (c < end) {
        const char16_t u = *c++;
        if (u < 0x80) {
            if (kEscape[u])
                p = escapeAscii(p, uchar(u));
            else
                *p++ = char(u);
        } else if (u < 0x800) {
            *p++ = char(0xc0 | (u >> 6));
            *p++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isSurrogate(u)) {
            if (QChar::isHighSurrogate(u) && c < end && QChar::isLowSurrogate(*c)) {
                const char32_t cp = QChar::surrogateToUcs4(u, *c++);
                *p++ = char(0xf0 | (cp >> 18));
                *p++ = char(0x80 | ((cp >> 12) & 0x3f));
                *p++ = char(0x80 | ((cp >> 6) & 0x3f));
                *p++ = char(0x80 | (cp & 0x3f));
            } else {
                p = put3(p, kReplacement);
            }
        } else if (u == 0x2028 || u == 0x2029) {
            p = escapeU(p, u);
        } else {
            *p++ = char(0xe0 | (u >> 12));
            *p++ = char(0x80 | ((u >> 6) & 0x3f));
            *p++ = char(0x80 | (u & 0x3f));
        }
    }
    *p++ = '"';
    m_p = p;
}

void JsonWriter::writeLatin1(QLatin1StringView s)
{
    ensure(s.size() * 6 + 2);
    char *p = m_p;
    *p++ = '"';
    for (const char ch : s) {
        const auto c = uchar(ch);
        if (c < 0x80) {
            if (kEscape[c])
                p = escapeAscii(p, c);
            else
                *p++ = char(c);
        } else {
            *p++ = char(0xc0 | (c >> 6));
            *p++ = char(0x80 | (c & 0x3f));
        }
    }
    *p++ = '"';
    m_p = p;
}

void JsonWriter::writeUtf8(const char *s, qsizetype n)
{
    ensure(n * 6);
    char *p = m_p;
    const auto *c = reinterpret_cast<const uchar *>(s);
    const uchar *const end = c + n;
    while (c < end) {
        const uchar b = *c;
        if (b < 0x80) {
            if (kEscape[b])
                p = escapeAscii(p, b);
            else
                *p++ = char(b);
            ++c;
            continue;
        }
        const int len = utf8Length(c, end);
        if (len == 0) {
            p = put3(p, kReplacement);
            ++c;
        } else if (len == 3 && b == 0xe2 && c[1] == 0x80 && (c[2] == 0xa8 || c[2] == 0xa9)) {
            p = escapeU(p, c[2] == 0xa8 ? 0x2028 : 0x2029);
            c += 3;
        } else {
            std::memcpy(p, c, size_t(len));
            p += len;
            c += len;
        }
    }
    m_p = p;
}

JsonWriter &JsonWriter::string(QStringView s)
{
    beforeValue();
    writeString(s);
    return *this;
}

JsonWriter &JsonWriter::string(QLatin1StringView s)
{
    beforeValue();
    writeLatin1(s);
    return *this;
}

JsonWriter &JsonWriter::utf8String(QByteArrayView utf8)
{
    beforeValue();
    ensure(1);
    put1('"');
    writeUtf8(utf8.data(), utf8.size());
    ensure(1);
    put1('"');
    return *this;
}

JsonWriter &JsonWriter::integer(qint64 v)
{
    beforeValue();
    ensure(21);
    m_p = std::to_chars(m_p, m_end, v).ptr;
    return *this;
}

JsonWriter &JsonWriter::number(double v)
{
    if (!std::isfinite(v))
        return null();
    beforeValue();
    // Qt's own shortest form, so numbers read as they did when QJsonDocument wrote them.
    const QByteArray text = QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
    putRaw(text.constData(), text.size());
    return *this;
}

JsonWriter &JsonWriter::boolean(bool v)
{
    beforeValue();
    if (v)
        putRaw("true", 4);
    else
        putRaw("false", 5);
    return *this;
}

JsonWriter &JsonWriter::null()
{
    beforeValue();
    putRaw("null", 4);
    return *this;
}

JsonWriter &JsonWriter::uuid(const QUuid &id)
{
    beforeValue();
    ensure(38);
    char *p = m_p;
    *p++ = '"';
    const auto hex = [&p](quint64 v, int nibbles) {
        for (int i = nibbles - 1; i >= 0; --i)
            *p++ = kHex[(v >> (4 * i)) & 0xf];
    };
    hex(id.data1, 8);
    *p++ = '-';
    hex(id.data2, 4);
    *p++ = '-';
    hex(id.data3, 4);
    *p++ = '-';
    hex((quint64(id.data4[0]) << 8) | id.data4[1], 4);
    *p++ = '-';
    for (int i = 2; i < 8; ++i)
        hex(id.data4[i], 2);
    *p++ = '"';
    m_p = p;
    return *this;
}

JsonWriter &JsonWriter::utcTime(const QDateTime &t)
{
    if (!t.isValid())
        return string(QLatin1StringView());
    const qint64 ms = t.toMSecsSinceEpoch();
    const qint64 days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    const qint64 inDay = ms - days * 86400000;
    qint64 y = 0;
    unsigned mo = 0, d = 0;
    civilFromDays(days, y, mo, d);
    if (y < 1 || y > 9999)
        return string(QStringView(toIsoUtc(t))); // Qt's own form for the far past and future
    beforeValue();
    ensure(26);
    char *p = m_p;
    *p++ = '"';
    p = digits2(p, unsigned(y / 100));
    p = digits2(p, unsigned(y % 100));
    *p++ = '-';
    p = digits2(p, mo);
    *p++ = '-';
    p = digits2(p, d);
    *p++ = 'T';
    const auto secs = unsigned(inDay / 1000);
    const auto milli = unsigned(inDay % 1000);
    p = digits2(p, secs / 3600);
    *p++ = ':';
    p = digits2(p, secs / 60 % 60);
    *p++ = ':';
    p = digits2(p, secs % 60);
    *p++ = '.';
    *p++ = char('0' + milli / 100);
    p = digits2(p, milli % 100);
    *p++ = 'Z';
    *p++ = '"';
    m_p = p;
    return *this;
}

JsonWriter &JsonWriter::value(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return null();
    case QJsonValue::Bool:
        return boolean(v.toBool());
    case QJsonValue::Double:
        // Qt keeps integers that fit in 64 bits as integers and writes them as such.
        if (v.toVariant().typeId() == QMetaType::LongLong)
            return integer(v.toInteger());
        return number(v.toDouble());
    case QJsonValue::String:
        return string(QStringView(v.toString()));
    case QJsonValue::Array: {
        beginArray();
        const QJsonArray a = v.toArray();
        for (const QJsonValue &item : a)
            value(item);
        return endArray();
    }
    case QJsonValue::Object: {
        beginObject();
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            key(QStringView(it.key()));
            value(it.value());
        }
        return endObject();
    }
    }
    return null();
}

JsonWriter &JsonWriter::encoded(QByteArrayView compactJson)
{
    beforeValue();
    putRaw(compactJson.data(), compactJson.size());
    return *this;
}

JsonWriter &JsonWriter::json(QByteArrayView text)
{
    beforeValue();
    writeJsonText(text.data(), text.size());
    return *this;
}

void JsonWriter::writeJsonText(const char *s, qsizetype n)
{
    const char *c = s;
    const char *const end = s + n;
    while (c < end) {
        const char ch = *c;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            ++c;
            continue;
        }
        if (ch != '"') {
            // Structure, numbers and literals: copied up to the next string or white space.
            const char *run = c;
            while (c < end && *c != '"' && *c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
                ++c;
            putRaw(run, c - run);
            continue;
        }
        // A string: escapes kept as written (but never a lone surrogate), the rest re-checked.
        ensure(1);
        put1('"');
        ++c;
        const char *run = c;
        while (c < end && *c != '"') {
            if (*c != '\\') {
                ++c;
                continue;
            }
            writeUtf8(run, c - run);
            const int unit = escapedUnit(c, end);
            if (unit < 0) { // \" \\ \/ \b \f \n \r \t
                const qsizetype len = qMin<qsizetype>(2, end - c);
                putRaw(c, len);
                c += len;
            } else if (QChar::isHighSurrogate(char32_t(unit)) && end - c >= 12 && QChar::isLowSurrogate(char32_t(qMax(0, escapedUnit(c + 6, end))))) {
                putRaw(c, 12);
                c += 12;
            } else if (QChar::isSurrogate(char32_t(unit))) {
                putRaw("\\ufffd", 6);
                c += 6;
            } else {
                putRaw(c, 6);
                c += 6;
            }
            run = c;
        }
        writeUtf8(run, qMin(c, end) - run);
        ensure(1);
        put1('"');
        ++c;
    }
}

QByteArray writeJson(const QJsonValue &v)
{
    JsonWriter w;
    w.value(v);
    return w.take();
}

} // namespace portico
