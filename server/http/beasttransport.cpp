#include "server/http/beasttransport.h"
#include "server/http/httpserver.h"
#include "server/http/fairscheduler.h"
#include "core/nowait.h"
#include "core/problem.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QUrl>
#include <QUuid>
#include <array>
#include <atomic>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <spdlog/spdlog.h>
#include <thread>
#include <vector>

namespace portico::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

// Everything before the body: request line and fields, with their line ends.
constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
constexpr int kMaxHeaderFields = 100;
// After an answer that closes the connection, what the client still sends is read and dropped for
// this long, so its unread bytes do not make our close a reset that destroys the answer.
constexpr auto kLingerTime = std::chrono::seconds(2);

constexpr auto kMalformedRequest = problem::MalformedRequest;
constexpr auto kHeadersTooLarge = problem::HeadersTooLarge;
constexpr auto kRequestTimeout = problem::RequestTimeout;

struct Refusal
{
    int status;
    const char *type;
    QString detail;
};

bool digitsOnly(beast::string_view v)
{
    if (v.empty())
        return false;
    for (const char c : v)
        if (c < '0' || c > '9')
            return false;
    return true;
}

class Deadlines;

// Where handlers run (see Lane): the fair scheduler's workers, and the probes' own pool.
struct Lanes
{
    FairScheduler &workers;
    asio::thread_pool &probes;
    Deadlines &deadlines;
};

class Session;

// Every connection's deadline, checked by one sweep every kSweepEvery instead of a timer per
// connection: re-arming a per-connection timer on each request cost two timerfd_settime calls a
// request. A connection sets its deadline (an atomic, steady-clock nanoseconds) as it moves
// between phases; the sweep posts an expiry to each connection whose deadline has passed, and the
// connection checks it again on its own I/O thread. Timeouts are thus up to kSweepEvery late.
constexpr auto kSweepEvery = std::chrono::milliseconds(200);
constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();
std::int64_t steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

class Deadlines
{
public:
    void add(Session *s, std::weak_ptr<Session> w)
    {
        std::lock_guard lock(m_mutex);
        m_sessions.emplace(s, std::move(w));
    }
    void remove(Session *s)
    {
        std::lock_guard lock(m_mutex);
        m_sessions.erase(s);
    }
    // The connections whose deadline is before nowNs (defined after Session).
    std::vector<std::shared_ptr<Session>> due(std::int64_t nowNs);

private:
    std::mutex m_mutex;
    std::unordered_map<Session *, std::weak_ptr<Session>> m_sessions;
};

// Open connections per client address, so one address cannot hold every socket the process may
// have. A slot is a token whose destruction (with its Session) gives the place back.
class AddressSlots
{
public:
    explicit AddressSlots(int cap) : m_cap(cap) {}

    // Null when the address already holds its share.
    std::shared_ptr<void> take(const std::string &address)
    {
        std::lock_guard lock(m_mutex);
        int &open = m_open[address];
        if (m_cap > 0 && open >= m_cap) {
            if (open == 0)
                m_open.erase(address);
            return nullptr;
        }
        ++open;
        // Non-null (the slots' own address) so that a taken slot tests true; nothing is freed.
        return std::shared_ptr<void>(static_cast<void *>(this), [this, address](void *) { give(address); });
    }

private:
    void give(const std::string &address)
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_open.find(address);
        if (it != m_open.end() && --it->second <= 0)
            m_open.erase(it);
    }

    const int m_cap;
    std::mutex m_mutex;
    std::unordered_map<std::string, int> m_open;
};

class Session : public std::enable_shared_from_this<Session>
{
public:
    // The peer's address is taken once, at accept: a request needs it (limits, fairness, login
    // throttling), and asking the socket per request would be a system call each time.
    Session(tcp::socket socket, QString peerAddress, std::shared_ptr<void> slot, HttpServer &server, Lanes lanes)
        : m_socket(std::move(socket)), m_hold(m_socket.get_executor()), m_server(server),
          m_options(server.options()), m_lanes(lanes), m_peerAddress(std::move(peerAddress)), m_slot(std::move(slot))
    {
    }

