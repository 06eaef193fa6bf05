// The HTTP transport as an attacker meets it, over raw sockets against the real binary: the
// malformed-request corpus (request smuggling through Content-Length and Transfer-Encoding,
// obsolete line folding, a space before the colon, bare LF, NUL) gets one problem+json refusal
// and a closed connection, never a second, smuggled answer; oversized headers and bodies are
// refused while reading, with the server's peak memory (VmHWM) staying bounded; half-sent
// requests get 408 and idle connections are closed (short timeouts configured); pipelined
// answers come in request order even when the first is slow on the database; HTTP/1.0 and
// Connection: close are honoured; a 405 names the method as it was sent; one address cannot hold
// more connections than its cap.
#include "core/problem.h"
#include "server/store/pg.h"
#include "tests/support/serverfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <memory>
#include <vector>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace portico;
using namespace portico::test;

namespace {

constexpr auto kMalformed = "urn:portico:problem:malformed-request";
constexpr auto kHeadersTooLarge = "urn:portico:problem:headers-too-large";
constexpr auto kTimeout = "urn:portico:problem:request-timeout";
// Generous: the server's timeouts are 1.5 s here; these only bound a hung test.
constexpr int kWaitMs = 20000;

struct RawResponse
{
    QByteArray statusLine;
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower case
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[n, v] : headers)
            if (n == name)
                return v;
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Every complete answer in data, in order (an incomplete tail is left out).
QList<RawResponse> parseResponses(const QByteArray &data)
{
    QList<RawResponse> out;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype end = data.indexOf("\r\n\r\n", pos);
        if (end < 0)
            break;
        RawResponse r;
        const QList<QByteArray> lines = data.mid(pos, end - pos).split('\n');
        r.statusLine = lines.first().trimmed();
        r.status = r.statusLine.split(' ').value(1).toInt();
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            r.headers.append({name, value});
            if (name == "content-length")
                length = value.toLongLong();
        }
        if (data.size() < end + 4 + length)
            break;
        r.body = data.mid(end + 4, length);
        pos = end + 4 + length;
        out.append(r);
    }
    return out;
}

class RawConnection
{
public:
    explicit RawConnection(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~RawConnection()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    [[nodiscard]] bool ok() const { return m_fd >= 0; }

    bool send(const QByteArray &bytes)
    {
        qsizetype sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n = ::send(m_fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            sent += n;
        }
        return true;
    }

    // Reads until the server closes the connection, `answers` complete answers have arrived, or maxMs.
    void read(int maxMs, int answers = -1)
    {
        QElapsedTimer t;
        t.start();
        while (!m_closed && t.elapsed() < maxMs) {
            if (answers > 0 && parseResponses(m_data).size() >= answers)
                return;
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, int(qMax<qint64>(1, maxMs - t.elapsed()))) <= 0)
                continue;
            char buf[65536];
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0)
                m_closed = true;
            else
                m_data.append(buf, n);
        }
    }

    // Sends prefix, then `filler` bytes of 'a' for as long as the server takes them, reading all the
    // while; stops sending once an answer is complete or the server stops reading.
    void flood(const QByteArray &prefix, qint64 filler)
    {
        send(prefix);
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
        const QByteArray chunk(256 * 1024, 'a');
        qint64 sent = 0;
        bool sending = true;
        QElapsedTimer t;
        t.start();
        while (!m_closed && t.elapsed() < kWaitMs) {
            if (!parseResponses(m_data).isEmpty())
                sending = false;
            pollfd p{m_fd, short(POLLIN | (sending && sent < filler ? POLLOUT : 0)), 0};
            if (::poll(&p, 1, 200) <= 0)
                continue;
            if (p.revents & POLLIN) {
                char buf[65536];
                const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
                if (n == 0 || (n < 0 && errno != EAGAIN))
                    m_closed = true;
                else if (n > 0)
                    m_data.append(buf, n);
            }
            if (sending && (p.revents & POLLOUT)) {
                const ssize_t n = ::send(m_fd, chunk.constData(), size_t(qMin<qint64>(chunk.size(), filler - sent)), MSG_NOSIGNAL);
                if (n > 0)
                    sent += n;
                else if (errno != EAGAIN)
                    sending = false;
            }
            if (p.revents & (POLLERR | POLLHUP))
                sending = false;
        }
        m_sentFiller = sent;
    }

    [[nodiscard]] QList<RawResponse> responses() const { return parseResponses(m_data); }
    [[nodiscard]] bool closed() const { return m_closed; }
    [[nodiscard]] QByteArray data() const { return m_data; }
    [[nodiscard]] qint64 sentFiller() const { return m_sentFiller; }

