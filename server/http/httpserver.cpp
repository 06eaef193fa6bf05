#include "server/http/httpserver.h"
#include "core/nowait.h"
#include "server/auth/tokenstore.h"
#include "server/http/beasttransport.h"
#include "server/http/context.h"
#include "server/store/pg.h"
#include "server/store/tenantsession.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUuid>
#include <spdlog/spdlog.h>

namespace portico::http {
namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "OTHER"; // QHttpServer does not tell which; the Beast transport passes the method as sent
    }
}

// The method as the client sent it, for a detail text: printable ASCII only, at most 32 characters.
QString methodForDetail(const QByteArray &method)
{
    QString out;
    for (const char c : method.left(32))
        out += (c > 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : QChar(u'?');
    if (method.size() > 32)
        out += QStringLiteral("...");
    return out;
}

void send(QHttpServerResponder &responder, const Response &r)
{
    using Status = QHttpServerResponder::StatusCode;
    QHttpServerResponse response(r.contentType, r.body, static_cast<Status>(r.status));
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders headers = response.headers();
    for (const auto &[name, value] : r.headers)
        headers.append(name, value);
    response.setHeaders(std::move(headers));
    responder.sendResponse(response);
#else
    for (const auto &[name, value] : r.headers)
        response.addHeader(name, value);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    responder.sendResponse(response);
#else
    response.write(std::move(responder));
#endif
#endif
}

bool roleAllowed(const auth::Principal &p, const Access &access)
{
    return access.roles.isEmpty() || access.roles.contains(p.role);
}

} // namespace

QString HttpServer::requestIdFrom(const QByteArray &given)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    const QString s = QString::fromLatin1(given);
    return valid.match(s).hasMatch() ? s : QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void HttpServer::logAccess(const QByteArray &method, const QString &path, int status, qint64 ms, const QString &requestId)
{
    spdlog::info("{} {} {} {}ms rid={}", method.constData(), path.toStdString(), status, ms, requestId.toStdString());
}

HttpServer::HttpServer(Router &router, auth::TokenStore &tokens, int workers, QObject *parent)
    : QObject(parent), m_router(router), m_tokens(tokens), m_workers(qMax(1, workers))
{
}

HttpServer::~HttpServer()
{
    m_beast.reset(); // joins its workers before the router and the services they use go away
    m_pool.waitForDone();
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_options.transport == Options::Transport::Beast) {
        m_beast = std::make_unique<BeastTransport>(*this, m_workers);
        if (!m_beast->listen(address, port, &m_error)) {
            m_beast.reset();
            return false;
        }
        return true;
    }
    m_server = std::make_unique<QHttpServer>();
    m_pool.setMaxThreadCount(m_workers);
    m_pool.setExpiryTimeout(-1); // threads keep their database connection for the server's life
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    m_server->setMissingHandler(this, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
        dispatch(request, std::move(responder));
    });
#else
    m_server->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        dispatch(request, std::move(responder));
    });
#endif
    m_tcp = new QTcpServer(this);
    if (!m_tcp->listen(address, port)) {
        m_error = m_tcp->errorString();
        return false;
    }
    m_server->bind(m_tcp);
    return true;
}

quint16 HttpServer::port() const
{
    if (m_beast)
        return m_beast->port();
    return m_tcp ? m_tcp->serverPort() : 0;
}

void HttpServer::dispatch(const QHttpServerRequest &in, QHttpServerResponder &&responder)
{
    auto request = std::make_shared<Request>();
    request->method = methodName(in.method());
    request->path = in.url().path();
    request->query = in.query();
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    for (const auto &[name, value] : in.headers().toListOfPairs())
        request->headers.append(qMakePair(name.toLower(), value));
#else
    for (const auto &[name, value] : in.headers())
        request->headers.append(qMakePair(name.toLower(), value));
#endif
    request->body = in.body();
    request->requestId = requestIdFrom(request->header("x-request-id"));
    request->peerAddress = in.remoteAddress().toString();

    // The responder must be used on this (the socket's) thread, so it waits here while a worker runs.
    auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    QPointer<QTcpSocket> socket = pending->socket(); // the client may hang up before we answer
#endif
    m_pool.start([this, request, pending
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
                  , socket
#endif
    ] {
        QElapsedTimer timer;
        timer.start();
        Response response = process(*request);
        logAccess(request->method, request->path, response.status, timer.elapsed(), request->requestId);
        QMetaObject::invokeMethod(this, [pending, response = std::move(response)
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
                                         , socket
#endif
        ] {
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
            if (!socket)
                return;
#endif
            send(*pending, response);
        }, Qt::QueuedConnection);
    });
}

namespace {
quint64 hashOf(QByteArrayView bytes)
{
    quint64 h = 14695981039346656037ull; // FNV-1a: stable and cheap; only spreads keys
    for (const char c : bytes)
        h = (h ^ quint8(c)) * 1099511628211ull;
    return h;
}
} // namespace

