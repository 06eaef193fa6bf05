#include "server/store/notifylistener.h"
#include "server/store/database.h"
#include "server/store/schema.h"
#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

namespace portico::store {

NotifyListener::NotifyListener(Database &db) : m_db(db) {}

NotifyListener::~NotifyListener() { stop(); }

void NotifyListener::subscribe(const QByteArray &channel, Handler onNotify, std::function<void()> resync)
{
    m_channels.insert(channel, {std::move(onNotify), std::move(resync)});
}

void NotifyListener::start()
{
    if (m_thread.joinable())
        return;
    m_stop = false;
    m_thread = std::thread([this] { run(); });
}

void NotifyListener::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void NotifyListener::run()
{
    const QByteArray info = m_db.controlConfig(QString::fromLatin1(kAppRole)).connInfo();
    const auto call = [](const char *what, const QByteArray &channel, const std::function<void()> &fn) {
        try {
            fn();
        } catch (const std::exception &e) {
            spdlog::error("{} for {} failed: {}", what, channel.toStdString(), e.what());
        }
    };
    PGconn *conn = nullptr;
    while (!m_stop) {
        if (!conn || PQstatus(conn) != CONNECTION_OK) {
            m_connected = false;
            if (conn)
                PQfinish(conn);
            conn = PQconnectdb(info.constData());
            bool ok = PQstatus(conn) == CONNECTION_OK;
            for (auto it = m_channels.cbegin(); ok && it != m_channels.cend(); ++it) {
                // Channel names are ours (constants), never request data.
                PGresult *r = PQexec(conn, ("LISTEN " + it.key()).constData());
                ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
                PQclear(r);
            }
            if (!ok) {
                spdlog::warn("notification listener cannot LISTEN ({}); retrying", PQerrorMessage(conn));
                for (int i = 0; i < 5 && !m_stop; ++i)
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            m_connected = true;
            for (auto it = m_channels.cbegin(); it != m_channels.cend(); ++it)
                if (it->resync)
                    call("resync", it.key(), it->resync);
        }
        pollfd p{PQsocket(conn), POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0)
            continue;
        if (!PQconsumeInput(conn)) {
            spdlog::warn("notification listener lost its connection: {}", PQerrorMessage(conn));
            PQfinish(conn);
            conn = nullptr;
            continue;
        }
        while (PGnotify *n = PQnotifies(conn)) {
            const QByteArray channel(n->relname), payload(n->extra);
            PQfreemem(n);
            const auto it = m_channels.constFind(channel);
            if (it != m_channels.cend() && it->onNotify)
                call("notification", channel, [&] { it->onNotify(payload); });
        }
    }
    m_connected = false;
    if (conn)
        PQfinish(conn);
}

} // namespace portico::store
