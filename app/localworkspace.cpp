#include "app/localworkspace.h"
#include "models/activityjournal.h"
#include "models/directorycache.h"
#include "models/directorysync.h"
#include "models/localstore.h"
#include "models/writedescription.h"

#include <QJsonObject>

namespace portico {

LocalWorkspace::LocalWorkspace(ApiClient *client, const ConnectionProfile &profile, QObject *parent, const QString &path)
    : QObject(parent), m_profile(profile),
      m_store(std::make_unique<LocalStore>(path.isEmpty() ? LocalStore::pathForProfile(profile.name) : path)),
      m_journal(new ActivityJournal(m_store.get(), this)), m_directory(new DirectoryCache(m_store.get(), this)),
      m_sync(new DirectorySync(client, m_directory, this))
{
    if (!m_store->open())
        qWarning("local store unavailable, no journal or directory cache this session: %s", qUtf8Printable(m_store->errorString()));
    connect(client, &ApiClient::writeFinished, this, &LocalWorkspace::record);
}

LocalWorkspace::~LocalWorkspace()
{
    // The journal and cache are children and die after m_store otherwise; they hold no queries.
    delete m_sync;
    delete m_directory;
    delete m_journal;
}

void LocalWorkspace::record(const WriteRecord &write)
{
    JournalEntry entry = describeWrite(write, m_profile.name);
    const std::optional<Tenant> known = entry.tenantId.isEmpty() ? std::nullopt : m_directory->tenant(entry.tenantId);
    if (known && entry.tenantName.isEmpty())
        entry.tenantName = known->name;
    // A tenant edit: "before" is what the directory knew of the fields changed.
    const QJsonObject body = QJsonDocument::fromJson(write.body).object();
    if (known && entry.method == QLatin1String("PATCH") && write.path.count(QLatin1Char('/')) == 3) {
        QStringList before;
        if (body.contains(QStringLiteral("name")))
            before << QStringLiteral("name=") + known->name;
        if (body.contains(QStringLiteral("state")))
            before << QStringLiteral("state=") + toString(known->state);
        if (body.contains(QStringLiteral("plan")))
            before << QStringLiteral("plan=") + toString(known->plan);
        entry.before = before.join(QStringLiteral(", "));
    }
    m_journal->append(entry);
    // The answer of a tenant write is the tenant as it is now: keep the directory current.
    if (write.ok() && write.path.startsWith(QLatin1String("/v1/tenants")) && write.path.count(QLatin1Char('/')) <= 3)
        if (const auto tenant = Tenant::fromJson(write.answer.object()))
            m_directory->upsert(*tenant);
}

} // namespace portico
