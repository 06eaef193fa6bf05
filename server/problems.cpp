#include "server/problems.h"

namespace portico {

void fail(const Problem &p) { throw ProblemException(p); }
void failValidation(const QString &field, const QString &detail) { throw ProblemException(Problem::validation(field, detail)); }
void failNotFound(const QString &detail) { throw ProblemException(Problem::make(404, problem::NotFound, detail)); }
void failPrecondition(const QString &detail) { throw ProblemException(Problem::make(412, problem::PreconditionFailed, detail)); }

} // namespace portico
