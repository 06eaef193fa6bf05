#include "server/logescape.h"
#include <spdlog/details/log_msg.h>
#include <spdlog/pattern_formatter.h>

namespace portico {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void hexByte(std::string &out, unsigned char b)
{
    out += "\\x";
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
}

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t utf8Length(std::string_view s, size_t i)
{
    const auto at = [&](size_t k) -> unsigned { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    const auto cont = [&](size_t k) { return (at(k) & 0xC0u) == 0x80u; };
    const unsigned c = at(i);
    if (c >= 0xC2 && c <= 0xDF)
        return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const unsigned c1 = at(i + 1);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F))
            return 0;
        return cont(i + 1) && cont(i + 2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const unsigned c1 = at(i + 1);
        if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
            return 0;
        return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    return 0;
}

class EscapingFormatter final : public spdlog::formatter
{
public:
    EscapingFormatter(std::string pattern, spdlog::pattern_time_type time)
        : m_pattern(std::move(pattern)), m_time(time), m_inner(std::make_unique<spdlog::pattern_formatter>(m_pattern, m_time)) {}

    void format(const spdlog::details::log_msg &msg, spdlog::memory_buf_t &dest) override
    {
        const std::string_view payload(msg.payload.data(), msg.payload.size());
        const std::string escaped = escapeForLog(payload);
        spdlog::details::log_msg copy = msg;
        copy.payload = spdlog::string_view_t(escaped.data(), escaped.size());
        m_inner->format(copy, dest);
        // The colour range is found by the inner formatter; the sink reads it from the original.
        msg.color_range_start = copy.color_range_start;
        msg.color_range_end = copy.color_range_end;
    }

    [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<EscapingFormatter>(m_pattern, m_time); }

private:
    std::string m_pattern;
    spdlog::pattern_time_type m_time;
    std::unique_ptr<spdlog::pattern_formatter> m_inner;
};

} // namespace

std::string escapeForLog(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b == '\\') {
            out += "\\\\";
        } else if (b == '\n') {
            out += "\\n";
        } else if (b == '\r') {
            out += "\\r";
        } else if (b == '\t') {
            out += "\\t";
        } else if (b < 0x20 || b == 0x7F) {
            hexByte(out, b);
        } else if (b < 0x80) {
            out += char(b);
        } else if (const size_t len = utf8Length(text, i); len == 0) {
            hexByte(out, b);
        } else if (len == 2 && b == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            // A C1 control (U+0080..U+009F; NEL ends a line for some readers).
            out += "\\u00";
            out += kHex[static_cast<unsigned char>(text[i + 1]) >> 4];
            out += kHex[static_cast<unsigned char>(text[i + 1]) & 0xF];
            i += 2;
            continue;
        } else if (len == 3 && b == 0xE2 && static_cast<unsigned char>(text[i + 1]) == 0x80
                   && (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
            // U+2028 and U+2029, line and paragraph separators.
            out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
            i += 3;
            continue;
        } else {
            out.append(text.substr(i, len));
            i += len;
            continue;
        }
        ++i;
    }
    return out;
}

std::unique_ptr<spdlog::formatter> escapingFormatter(const std::string &pattern, spdlog::pattern_time_type time)
{
    return std::make_unique<EscapingFormatter>(pattern, time);
}

} // namespace portico