    ~Session() { m_lanes.deadlines.remove(this); }

    void start()
    {
        m_lanes.deadlines.add(this, weak_from_this());
        if (!m_slot)
            return refuse({503, problem::Unavailable,
                           QStringLiteral("This address already has %1 connections open; reuse or close one.").arg(m_options.maxConnectionsPerAddress)},
                          false);
        readHeader();
    }

    [[nodiscard]] std::int64_t deadlineNs() const { return m_deadlineNs.load(std::memory_order_relaxed); }
    [[nodiscard]] auto executor() { return m_socket.get_executor(); }
    // On its I/O thread, from the sweep: when the deadline has really passed (a re-arm since the
    // sweep looked moved it on), the pending operation is cancelled and its completion sees m_timedOut.
    void expireIfDue(std::int64_t nowNs)
    {
        if (deadlineNs() > nowNs)
            return;
        m_deadlineNs.store(kNoDeadline, std::memory_order_relaxed);
        m_timedOut = true;
        error_code ignored;
        m_socket.cancel(ignored);
    }

private:
    enum class Phase { Idle, Header, Body, Write, Linger };

    // The connection's one deadline (see Deadlines): no system call to set or clear.
    void arm(std::chrono::steady_clock::duration d)
    {
        m_timedOut = false;
        m_deadlineNs.store(steadyNowNs() + std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(), std::memory_order_relaxed);
    }
    void disarm() { m_deadlineNs.store(kNoDeadline, std::memory_order_relaxed); }

