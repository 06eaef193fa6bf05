#include "server/store/notifylistener.h"
#include "server/store/database.h"
#include "server/store/schema.h"
#include <QDateTime>
#include <QList>
#include <libpq-fe.h>
#include <poll.h>
#include <algorithm>
#include <spdlog/spdlog.h>

namespace portico::store {

NotifyListener::NotifyListener(Database &db) : m_db(db) {}

NotifyListener::~NotifyListener() { stop(); }

void NotifyListener::subscribe(const QByteArray &channel, Handler onNotify, std::function<void()> resync, Options options)
{
    m_channels.insert(channel, {std::move(onNotify), std::move(resync), options, 0});
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
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (auto it = m_channels.begin(); it != m_channels.end(); ++it) {
                it->lastMs = now;
                if (it->resync)
                    call("resync", it.key(), it->resync);
            }
        }
        pollfd p{PQsocket(conn), POLLIN, 0};
        if (::poll(&p, 1, 200) > 0) {
            if (!PQconsumeInput(conn)) {
                spdlog::warn("notification listener lost its connection: {}", PQerrorMessage(conn));
                PQfinish(conn);
                conn = nullptr;
                continue;
            }
            QList<std::pair<QByteArray, QByteArray>> coalesced; // (channel, last payload)
            while (PGnotify *n = PQnotifies(conn)) {
                const QByteArray channel(n->relname), payload(n->extra);
                PQfreemem(n);
                const auto it = m_channels.find(channel);
                if (it == m_channels.end() || !it->onNotify)
                    continue;
                it->lastMs = QDateTime::currentMSecsSinceEpoch();
                if (!it->options.coalesce) {
                    call("notification", channel, [&] { it->onNotify(payload); });
                    continue;
                }
                const auto seen = std::find_if(coalesced.begin(), coalesced.end(), [&](const auto &c) { return c.first == channel; });
                if (seen == coalesced.end())
                    coalesced.append({channel, payload});
                else
                    seen->second = payload;
            }
            for (const auto &[channel, payload] : coalesced) {
                const Channel &c = m_channels[channel];
                call("notification", channel, [&] { c.onNotify(payload); });
            }
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (auto it = m_channels.begin(); it != m_channels.end(); ++it) {
            const qint64 every = it->options.resyncEvery.count();
            if (every > 0 && it->resync && now - it->lastMs >= every) {
                it->lastMs = now;
                call("resync", it.key(), it->resync);
            }
        }
    }
    m_connected = false;
    if (conn)
        PQfinish(conn);
}

} // namespace portico::store
