#pragma once
// The HTTP/1.1 transport: Boost.Beast's parser over Asio, chosen because it frames strictly (one
// Content-Length of digits, chunked or Content-Length never both) and lets us enforce header and
// body limits while reading, before anything is buffered. One io_context is run by the worker
// threads; each connection is a strand that reads a request, runs the pipeline on that thread
// (handlers may block on the database), writes the answer, and only then reads the next one, so
// pipelined requests are answered in order. A connection waiting for bytes holds no thread.

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