    // Looks at the bytes read so far: a complete header (its length), more needed (0), or a
    // refusal. Beast accepts obsolete line folding and a bare LF, which let a proxy and us disagree
    // on where a field ends, so they are refused here before Beast sees the header.
    std::size_t scanHeader(std::optional<Refusal> &refusal) const
    {
        const auto *p = static_cast<const char *>(m_buffer.data().data());
        const std::size_t n = std::min(m_buffer.size(), kMaxHeaderBytes);
        int lines = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const char c = p[i];
            if (c == '\0') {
                refusal = Refusal{400, kMalformedRequest, QStringLiteral("The request header contains a NUL byte.")};
                return 0;
            }
            if (c != '\n')
                continue;
            if (i == 0 || p[i - 1] != '\r') {
                refusal = Refusal{400, kMalformedRequest, QStringLiteral("Header lines must end in CRLF; a bare LF was found.")};
                return 0;
            }
            if (i >= 3 && p[i - 2] == '\n' && p[i - 3] == '\r')
                return i + 1; // CRLF CRLF: the header ends here
            if (++lines > kMaxHeaderFields + 1) {
                refusal = Refusal{431, kHeadersTooLarge, QStringLiteral("The request has more than %1 header fields.").arg(kMaxHeaderFields)};
                return 0;
            }
            if (i + 1 < n && (p[i + 1] == ' ' || p[i + 1] == '\t') && lines > 0) {
                refusal = Refusal{400, kMalformedRequest, QStringLiteral("Obsolete line folding (a header line starting with a space or tab) is not accepted.")};
                return 0;
            }
        }
        if (m_buffer.size() >= kMaxHeaderBytes)
            refusal = Refusal{431, kHeadersTooLarge, QStringLiteral("The request header is larger than %1 bytes.").arg(kMaxHeaderBytes)};
        return 0;
    }

    void readHeader()
    {
        std::optional<Refusal> refusal;
        if (const std::size_t headerBytes = scanHeader(refusal))
            return parseHeader(headerBytes);
        if (refusal)
            return refuse(*refusal);
        if (m_buffer.size() == 0) {
            if (m_phase != Phase::Idle) {
                m_phase = Phase::Idle;
                arm(m_options.idleTimeout);
            }
        } else if (m_phase != Phase::Header) {
            // The header timeout runs from the request's first byte, however slowly the rest comes.
            m_phase = Phase::Header;
            arm(m_options.headerTimeout);
        }
        const std::size_t room = kMaxHeaderBytes - std::min(m_buffer.size(), kMaxHeaderBytes);
        m_socket.async_read_some(m_buffer.prepare(std::max<std::size_t>(room, 1)),
                                 [self = shared_from_this()](const error_code &ec, std::size_t n) {
                                     self->m_buffer.commit(n);
                                     // A deadline that fired while this read was completing still counts.
                                     if (ec || self->m_timedOut) {
                                         if (self->m_timedOut && self->m_phase == Phase::Header)
                                             return self->refuse({408, kRequestTimeout, QStringLiteral("The request header did not arrive in time.")});
                                         return self->close(); // idle timeout, or the client went away
                                     }
                                     self->readHeader();
                                 });
    }

    void parseHeader(std::size_t headerBytes)
    {
        m_target.clear();
        m_parser.emplace();
        m_parser->eager(false);
        m_parser->header_limit(std::uint32_t(kMaxHeaderBytes + 1));
        m_parser->body_limit(std::uint64_t(HttpServer::kMaxBodyBytes));
        error_code ec;
        const std::size_t used = m_parser->put(asio::buffer(m_buffer.data().data(), headerBytes), ec);
        if (!ec && !m_parser->is_header_done())
            ec = bhttp::error::need_more; // cannot be: the scan saw the blank line
        m_buffer.consume(ec ? m_buffer.size() : used);
        const auto &req = m_parser->get();
        // Known even when the header is refused (a body over the limit), so the problem names it.
        m_target = QByteArray(req.target().data(), qsizetype(req.target().size()));
        if (ec)
            return refuseParse(ec);
        // Beast takes a repeated Content-Length of equal value, and a list ("5, 5"); we take one of digits.
        int lengths = 0;
        int encodings = 0;
        for (const auto &field : req) {
            if (field.name() == bhttp::field::content_length) {
                ++lengths;
                if (!digitsOnly(field.value()))
                    return refuse({400, kMalformedRequest, QStringLiteral("Content-Length must be digits only.")});
            } else if (field.name() == bhttp::field::transfer_encoding) {
                ++encodings;
                if (!beast::iequals(field.value(), "chunked"))
                    return refuse({400, kMalformedRequest, QStringLiteral("The only Transfer-Encoding accepted is chunked.")});
            }
        }
        if (lengths > 1)
            return refuse({400, kMalformedRequest, QStringLiteral("The request has more than one Content-Length.")});
        if (encodings > 1 || (encodings == 1 && lengths == 1))
            return refuse({400, kMalformedRequest, QStringLiteral("A request has either Content-Length or Transfer-Encoding: chunked, once.")});
        if (encodings == 1 && req.version() < 11)
            return refuse({400, kMalformedRequest, QStringLiteral("Transfer-Encoding needs HTTP/1.1.")});
        if (m_parser->is_done())
            return dispatch();
        m_phase = Phase::Body;
        arm(m_options.bodyTimeout);
        bhttp::async_read(m_socket, m_buffer, *m_parser, [self = shared_from_this()](const error_code &e, std::size_t) {
            if (self->m_timedOut)
                return self->refuse({408, kRequestTimeout, QStringLiteral("The request body did not arrive in time.")});
            if (e == bhttp::error::end_of_stream || e == asio::error::eof || e == asio::error::connection_reset)
                return self->close();
            if (e)
                return self->refuseParse(e);
            self->dispatch();
        });
    }

    void refuseParse(const error_code &ec)
    {
        if (ec == bhttp::error::body_limit)
            return refuse({413, problem::PayloadTooLarge, QStringLiteral("The request body is larger than the limit of %1 bytes.").arg(HttpServer::kMaxBodyBytes)});
        if (ec == bhttp::error::header_limit)
            return refuse({431, kHeadersTooLarge, QStringLiteral("The request header is larger than %1 bytes.").arg(kMaxHeaderBytes)});
        return refuse({400, kMalformedRequest, QStringLiteral("The request is not valid HTTP/1.1: %1.").arg(QString::fromStdString(ec.message()))});
    }

    void dispatch()
    {
        disarm();
        const auto &req = m_parser->get();
        Request request;
        request.method = QByteArray(req.method_string().data(), qsizetype(req.method_string().size()));
        const QUrl url = m_target.startsWith('/') ? QUrl::fromEncoded("http://localhost" + m_target) : QUrl::fromEncoded(m_target);
        request.path = url.path();
        request.query = QUrlQuery(url);
        for (const auto &field : req)
            request.headers.append(qMakePair(QByteArray(field.name_string().data(), qsizetype(field.name_string().size())).toLower(),
                                             QByteArray(field.value().data(), qsizetype(field.value().size()))));
        request.body = QByteArray(req.body().data(), qsizetype(req.body().size()));
        request.requestId = HttpServer::requestIdFrom(request.header("x-request-id"));
        request.peerAddress = m_peerAddress;
        const unsigned version = req.version();
        const bool keepAlive = req.keep_alive();
        m_parser.reset();
        m_target.clear();

        const Lane lane = m_server.laneOf(request);
        if (lane == Lane::Inline)
            return write(run(request), version, keepAlive);
        if (lane == Lane::Compute) {
            try {
                NoWaitScope noWait;
                return write(run(request), version, keepAlive);
            } catch (const WouldWait &) {
                // Something would have waited before anything was done: the workers run it whole.
            }
        }
        const quint64 key = lane == Lane::Workers || lane == Lane::Compute ? m_server.fairnessKey(request) : 0;
        // The connection reads nothing more until this answer is written, so answers keep the
        // requests' order; the handler's thread hands the answer back to the connection's I/O thread.
        auto job = [self = shared_from_this(), request = std::make_shared<Request>(std::move(request)), version, keepAlive] {
            Response response = self->run(*request);
            asio::post(self->m_socket.get_executor(), [self, response = std::move(response), version, keepAlive] {
                if (response.hold.count() <= 0)
                    return self->write(response, version, keepAlive);
                self->m_hold.expires_after(response.hold);
                self->m_hold.async_wait([self, response, version, keepAlive](const error_code &ec) {
                    if (ec)
                        return self->close(); // stopping
                    self->write(response, version, keepAlive);
                });
            });
        };
        if (lane == Lane::Probe)
            return asio::post(m_lanes.probes, std::move(job));
        if (!m_lanes.workers.submit(key, std::move(job)))
            refuse({503, problem::Unavailable, QStringLiteral("The server has %1 requests waiting; try again shortly.").arg(m_options.maxQueued)});
    }

    Response run(Request &request)
    {
        QElapsedTimer timer;
        timer.start();
        Response response = m_server.process(request);
        HttpServer::logAccess(request.method, request.path, response.status, timer.elapsed(), request.requestId);
        return response;
    }

    // A refusal of the transport: the same problem+json shape as the pipeline's, then close
    // (lingering to read what the client still sends, unless that would let a flood of refused
    // connections hold sockets open).
    void refuse(const Refusal &r, bool linger = true)
    {
        m_linger = linger;
        disarm();
        const QString requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString instance = HttpServer::instanceOf(m_target.startsWith('/') ? QUrl::fromEncoded("http://localhost" + m_target).path() : QStringLiteral("/"));
        Response response = Response::problem(Problem::make(r.status, r.type, r.detail));
        QJsonObject o = QJsonDocument::fromJson(response.body).object();
        o.insert(QStringLiteral("instance"), instance);
        o.insert(QStringLiteral("request_id"), requestId);
        response.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        response.withHeader("X-Request-Id", requestId.toLatin1()).withHeader("Cache-Control", "no-store");
        HttpServer::logAccess("-", instance, r.status, 0, requestId);
        const unsigned version = m_parser && m_parser->is_header_done() ? m_parser->get().version() : 11;
        m_parser.reset();
        write(response, version, false);
    }

    void write(const Response &r, unsigned version, bool keepAlive)
    {
        // The body is sent from the Response's bytes, not copied into a string: the answer's
        // QByteArray (a share of it, no copy) lives in the completion handler until it is written.
        auto res = std::make_shared<bhttp::response<bhttp::span_body<const char>>>();
        res->version(version < 11 ? 10 : 11);
        res->result(static_cast<unsigned>(r.status));
        if (!r.contentType.isEmpty())
            res->set(bhttp::field::content_type, beast::string_view(r.contentType.constData(), std::size_t(r.contentType.size())));
        for (const auto &[name, value] : r.headers)
            res->insert(beast::string_view(name.constData(), std::size_t(name.size())), beast::string_view(value.constData(), std::size_t(value.size())));
        QByteArray body = r.body;
        res->body() = boost::span<const char>(body.constData(), std::size_t(body.size()));
        res->keep_alive(keepAlive);
        res->prepare_payload();
        m_phase = Phase::Write;
        arm(m_options.bodyTimeout); // a client that does not read its answers is dropped
        bhttp::async_write(m_socket, *res, [self = shared_from_this(), res, body = std::move(body), keepAlive](const error_code &ec, std::size_t) {
            if (ec || self->m_timedOut)
                return self->close();
            if (!keepAlive)
                return self->m_linger ? self->linger() : self->close();
            self->readHeader();
        });
    }

    // Half-closes, then drops whatever the client still sends until it closes or kLingerTime ends.
    void linger()
    {
        error_code ignored;
        m_socket.shutdown(tcp::socket::shutdown_send, ignored);
        m_buffer.clear();
        if (m_phase != Phase::Linger) {
            m_phase = Phase::Linger;
            arm(kLingerTime);
        }
        m_socket.async_read_some(asio::buffer(m_discard), [self = shared_from_this()](const error_code &ec, std::size_t) {
            if (ec || self->m_timedOut)
                return self->close();
            self->linger();
        });
    }

    void close()
    {
        disarm();
        error_code ignored;
        m_socket.shutdown(tcp::socket::shutdown_both, ignored);
        m_socket.close(ignored);
    }

    tcp::socket m_socket;
    asio::steady_timer m_hold; // an answer's hold (Response::hold); timeouts are deadlines, swept
    HttpServer &m_server;
    const HttpServer::Options m_options;
    Lanes m_lanes;
    const QString m_peerAddress;
    std::shared_ptr<void> m_slot; // this connection's place in its address's share; null: over it
    bool m_linger = true;
    beast::flat_buffer m_buffer;
    std::optional<bhttp::request_parser<bhttp::string_body>> m_parser;
    QByteArray m_target;
    std::array<char, 16 * 1024> m_discard{};
    Phase m_phase = Phase::Write; // anything but Idle, so the first read arms the idle timer
    std::atomic<std::int64_t> m_deadlineNs{kNoDeadline};
    bool m_timedOut = false;
};

