#pragma once
// The outcome of one API call: either the decoded value or the Problem that explains why not.
// A tiny wrapper over std::variant so call sites read `if (!r) show(r.problem())`.

#include "core/problem.h"
#include <utility>
#include <variant>

namespace portico {

// The value of calls that answer with no body (204).
struct Empty
{
};

template<class T>
class ApiResult
{
public:
    ApiResult(T value) : m_data(std::in_place_index<0>, std::move(value)) {}       // NOLINT(implicit)
    ApiResult(Problem problem) : m_data(std::in_place_index<1>, std::move(problem)) {} // NOLINT(implicit)

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    // Precondition: ok().
    [[nodiscard]] const T &value() const & { return std::get<0>(m_data); }
    [[nodiscard]] T &&value() && { return std::get<0>(std::move(m_data)); }
    // A null Problem when ok(), so logging and test messages may always ask for it.
    [[nodiscard]] const Problem &problem() const
    {
        static const Problem none;
        return ok() ? none : std::get<1>(m_data);
    }
    const T *operator->() const { return &value(); }

private:
    std::variant<T, Problem> m_data;
};

} // namespace portico
