#pragma once
// Everything the server logs can carry text from a request (a path, a header, a database error
// quoting a value). One line per event is what readers and log shippers rely on, so control
// characters are escaped before anything reaches a sink: a %0A in a path cannot forge a line.

#include <memory>
#include <string>
#include <string_view>
#include <spdlog/formatter.h>

namespace portico {

// CR, LF and tab as \r \n \t, other C0 and C1 controls and DEL as \xHH (C1 as \u00HH), invalid
// UTF-8 byte by byte as \xHH, and the backslash itself as \\ so an escape is never ambiguous.
// Valid UTF-8 passes unchanged.
std::string escapeForLog(std::string_view text);

// A spdlog formatter: the payload escaped with escapeForLog, then laid out by pattern.
std::unique_ptr<spdlog::formatter> escapingFormatter(const std::string &pattern, spdlog::pattern_time_type time);

} // namespace portico
