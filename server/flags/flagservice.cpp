#include "server/flags/flagservice.h"
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

std::shared_ptr<Snapshot> FlagService::load(store::PgConnection &c)
{
    // One round trip, one implicit transaction: a consistent view of all three.
    const auto results = c.pipeline({{QStringLiteral("SELECT key, definition, version, created_at, updated_at FROM flags ORDER BY key"), {}},
                                     {QStringLiteral("SELECT flag_key, tenant_id, user_id, value FROM flag_overrides"), {}},
                                     {QStringLiteral("SELECT id, plan FROM tenants"), {}}});
    auto snap = std::make_shared<Snapshot>();
    QHash<QString, Flag> byKey;
    QStringList order;
    for (int i = 0; i < results[0].rows(); ++i) {
        config::ValueError e;
        QJsonObject def = results[0].json(i, 1).toObject();
        def.insert(QStringLiteral("version"), results[0].integer(i, 2));
        auto f = Flag::fromJson(def, &e);
        if (!f) {
            spdlog::error("flag {} has an invalid stored definition ({}: {}); not served", results[0].text(i, 0).toStdString(),
                          e.path.toStdString(), e.message.toStdString());
            continue;
        }
        f->createdAt = results[0].timestamp(i, 3);
        f->updatedAt = results[0].timestamp(i, 4);
        order << f->key;
        byKey.insert(f->key, *f);
    }
    for (int i = 0; i < results[1].rows(); ++i) {
        auto it = byKey.find(results[1].text(i, 0));
        if (it == byKey.end())
            continue;
        const int variant = it->variantOf(results[1].json(i, 3));
        if (variant < 0)
            continue;
        const QUuid tenant = results[1].uuid(i, 1);
        const QString user = results[1].text(i, 2);
        if (user.isEmpty())
            it->tenantOverrides.insert(idKey(tenant), variant);
        else
            it->userOverrides.insert(Context::make(tenant, -1, user, 0).userOverrideKey, variant);
    }
    for (const QString &key : order)
        snap->add(byKey.take(key));
    for (int i = 0; i < results[2].rows(); ++i)
        if (const auto plan = parsePlan(results[2].text(i, 1)))
            snap->setTenantPlan(results[2].uuid(i, 0), int(*plan));
    snap->link();
    return snap;
}

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

} // namespace portico::flags