std::vector<std::shared_ptr<Session>> Deadlines::due(std::int64_t nowNs)
{
    std::vector<std::shared_ptr<Session>> out;
    std::lock_guard lock(m_mutex);
    for (const auto &[raw, weak] : m_sessions)
        if (raw->deadlineNs() <= nowNs)
            if (auto s = weak.lock())
                out.push_back(std::move(s));
    return out;
}

} // namespace

struct BeastTransport::Impl
{
    HttpServer &server;
    int ioThreads;
    Deadlines deadlines; // before the io_contexts: sessions still in their queues deregister as they go
    // One io_context per I/O thread, each connection on one of them: a connection's work never
    // crosses to another I/O thread (no strand, no wake-up of a sleeping peer), so a request served
    // inline makes only the socket's system calls. Work guards keep an idle one running.
    std::vector<std::unique_ptr<asio::io_context>> iocs;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    tcp::acceptor acceptor;
    std::size_t nextIoc = 0; // round robin; only the acceptor's handler touches it
    std::vector<std::thread> threads;
    // Declared after the io_contexts, so destroyed before them: a handler still running posts its
    // answer to a stopped, but living, io_context.
    FairScheduler scheduler;
    asio::thread_pool probes{2};
    AddressSlots addressSlots;
    asio::steady_timer sweepTimer;