quint64 HttpServer::fairnessKey(const Request &request) const
{
    const QByteArray authorization = request.header("authorization");
    if (authorization.isEmpty())
        return hashOf(request.peerAddress.toUtf8()) ^ 1; // anonymous callers share per address
    const quint64 token = hashOf(authorization);
    QReadLocker lock(&m_keysLock);
    return m_keyOfToken.value(token, token);
}

void HttpServer::learnKey(const QByteArray &authorization, const auth::Principal &principal)
{
    // A tenant's tokens share one key, so more tokens do not buy a tenant more workers.
    const quint64 key = principal.isTenant() ? qHash(principal.tenantId) * 2 + 1 : 0;
    if (!key)
        return; // operators keep one key per token: few of them, and each is a person
    const quint64 token = hashOf(authorization);
    {
        QReadLocker lock(&m_keysLock);
        if (m_keyOfToken.value(token) == key)
            return;
    }
    QWriteLocker lock(&m_keysLock);
    if (m_keyOfToken.size() >= 100000)
        m_keyOfToken.clear(); // relearnt at the next request of each token
    m_keyOfToken.insert(token, key);
}

QString HttpServer::instanceOf(const QString &path)
{
    return path.size() <= kMaxEchoedPath ? path : path.left(kMaxEchoedPath) + QChar(0x2026);
}

