#pragma once
// The server's one error type. Anything that decides a request cannot go on (a handler, a store,
// a domain rule) throws a ProblemException through these helpers; the pipeline (server/http/)
// turns it into an application/problem+json response. Domain code includes this header, never
// server/http/.

#include "core/problem.h"
#include <exception>

namespace portico {

class ProblemException : public std::exception
{
public:
    explicit ProblemException(Problem p) : m_problem(std::move(p)) {}
    [[nodiscard]] const Problem &problem() const { return m_problem; }
    [[nodiscard]] const char *what() const noexcept override { return "problem"; }

private:
    Problem m_problem;
};

[[noreturn]] void fail(const Problem &p);
[[noreturn]] void failValidation(const QString &field, const QString &detail);
[[noreturn]] void failNotFound(const QString &detail);
[[noreturn]] void failPrecondition(const QString &detail); // 412

} // namespace portico
