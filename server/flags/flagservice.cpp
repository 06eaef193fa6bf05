#include "server/flags/flagservice.h"
#include "server/flags/flagstore.h"
#include "core/tenant.h"
#include "server/store/database.h"
#include "server/store/notifylistener.h"
#include <QCoreApplication>
#include <QDateTime>
#include <spdlog/spdlog.h>

namespace portico::flags {

FlagService::FlagService(store::Database &db, QObject *parent)
    : QObject(parent), m_db(db), m_snapshot(std::make_shared<Snapshot>()), m_answers(std::make_shared<AnswerCache>(*m_snapshot))
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

AnswerCache::Answer FlagService::evaluations(const QUuid &tenant, const QUuid &member, const QString &requestedUser, bool asMap) const
{
    std::shared_ptr<const Snapshot> snap;
    std::shared_ptr<AnswerCache> answers;
    {
        std::lock_guard lock(m_mutex);
        snap = m_snapshot;
        answers = m_answers;
    }
    return answers->evaluations(*snap, tenant, evaluationUser(member, requestedUser), asMap, QDateTime::currentMSecsSinceEpoch());
}

AnswerCache::Stats FlagService::answerStats() const
{
    std::shared_ptr<AnswerCache> answers;
    {
        std::lock_guard lock(m_mutex);
        answers = m_answers;
    }
    return answers->stats();
}

std::shared_ptr<Snapshot> FlagService::load(store::PgConnection &c) { return flagstore::loadSnapshot(c); }

void FlagService::reload()
{
    // One reload at a time, load and swap together: a reload that began before a commit (the
    // listener's, for an earlier notification) must not swap its older snapshot in after the
    // writer's own reload, which would hide the write until the next notification.
    std::lock_guard serial(m_reloadMutex);
    auto fresh = load(*m_db.control());
    auto answers = std::make_shared<AnswerCache>(*fresh);
    std::lock_guard lock(m_mutex);
    fresh->version = m_snapshot->version + 1;
    m_snapshot = std::move(fresh);
    m_answers = std::move(answers); // nothing evaluated from the old snapshot is served again
    ++m_reloads;
}

void FlagService::tryReload()
{
    try {
        reload();
    } catch (const std::exception &e) {
        spdlog::error("flag snapshot reload failed: {}", e.what());
    }
}

void FlagService::listenOn(store::NotifyListener &listener)
{
    // Every notification means "something changed": the payload is not needed to reload.
    store::NotifyListener::Options options;
    options.coalesce = true;
    options.resyncEvery = std::chrono::minutes(1);
    listener.subscribe("portico_flags", [this](const QByteArray &) { tryReload(); }, [this] { tryReload(); }, options);
}

void FlagService::startListening()
{
    if (m_ownListener)
        return;
    m_ownListener = std::make_unique<store::NotifyListener>(m_db);
    listenOn(*m_ownListener);
    m_ownListener->start();
}

void FlagService::stop()
{
    if (m_ownListener)
        m_ownListener->stop();
}

QString evaluationUser(const QUuid &member, const QString &requestedUser)
{
    // A member's token evaluates for that member, whatever it asks; a tenant token for the user it names.
    return member.isNull() ? requestedUser : idToString(member);
}

Context tenantContext(const Snapshot &snap, const QUuid &tenant, const QUuid &member, const QString &requestedUser)
{
    return Context::make(tenant, snap.tenantPlan(tenant), evaluationUser(member, requestedUser), QDateTime::currentMSecsSinceEpoch());
}

} // namespace portico::flags
