#pragma once
// The request pipeline: request id -> authentication -> access check (tenant context) -> handler.
// QHttpServer only accepts connections and parses HTTP; every request reaches us through its
// missing-handler hook, so routing, errors and the problem+json shape are ours on every Qt version.
// Handlers run on a worker pool so a slow query never stalls the listening thread.

#include "server/auth/principal.h"
#include "server/http/router.h"
#include "server/http/trafficpolicy.h"
#include <QHostAddress>
#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <functional>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpServer;

namespace portico::auth { class TokenStore; }
namespace portico::store { class IsolationViolation; }

namespace portico::http {

class HttpServer : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxBodyBytes = 256 * 1024;

    HttpServer(Router &router, auth::TokenStore &tokens, int workers, QObject *parent = nullptr);
    ~HttpServer() override;

    bool listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QString errorString() const { return m_error; }

    // Runs the whole pipeline for one request; public so tests can drive it without sockets.
    Response process(Request &request);

    // Called on the worker thread when the monitor blocked a request (alerting, audit, counting).
    using ViolationHandler = std::function<void(const Request &, const store::IsolationViolation &)>;
    void setViolationHandler(ViolationHandler handler) { m_onViolation = std::move(handler); }
    // Limits and meters tenant traffic; without one, tenant requests are neither limited nor metered.
    void setTrafficPolicy(TrafficPolicy *policy) { m_traffic = policy; }

private:
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    // What the pipeline learnt about a request, for accounting after the response is built.
    struct Outcome
    {
        auth::Principal principal;
        bool refused = false;
        HeaderList limitHeaders;
    };
    Response authorizeAndRun(Request &request, const Router::Match &match, Outcome &outcome);

    Router &m_router;
    auth::TokenStore &m_tokens;
    std::unique_ptr<QHttpServer> m_server;
    QTcpServer *m_tcp = nullptr;
    QThreadPool m_pool;
    QString m_error;
    ViolationHandler m_onViolation;
    TrafficPolicy *m_traffic = nullptr;
};

} // namespace portico::http