    static std::vector<std::unique_ptr<asio::io_context>> makeIocs(int n)
    {
        std::vector<std::unique_ptr<asio::io_context>> out;
        for (int i = 0; i < n; ++i)
            out.push_back(std::make_unique<asio::io_context>(1)); // one thread runs each
        return out;
    }

    void sweep()
    {
        sweepTimer.expires_after(kSweepEvery);
        sweepTimer.async_wait([this](const error_code &ec) {
            if (ec)
                return;
            const std::int64_t now = steadyNowNs();
            for (auto &s : deadlines.due(now))
                asio::post(s->executor(), [s, now] { s->expireIfDue(now); });
            sweep();
        });
    }

    Impl(HttpServer &s, int workers)
        : server(s), ioThreads(std::max(1, s.options().ioThreads)), iocs(makeIocs(ioThreads)), acceptor(*iocs.front()),
          scheduler(workers, s.options().workersPerKey > 0 ? s.options().workersPerKey : std::max(1, workers / 2), s.options().maxQueued,
                    s.options().sharedConcurrency),
          addressSlots(s.options().maxConnectionsPerAddress), sweepTimer(*iocs.front())
    {
        for (auto &ioc : iocs)
            guards.push_back(asio::make_work_guard(*ioc));
    }

    void accept()
    {
        asio::io_context &target = *iocs[nextIoc++ % iocs.size()];
        acceptor.async_accept(target, [this](const error_code &ec, tcp::socket socket) {
            if (!acceptor.is_open())
                return;
            if (!ec) {
                error_code ignored;
                socket.set_option(tcp::no_delay(true), ignored);
                const auto peer = socket.remote_endpoint(ignored);
                const std::string address = ignored ? std::string() : peer.address().to_string();
                auto slot = addressSlots.take(address);
                auto session = std::make_shared<Session>(std::move(socket), QString::fromStdString(address), std::move(slot), server,
                                                         Lanes{scheduler, probes, deadlines});
                // Started on its own I/O thread: from here on only that thread touches it.
                auto executor = session->executor();
                asio::post(executor, [session = std::move(session)] { session->start(); });
            } else {
                spdlog::warn("accept failed: {}", ec.message());
            }
            accept();
        });
    }
};

