#pragma once
// Turning what came back from the wire into a Problem. Free functions without a QNetworkReply so
// they can be unit-tested with plain bytes.

#include "core/problem.h"
#include <QByteArray>
#include <QNetworkReply>
#include <QUrl>
#include <chrono>

namespace portico {

// An HTTP answer with status >= 400. Uses the problem+json body when there is one, otherwise builds
// a Problem from the status so that a proxy's HTML error page still reads sensibly.
Problem problemFromHttp(int status, const QByteArray &body, const QString &requestId);

// No HTTP answer at all (refused, DNS, TLS, timeout...): a Problem of type problem::Network, status 0.
Problem networkProblem(QNetworkReply::NetworkError error, const QString &errorString, const QUrl &url,
                       std::chrono::milliseconds timeout);

// A 2xx answer whose body the client could not decode.
Problem undecodableProblem(int status, const QString &what, const QString &requestId);

// The problem type the server would use for a bare status code.
const char *problemTypeForStatus(int status);

} // namespace portico
