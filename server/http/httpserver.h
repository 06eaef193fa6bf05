#pragma once
// The request pipeline: request id -> authentication -> access check (tenant context) -> handler.
// The transport (BeastTransport, server/http/beasttransport.h) reads and frames HTTP strictly and
// hands each request to process(); handlers run on its worker threads and may block on the
// database. The QHttpServer transport is kept only so the bench can compare the two.

#include "server/auth/principal.h"
#include "server/http/router.h"
#include <QHash>
#include <QReadWriteLock>
#include "server/http/trafficpolicy.h"
#include <QHostAddress>
#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpServer;

namespace portico::auth { class TokenStore; }
namespace portico::store { class IsolationViolation; }

namespace portico::http {

class BeastTransport;

class HttpServer : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxBodyBytes = 256 * 1024;
    static constexpr qsizetype kMaxPathParam = 200;   // longer than any id, slug or key
    static constexpr qsizetype kMaxEchoedPath = 256;  // of a path quoted back in a problem

    // How connections are read; set before listen().
    struct Options
    {
        // QHttpServer has none of the limits, timeouts or ordering below: kept only for the bench.
        enum class Transport { Beast, QHttpServer } transport = Transport::Beast;
        std::chrono::milliseconds headerTimeout{10000}; // first byte of a request to its last header byte
        std::chrono::milliseconds bodyTimeout{30000};   // end of the header to the end of the body; also each answer's write
        std::chrono::milliseconds idleTimeout{60000};   // a kept-alive connection waiting for its next request
        int ioThreads = 2;          // read, parse and write; never wait on the database
        int workersPerKey = 0;      // handler threads one tenant (or token) may hold at once; 0: half the workers
        int sharedConcurrency = 0;  // handlers running at once while several keys have work; 0: every worker
        std::size_t maxQueued = 4096; // requests waiting for a worker, all keys together; beyond it 503
        // Connections one client address may hold open; past it a new one gets 503 and is closed.
        // 0: no cap (behind a proxy every client shares its address).
        int maxConnectionsPerAddress = 256;
    };

    HttpServer(Router &router, auth::TokenStore &tokens, int workers, QObject *parent = nullptr);
    ~HttpServer() override;

    void setOptions(const Options &options) { m_options = options; }
    [[nodiscard]] const Options &options() const { return m_options; }

    bool listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QString errorString() const { return m_error; }

    // Runs the whole pipeline for one request; public so tests can drive it without sockets.
    Response process(Request &request);
    // For the transport, before process(): where the request's handler runs, and the key the fair
    // scheduler queues it under (the token's tenant once a request with that token has been
    // authenticated, the token until then, the client address without one). No database.
    [[nodiscard]] Lane laneOf(const Request &request) const { return m_router.laneOf(request.method, request.path); }
    [[nodiscard]] quint64 fairnessKey(const Request &request) const;
    [[nodiscard]] int workers() const { return m_workers; }

    // Called on the worker thread when the monitor blocked a request (alerting, audit, counting).
    using ViolationHandler = std::function<void(const Request &, const store::IsolationViolation &)>;
    void setViolationHandler(ViolationHandler handler) { m_onViolation = std::move(handler); }
    // Limits and meters tenant traffic; without one, tenant requests are neither limited nor metered.
    void setTrafficPolicy(TrafficPolicy *policy) { m_traffic = policy; }

    // X-Request-Id when it is a safe token, else a new UUID.
    static QString requestIdFrom(const QByteArray &given);
    // The request path as a problem quotes it (instance, detail): cut at kMaxEchoedPath with an
    // ellipsis, so a 16 KiB path is not sent back twice.
    static QString instanceOf(const QString &path);
    // The access log line, one per answer, whichever transport produced it.
    static void logAccess(const QByteArray &method, const QString &path, int status, qint64 ms, const QString &requestId);

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
    Response runHandler(const Route &route, RequestContext &ctx);
    void learnKey(const QByteArray &authorization, const auth::Principal &principal);

    Router &m_router;
    auth::TokenStore &m_tokens;
    int m_workers;
    Options m_options;
    std::unique_ptr<BeastTransport> m_beast;
    std::unique_ptr<QHttpServer> m_server;
    QTcpServer *m_tcp = nullptr;
    QThreadPool m_pool;
    QString m_error;
    ViolationHandler m_onViolation;
    TrafficPolicy *m_traffic = nullptr;
    mutable QReadWriteLock m_keysLock;
    QHash<quint64, quint64> m_keyOfToken; // token hash -> its principal's fairness key
};

} // namespace portico::http