private:
    int m_fd = -1;
    QByteArray m_data;
    bool m_closed = false;
    qint64 m_sentFiller = 0;
};

// The portico-server this test process started (through ServerProcess).
qint64 serverPid()
{
    const qint64 self = QCoreApplication::applicationPid();
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = stat.readAll();
        const qsizetype close = s.lastIndexOf(')');
        const QByteArray comm = s.mid(s.indexOf('(') + 1, close - s.indexOf('(') - 1);
        const QList<QByteArray> rest = s.mid(close + 2).split(' ');
        if (comm == "portico-server" && rest.value(1).toLongLong() == self)
            return entry.toLongLong();
    }
    return 0;
}

// Peak resident memory of a process, in KiB.
qint64 peakRssKib(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

const QByteArray kSmuggled = "GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Request-Id: smuggled\r\n\r\n";

} // namespace

class TestHttpTransport : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    quint16 m_port = 0;
    qint64 m_pid = 0;

    void verifyProblem(const RawResponse &r, int status, const QString &type)
    {
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("content-type"), QByteArray("application/problem+json"));
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("type")).toString(), type);
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), status);
        QVERIFY(!o.value(QStringLiteral("detail")).toString().isEmpty());
        QVERIFY(!o.value(QStringLiteral("request_id")).toString().isEmpty());
        QCOMPARE(r.header("x-request-id").isEmpty(), false);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start({QStringLiteral("--http-header-timeout-ms"), QStringLiteral("1500"), QStringLiteral("--http-body-timeout-ms"),
                             QStringLiteral("1500"), QStringLiteral("--http-idle-timeout-ms"), QStringLiteral("1500")}),
                 qPrintable(m_fx.errorString()));
        m_port = quint16(m_fx.baseUrl().port());
        m_pid = serverPid();
        QVERIFY(m_pid > 0);
        QVERIFY(peakRssKib(m_pid) > 0);
    }

    void malformedCorpus_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        const QString bad = QString::fromLatin1(kMalformed);
        const QByteArray post = "POST /v1/ping HTTP/1.1\r\nHost: x\r\n";
        const QByteArray smuggledLength = QByteArray::number(kSmuggled.size());
        QTest::newRow("Content-Length abc") << post + "Content-Length: abc\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("Content-Length -1") << post + "Content-Length: -1\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("Content-Length +N") << post + "Content-Length: +" + smuggledLength + "\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("Content-Length 2^64") << post + "Content-Length: 18446744073709551616\r\n\r\n" + kSmuggled << 400 << bad;
        // Parsed as a number, it is over the body limit: refused before any of the body is read.
        QTest::newRow("Content-Length 2^64-1") << post + "Content-Length: 18446744073709551615\r\n\r\n" + kSmuggled << 413
                                               << QString::fromLatin1(problem::PayloadTooLarge);
        QTest::newRow("Content-Length conflicting") << post + "Content-Length: 0\r\nContent-Length: " + smuggledLength + "\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("Content-Length twice, equal") << post + "Content-Length: 0\r\nContent-Length: 0\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("Content-Length list") << post + "Content-Length: 0, 0\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("Content-Length then chunked") << post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("chunked then Content-Length") << post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("chunked twice") << post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("Transfer-Encoding not chunked") << post + "Transfer-Encoding: gzip\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("Transfer-Encoding xchunked") << post + "Transfer-Encoding: xchunked\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("chunked on HTTP/1.0") << "POST /v1/ping HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("bad chunk size") << post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("obs-fold") << "GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("obs-fold of Content-Length") << post + "Content-Length:\r\n " + smuggledLength + "\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("space before colon") << post + "Content-Length : " + smuggledLength + "\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("tab before colon") << post + "Content-Length\t: " + smuggledLength + "\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("bare LF") << "GET /v1/ping HTTP/1.1\nHost: x\n\n" + kSmuggled << 400 << bad;
        static constexpr char withNul[] = "GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n";
        QTest::newRow("NUL in a header") << QByteArray(withNul, sizeof withNul - 1) + kSmuggled << 400 << bad;
        QTest::newRow("not HTTP") << "HELLO\r\n\r\n" + kSmuggled << 400 << bad;
        QTest::newRow("bad version") << "GET /v1/ping HTTP/9.9x\r\n\r\n" + kSmuggled << 400 << bad;
        QByteArray many = "GET /v1/ping HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 10000; ++i)
            many += "X-H" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("10,000 headers") << many + "\r\n" + kSmuggled << 431 << QString::fromLatin1(kHeadersTooLarge);
        QTest::newRow("header over 16 KiB") << "GET /v1/ping HTTP/1.1\r\nX-Big: " + QByteArray(17 * 1024, 'a') + "\r\n\r\n" + kSmuggled << 431
                                            << QString::fromLatin1(kHeadersTooLarge);
    }

    // One refusal, then the connection is closed: what followed is never answered.
    void malformedCorpus()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QString, type);
        RawConnection c(m_port);
        QVERIFY(c.ok());
        QVERIFY(c.send(request));
        c.read(kWaitMs);
        QVERIFY2(c.closed(), c.data().constData());
        const QList<RawResponse> answers = c.responses();
        QVERIFY2(answers.size() == 1, c.data().constData());
        verifyProblem(answers.first(), status, type);
        QVERIFY(!c.data().contains("smuggled"));
    }

    // The corpus's counterpart: the same requests well formed are answered, pipelined, on one connection.
    void wellFormedRequestsStillServed()
    {
        RawConnection c(m_port);
        QVERIFY(c.ok());
        QVERIFY(c.send("POST /v1/ping HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                       "POST /v1/ping HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
                       "GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Request-Id: third\r\n\r\n"));
        c.read(kWaitMs, 3);
        const QList<RawResponse> answers = c.responses();
        QCOMPARE(answers.size(), 3);
        QCOMPARE(answers[0].status, 405); // POST /v1/ping: the route is GET only, so framing passed
        QCOMPARE(answers[1].status, 405);
        QCOMPARE(answers[2].status, 200);
        QCOMPARE(answers[2].header("x-request-id"), QByteArray("third"));
    }

    void oversized_data()
    {
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<qint64>("filler");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        const qint64 mb200 = 200LL * 1024 * 1024;
        QTest::newRow("200 MB header") << QByteArray("GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Big: ") << mb200 << 431 << QString::fromLatin1(kHeadersTooLarge);
        QTest::newRow("200 MB body") << "POST /v1/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(mb200) + "\r\n\r\n"
                                     << mb200 << 413 << QString::fromLatin1(problem::PayloadTooLarge);
        QTest::newRow("200 MB chunk") << QByteArray("POST /v1/documents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nC800000\r\n")
                                      << mb200 << 413 << QString::fromLatin1(problem::PayloadTooLarge);
        QTest::newRow("chunks adding up past the limit")
            << "POST /v1/documents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + QByteArray("20000\r\n") + QByteArray(0x20000, 'a') + "\r\n20001\r\n"
            << mb200 << 413 << QString::fromLatin1(problem::PayloadTooLarge);
    }

    // Refused while reading: the server's peak memory does not grow by what the client sends.
    void oversized()
    {
        QFETCH(QByteArray, prefix);
        QFETCH(qint64, filler);
        QFETCH(int, status);
        QFETCH(QString, type);
        const qint64 before = peakRssKib(m_pid);
        RawConnection c(m_port);
        QVERIFY(c.ok());
        c.flood(prefix, filler);
        const QList<RawResponse> answers = c.responses();
        QVERIFY2(answers.size() == 1, c.data().left(500).constData());
        verifyProblem(answers.first(), status, type);
        const qint64 after = peakRssKib(m_pid);
        QVERIFY2(after - before < 64 * 1024, qPrintable(QStringLiteral("peak RSS grew from %1 KiB to %2 KiB").arg(before).arg(after)));
    }

    // The 413 comes from the declared length alone: the client has sent none of the body.
    void bodyLimitBeforeTheBody()
    {
        RawConnection c(m_port);
        QVERIFY(c.ok());
        QVERIFY(c.send("POST /v1/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 262145\r\n\r\n"));
        c.read(kWaitMs, 1);
        QCOMPARE(c.responses().size(), 1);
        verifyProblem(c.responses().first(), 413, QString::fromLatin1(problem::PayloadTooLarge));
        c.read(kWaitMs);
        QVERIFY(c.closed());
    }

    void timeouts_data()
    {
        QTest::addColumn<QByteArray>("partial");
        QTest::newRow("half-sent header") << QByteArray("GET /v1/ping HTTP/1.1\r\nHost: x\r\n");
        QTest::newRow("half-sent request line") << QByteArray("GET /v1/pi");
        QTest::newRow("half-sent body") << QByteArray("POST /v1/ping HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        QTest::newRow("half-sent chunked body") << QByteArray("POST /v1/ping HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
    }

    void timeouts()
    {
        QFETCH(QByteArray, partial);
        RawConnection c(m_port);
        QVERIFY(c.ok());
        QVERIFY(c.send(partial));
        c.read(kWaitMs);
        QVERIFY(c.closed());
        QCOMPARE(c.responses().size(), 1);
        verifyProblem(c.responses().first(), 408, QString::fromLatin1(kTimeout));
    }

    // A header trickled byte by byte gets no longer than the header timeout in all.
    void trickledHeaderTimesOut()
    {
        RawConnection c(m_port);
        QVERIFY(c.ok());
        const QByteArray request = "GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Slow: " + QByteArray(200, 'a') + "\r\n\r\n";
        QElapsedTimer t;
        t.start();
        for (qsizetype i = 0; i < request.size() && !c.closed() && t.elapsed() < kWaitMs; ++i) {
            if (!c.send(request.mid(i, 1)))
                break;
            c.read(100);
        }
        c.read(kWaitMs);
        QVERIFY(c.closed());
        QCOMPARE(c.responses().size(), 1);
        verifyProblem(c.responses().first(), 408, QString::fromLatin1(kTimeout));
    }

    void idleConnectionClosed()
    {
        RawConnection fresh(m_port);
        QVERIFY(fresh.ok());
        fresh.read(kWaitMs);
        QVERIFY(fresh.closed());
        QVERIFY(fresh.data().isEmpty()); // idle is not an error: closed without an answer

        RawConnection used(m_port);
        QVERIFY(used.ok());
        QVERIFY(used.send("GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n"));
        used.read(kWaitMs);
        QVERIFY(used.closed());
        QCOMPARE(used.responses().size(), 1);
        QCOMPARE(used.responses().first().status, 200);
    }

    // A hundred connections trickling headers hold no worker: a request beside them is answered.
    void slowlorisDoesNotStarve()
    {
        std::vector<std::unique_ptr<RawConnection>> slow;
        for (int i = 0; i < 100; ++i) {
            slow.push_back(std::make_unique<RawConnection>(m_port));
            QVERIFY(slow.back()->ok());
            QVERIFY(slow.back()->send("GET /v1/ping HTTP/1.1\r\nHost: x\r\n"));
        }
        RawConnection c(m_port);
        QVERIFY(c.ok());
        QVERIFY(c.send("GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        c.read(kWaitMs);
        QCOMPARE(c.responses().size(), 1);
        QCOMPARE(c.responses().first().status, 200);
    }

    // A request slow on the database, then a ping, on one connection: the answers keep that order.
    void pipelinedAnswersInOrder()
    {
        store::PgConfig config{m_fx.cluster().socketDir(), m_fx.cluster().port(), m_fx.server().database(), m_fx.cluster().superuser(),
                               QStringLiteral("tst_http_transport")};
        store::PgConnection locker(config);
        locker.exec(QStringLiteral("BEGIN"));
        // Resolving a token reads api_tokens: the first request waits for this lock.
        locker.exec(QStringLiteral("LOCK TABLE api_tokens IN ACCESS EXCLUSIVE MODE"));
        RawConnection c(m_port);
        QVERIFY(c.ok());
        QVERIFY(c.send("GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Request-Id: slow\r\nAuthorization: Bearer ptt_" + QUuid::createUuid().toByteArray(QUuid::Id128) +
                       "\r\n\r\nGET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Request-Id: fast\r\n\r\n"));
        c.read(1000, 1); // the ping is not answered ahead of the blocked request
        QCOMPARE(c.responses().size(), 0);
        locker.exec(QStringLiteral("COMMIT"));
        c.read(kWaitMs, 2);
        const QList<RawResponse> answers = c.responses();
        QCOMPARE(answers.size(), 2);
        QCOMPARE(answers[0].header("x-request-id"), QByteArray("slow"));
        QCOMPARE(answers[0].status, 401);
        QCOMPARE(answers[1].header("x-request-id"), QByteArray("fast"));
        QCOMPARE(answers[1].status, 200);
    }

    void http10()
    {
        RawConnection c(m_port);
        QVERIFY(c.ok());
        QVERIFY(c.send("GET /v1/ping HTTP/1.0\r\n\r\n" + kSmuggled));
        c.read(kWaitMs);
        QVERIFY(c.closed());
        QCOMPARE(c.responses().size(), 1);
        QVERIFY2(c.responses().first().statusLine.startsWith("HTTP/1.0 200"), c.responses().first().statusLine.constData());

        RawConnection kept(m_port);
        QVERIFY(kept.ok());
        QVERIFY(kept.send("GET /v1/ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        kept.read(kWaitMs, 1);
        QCOMPARE(kept.responses().size(), 1);
        QVERIFY(kept.responses().first().statusLine.startsWith("HTTP/1.0 200"));
        QCOMPARE(kept.responses().first().header("connection").toLower(), QByteArray("keep-alive"));
        QVERIFY(!kept.closed());
        QVERIFY(kept.send("GET /v1/ping HTTP/1.0\r\n\r\n"));
        kept.read(kWaitMs);
        QCOMPARE(kept.responses().size(), 2);
        QVERIFY(kept.closed());
    }

    void connectionClose()
    {
        RawConnection c(m_port);
        QVERIFY(c.ok());
        QVERIFY(c.send("GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + kSmuggled));
        c.read(kWaitMs);
        QVERIFY(c.closed());
        QCOMPARE(c.responses().size(), 1);
        QCOMPARE(c.responses().first().status, 200);
        QCOMPARE(c.responses().first().header("connection").toLower(), QByteArray("close"));
        QVERIFY(c.responses().first().statusLine.startsWith("HTTP/1.1 200"));
    }

    void methodNamed_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("named");
        for (const char *m : {"FOO", "PROPFIND", "TRACE", "get", "Delete"})
            QTest::newRow(m) << QByteArray(m) << QString::fromLatin1(m);
        const QByteArray longMethod(100, 'X');
        QTest::newRow("long method, capped") << longMethod << QString(32, QLatin1Char('X')) + QStringLiteral("...");
    }

    void methodNamed()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, named);
        RawConnection c(m_port);
        QVERIFY(c.ok());
        QVERIFY(c.send(method + " /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        c.read(kWaitMs);
        QCOMPARE(c.responses().size(), 1);
        const RawResponse r = c.responses().first();
        verifyProblem(r, 405, QString::fromLatin1(problem::MethodNotAllowed));
        QCOMPARE(r.header("allow"), QByteArray("GET, HEAD"));
        const QString detail = r.json().value(QStringLiteral("detail")).toString();
        QVERIFY2(detail.startsWith(named + QStringLiteral(" is not allowed")), qPrintable(detail));
        QVERIFY(!detail.contains(QStringLiteral("UNKNOWN")));
    }

    // Past its cap an address's new connection gets one 503 problem and is closed; a place given
    // back is free again.
    void connectionsPerAddressAreCapped()
    {
        ServerProcess capped(m_fx.cluster());
        QVERIFY2(capped.start({QStringLiteral("--max-connections-per-address"), QStringLiteral("4")}), qPrintable(capped.errorString()));
        const quint16 port = quint16(capped.baseUrl().port());
        const QByteArray ping = "GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n";
        std::vector<std::unique_ptr<RawConnection>> open;
        for (int i = 0; i < 4; ++i) {
            open.push_back(std::make_unique<RawConnection>(port));
            QVERIFY(open.back()->ok());
            QVERIFY(open.back()->send(ping));
            open.back()->read(kWaitMs, 1);
            QCOMPARE(open.back()->responses().size(), 1);
            QCOMPARE(open.back()->responses().first().status, 200);
        }
        RawConnection over(port);
        QVERIFY(over.ok());
        over.send(ping); // may fail once the server has closed it
        over.read(kWaitMs);
        QVERIFY(over.closed());
        QCOMPARE(over.responses().size(), 1);
        verifyProblem(over.responses().first(), 503, QString::fromLatin1(problem::Unavailable));

        open.pop_back(); // closes it; the server sees the end of the stream and frees the place
        int status = 0;
        for (int tries = 0; tries < 50 && status != 200; ++tries) {
            RawConnection again(port);
            QVERIFY(again.ok());
            again.send(ping);
            again.read(kWaitMs, 1);
            status = again.responses().isEmpty() ? 0 : again.responses().first().status;
            if (status != 200)
                QThread::msleep(100);
        }
        QCOMPARE(status, 200);
    }
};

QTEST_GUILESS_MAIN(TestHttpTransport)
#include "tst_http_transport.moc"