Response HttpServer::process(Request &request)
{
    QElapsedTimer timer;
    timer.start();
    store::PgConnection::resetThreadDbMicros();
    Outcome outcome;
    Response response;
    try {
        if (request.body.size() > kMaxBodyBytes) {
            fail(Problem::make(413, problem::PayloadTooLarge,
                               QStringLiteral("The request body is %1 bytes; the limit is %2 bytes.").arg(request.body.size()).arg(kMaxBodyBytes)));
        }
        const Router::Match match = m_router.match(request.method, request.path);
        if (!match.route) {
            if (!match.allowedMethods.isEmpty()) {
                Problem p = Problem::make(405, problem::MethodNotAllowed,
                                          QStringLiteral("%1 is not allowed on %2. Allowed: %3.")
                                              .arg(methodForDetail(request.method), instanceOf(request.path),
                                                   QString::fromLatin1(match.allowedMethods.join(", "))));
                response = Response::problem(p).withHeader("Allow", match.allowedMethods.join(", "));
            } else {
                fail(Problem::make(404, problem::NotFound, QStringLiteral("There is no route %1.").arg(instanceOf(request.path))));
            }
        } else {
            // No id, slug or key is this long; refusing here keeps a crafted segment out of every
            // handler's "No tenant has the id '...'" (and out of the log).
            for (const QString &param : match.params)
                if (param.size() > kMaxPathParam)
                    fail(Problem::make(404, problem::NotFound, QStringLiteral("A path segment is %1 characters long; no id, slug or key is longer than %2.")
                                                                   .arg(param.size()).arg(kMaxPathParam)));
            request.pathParams = match.params;
            response = authorizeAndRun(request, match, outcome);
        }
    } catch (const ProblemException &e) {
        response = Response::problem(e.problem());
    } catch (const WouldWait &) {
        throw; // the transport runs the request again where it may wait (Lane::Compute)
    } catch (const store::IsolationViolation &e) {
        // The monitor blocked rows that are not this tenant's (or a session outside its placement).
        // Nothing of them reaches the client; the handler raises the alarm.
        if (m_onViolation)
            m_onViolation(request, e);
        response = Response::problem(Problem::make(500, problem::IsolationBlocked,
                                                   QStringLiteral("The request was blocked by an isolation check and has been reported. Quote request id %1 to support.").arg(request.requestId)));
    } catch (const store::PgError &e) {
        const bool down = e.isConnectionError();
        spdlog::error("rid={} database error [{}]: {}", request.requestId.toStdString(), e.sqlState().toStdString(), e.what());
        response = Response::problem(down ? Problem::make(503, problem::DatabaseUnavailable, QStringLiteral("The database connection was lost; try again shortly."))
                                          : Problem::make(500, problem::Internal, QStringLiteral("The server failed to complete the request. Quote request id %1 to support.").arg(request.requestId)));
    } catch (const std::exception &e) {
        spdlog::error("rid={} unhandled exception: {}", request.requestId.toStdString(), e.what());
        response = Response::problem(Problem::make(500, problem::Internal, QStringLiteral("The server failed to complete the request. Quote request id %1 to support.").arg(request.requestId)));
    }
    if (response.contentType == "application/problem+json") {
        // Fill instance and request id in one place, whatever produced the problem.
        QJsonObject o = QJsonDocument::fromJson(response.body).object();
        o.insert(QStringLiteral("instance"), instanceOf(request.path));
        o.insert(QStringLiteral("request_id"), request.requestId);
        response.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    if (response.headers.isEmpty())
        response.headers = std::move(outcome.limitHeaders); // the usual case: no copies, room left for the two below
    else
        response.headers += outcome.limitHeaders;
    if (request.method == "HEAD")
        response.body.clear(); // before metering: what is not sent is not counted
    if (m_traffic && outcome.principal.isTenant())
        m_traffic->account(request, outcome.principal, response,
                           {request.body.size(), response.body.size(), timer.nsecsElapsed() / 1000, store::PgConnection::threadDbMicros()},
                           outcome.refused);
    response.withHeader("X-Request-Id", request.requestId.toLatin1()).withHeader("Cache-Control", "no-store");
    return response;
}

Response HttpServer::authorizeAndRun(Request &request, const Router::Match &match, Outcome &outcome)
{
    const Access &access = match.route->access;
    RequestContext ctx{request, {}};
    // Public routes ignore credentials: a probe carrying a stale token still gets its answer.
    const QByteArray authorization = access.kind == Access::Kind::Public ? QByteArray() : request.header("authorization");
    if (!authorization.isEmpty()) {
        if (!authorization.startsWith("Bearer "))
            return Response::problem(Problem::make(401, problem::Unauthenticated, QStringLiteral("Use 'Authorization: Bearer <token>'.")))
                .withHeader("WWW-Authenticate", "Bearer");
        const auto principal = m_tokens.resolve(QString::fromLatin1(authorization.mid(7).trimmed()));
        if (!principal)
            return Response::problem(Problem::make(401, problem::Unauthenticated, QStringLiteral("The token is unknown, expired or revoked.")))
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        ctx.principal = *principal;
        learnKey(authorization, *principal);
    }
    using K = Access::Kind;
    const auto &p = ctx.principal;
    if (access.kind != K::Public && p.kind == auth::Principal::Kind::Anonymous)
        return Response::problem(Problem::make(401, problem::Unauthenticated, QStringLiteral("This route needs a bearer token.")))
            .withHeader("WWW-Authenticate", "Bearer");
    if (access.kind == K::Operator) {
        if (!p.isOperator())
            fail(Problem::make(403, problem::Forbidden, QStringLiteral("This route is for operators; a tenant token cannot use it.")));
        if (!roleAllowed(p, access))
            fail(Problem::make(403, problem::Forbidden, QStringLiteral("Your role '%1' may not do this; it needs one of: %2.")
                                                            .arg(p.role, access.roles.join(QStringLiteral(", ")))));
    }
    if (access.kind == K::Tenant) {
        if (!p.isTenant())
            fail(Problem::make(403, problem::TenantContextRequired,
                               QStringLiteral("This route acts for one tenant and needs that tenant's token. Operators use the /v1/tenants/{id} routes.")));
        // The context comes from the token alone. A request that also names a tenant must name the same one.
        const QByteArray claimed = request.header("x-portico-tenant");
        if (!claimed.isEmpty() && parseId(QString::fromLatin1(claimed)) != p.tenantId)
            fail(Problem::make(400, problem::TenantContextAmbiguous,
                               QStringLiteral("The X-Portico-Tenant header names another tenant than the token. Remove it; the token decides.")));
        if (p.tenantState == TenantState::Suspended)
            fail(Problem::make(403, problem::TenantSuspended, QStringLiteral("This tenant is suspended.")));
    }
    outcome.principal = p;
    if (m_traffic && p.isTenant()) {
        TrafficPolicy::Admission admission = m_traffic->admit(request, p);
        outcome.limitHeaders = admission.headers;
        if (admission.refusal) {
            outcome.refused = true;
            return *admission.refusal;
        }
        // The concurrency slot is given back however the handler ends.
        struct Release
        {
            std::function<void()> fn;
            ~Release() { if (fn) fn(); }
        } release{std::move(admission.release)};
        return runHandler(*match.route, ctx);
    }
    return runHandler(*match.route, ctx);
}

Response HttpServer::runHandler(const Route &route, RequestContext &ctx)
{
    // A connection lost in the middle of a handler's transaction (a terminated backend, a
    // restart) rolled that transaction back. When nothing of the handler can have committed
    // (no COMMIT and no implicit write was sent on this thread since it began), the whole handler
    // runs once more, on a fresh connection, so the client gets its answer instead of a 503.
    // Handlers change nothing outside the database before their commit, so a second run is a
    // clean one.
    const quint64 commitsBefore = store::PgConnection::threadCommitsSent();
    try {
        return route.handler(ctx);
    } catch (const store::PgError &e) {
        if (!e.isConnectionError() || store::PgConnection::threadCommitsSent() != commitsBefore)
            throw;
        spdlog::warn("rid={} database connection lost before anything committed [{}]; running {} {} once more",
                     ctx.request.requestId.toStdString(), e.sqlState().toStdString(), route.method.toStdString(), route.pattern.toStdString());
    }
    return route.handler(ctx);
}

} // namespace portico::http
