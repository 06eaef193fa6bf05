#include "server/flags/flagservice.h"
#include "server/flags/flagstore.h"
#include "core/tenant.h"
#include "server/store/database.h"
#include "server/store/schema.h"
#include <QCoreApplication>
#include <QDateTime>
#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

namespace portico::flags {

FlagService::FlagService(store::Database &db, QObject *parent) : QObject(parent), m_db(db), m_snapshot(std::make_shared<Snapshot>())
{
    if (auto *app = QCoreApplication::instance())
        connect(app, &QCoreApplication::aboutToQuit, this, &FlagService::stop);
}

FlagService::~FlagService() { stop(); }

std::shared_ptr<const Snapshot> FlagService::snapshot() const
{
    std::lock_guard lock(m_mutex);
    return m_snapshot;
}

std::shared_ptr<Snapshot> FlagService::load(store::PgConnection &c) { return flagstore::loadSnapshot(c); }

void FlagService::reload()
{
    auto fresh = load(*m_db.control());
    std::lock_guard lock(m_mutex);
    fresh->version = m_snapshot->version + 1;
    m_snapshot = std::move(fresh);
    ++m_reloads;
}

void FlagService::startListening()
{
    if (m_thread.joinable())
        return;
    m_stop = false;
    m_thread = std::thread([this] { listenLoop(); });
}

void FlagService::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void FlagService::listenLoop()
{
    const QByteArray info = m_db.controlConfig(QString::fromLatin1(store::kAppRole)).connInfo();
    PGconn *conn = nullptr;
    qint64 lastReload = 0;
    const auto tryReload = [&] {
        try {
            reload();
            lastReload = QDateTime::currentMSecsSinceEpoch();
        } catch (const std::exception &e) {
            spdlog::error("flag snapshot reload failed: {}", e.what());
        }
    };
    while (!m_stop) {
        if (!conn || PQstatus(conn) != CONNECTION_OK) {
            if (conn)
                PQfinish(conn);
            conn = PQconnectdb(info.constData());
            PGresult *r = PQstatus(conn) == CONNECTION_OK ? PQexec(conn, "LISTEN portico_flags") : nullptr;
            const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
            if (r)
                PQclear(r);
            if (!ok) {
                spdlog::warn("flag listener cannot LISTEN ({}); retrying", PQerrorMessage(conn));
                for (int i = 0; i < 10 && !m_stop; ++i)
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            tryReload(); // whatever changed while we were not listening
        }
        pollfd p{PQsocket(conn), POLLIN, 0};
        const int ready = ::poll(&p, 1, 200);
        bool notified = false;
        if (ready > 0) {
            if (!PQconsumeInput(conn)) {
                spdlog::warn("flag listener lost its connection: {}", PQerrorMessage(conn));
                PQfinish(conn);
                conn = nullptr;
                continue;
            }
            while (PGnotify *n = PQnotifies(conn)) {
                notified = true;
                PQfreemem(n);
            }
        }
        if (notified || QDateTime::currentMSecsSinceEpoch() - lastReload > 60000)
            tryReload();
    }
    if (conn)
        PQfinish(conn);
}

Context tenantContext(const Snapshot &snap, const QUuid &tenant, const QUuid &member, const QString &requestedUser)
{
    const QString user = member.isNull() ? requestedUser : idToString(member);
    return Context::make(tenant, snap.tenantPlan(tenant), user, QDateTime::currentMSecsSinceEpoch());
}

} // namespace portico::flags