BeastTransport::BeastTransport(HttpServer &server, int workers) : d(std::make_unique<Impl>(server, workers)) {}

BeastTransport::~BeastTransport()
{
    for (auto &ioc : d->iocs)
        ioc->stop();
    for (std::thread &t : d->threads)
        t.join();
    d->probes.join(); // then the scheduler's workers, as d goes
}

bool BeastTransport::listen(const QHostAddress &address, quint16 port, QString *error)
{
    error_code ec;
    const auto ip = asio::ip::make_address(address.toString().toStdString(), ec);
    const tcp::endpoint endpoint(ip, port);
    if (!ec)
        d->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        d->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        d->acceptor.bind(endpoint, ec);
    if (!ec)
        d->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        if (error)
            *error = QString::fromStdString(ec.message());
        return false;
    }
    d->accept();
    d->sweep();
    // The I/O threads run every connection's reads and writes (and Inline handlers); handlers
    // that may wait on the database run on the scheduler's workers, so a hung database never
    // stops a connection from being read or answered.
    for (int i = 0; i < d->ioThreads; ++i)
        d->threads.emplace_back([this, i] {
            for (;;) {
                try {
                    d->iocs[std::size_t(i)]->run();
                    return;
                } catch (const std::exception &e) {
                    spdlog::error("HTTP worker: {}", e.what()); // that connection is lost; the worker goes on
                }
            }
        });
    return true;
}

quint16 BeastTransport::port() const
{
    error_code ec;
    const auto endpoint = d->acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

} // namespace portico::http
