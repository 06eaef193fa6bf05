#pragma once
// The HTTP/1.1 transport: Boost.Beast's parser over Asio, chosen because it frames strictly (one
// Content-Length of digits, chunked or Content-Length never both) and lets us enforce header and
// body limits while reading, before anything is buffered. One io_context is run by the I/O
// threads; each connection is a strand that reads a request, hands it to its route's lane (the
// fair scheduler's workers for anything that may wait on the database, inline for routes that
// only compute, the probe pool for health), writes the answer, and only then reads the next one,
// so pipelined requests are answered in order. A connection waiting for bytes holds no thread.

#include <QHostAddress>
#include <QString>
#include <memory>

namespace portico::http {

class HttpServer;

class BeastTransport
{
public:
    BeastTransport(HttpServer &server, int workers);
    ~BeastTransport(); // stops the workers and drops every connection
    BeastTransport(const BeastTransport &) = delete;
    BeastTransport &operator=(const BeastTransport &) = delete;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    [[nodiscard]] quint16 port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace portico::http
