#include "models/directorycache.h"
#include "models/localstore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcLocal)

namespace portico {

namespace {
constexpr auto kColumns = "id, name, slug, state, plan, region, model, created_utc";

bool bindTenant(QSqlQuery &q, const Tenant &t)
{
    q.addBindValue(idToString(t.id));
    q.addBindValue(t.name);
    q.addBindValue(t.slug);
    q.addBindValue(toString(t.state));
    q.addBindValue(toString(t.plan));
    q.addBindValue(t.region.isNull() ? QStringLiteral("") : t.region);
    q.addBindValue(toString(t.isolation()));
    q.addBindValue(t.createdAt.isValid() ? t.createdAt.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral(""));
    return q.exec();
}

Tenant readTenant(const QSqlQuery &q)
{
    Tenant t;
    t.id = QUuid::fromString(q.value(0).toString());
    t.name = q.value(1).toString();
    t.slug = q.value(2).toString();
    t.state = parseTenantState(q.value(3).toString()).value_or(TenantState::Active);
    t.plan = parsePlan(q.value(4).toString()).value_or(Plan::Free);
    t.region = q.value(5).toString();
    t.placement.region = t.region;
    t.placement.model = parseIsolationModel(q.value(6).toString()).value_or(IsolationModel::Shared);
    t.createdAt = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs).toUTC();
    return t;
}

constexpr auto kUpsert = "INSERT INTO directory_tenant (id, name, slug, state, plan, region, model, created_utc)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, slug = excluded.slug,"
                         " state = excluded.state, plan = excluded.plan, region = excluded.region, model = excluded.model,"
                         " created_utc = excluded.created_utc";
} // namespace

DirectoryCache::DirectoryCache(LocalStore *store, QObject *parent) : QObject(parent), m_store(store) {}

bool DirectoryCache::replace(const QList<Tenant> &tenants, const QDateTime &fetchedAt)
{
    if (!m_store->isOpen())
        return false;
    QSqlDatabase db = m_store->database();
    if (!db.transaction())
        return false;
    bool ok = true;
    QString error;
    {
        QSqlQuery q(db);
        ok = q.exec(QStringLiteral("DELETE FROM directory_tenant"));
        if (ok) {
            q.prepare(QLatin1String(kUpsert));
            for (const Tenant &t : tenants) {
                if (!bindTenant(q, t)) {
                    ok = false;
                    break;
                }
            }
        }
        if (ok) {
            q.prepare(QStringLiteral("INSERT INTO directory_fetch (id, fetched_utc, tenant_count) VALUES (1, ?, ?)"
                                     " ON CONFLICT (id) DO UPDATE SET fetched_utc = excluded.fetched_utc, tenant_count = excluded.tenant_count"));
            q.addBindValue(fetchedAt.toUTC().toString(Qt::ISODateWithMs));
            q.addBindValue(int(tenants.size()));
            ok = q.exec();
        }
        if (!ok)
            error = q.lastError().text();
    }
    if (!ok || !db.commit()) {
        qCWarning(lcLocal, "directory cache: cannot replace %lld tenants: %s", static_cast<long long>(tenants.size()),
                  qUtf8Printable(ok ? db.lastError().text() : error));
        db.rollback();
        return false;
    }
    Q_EMIT replaced(int(tenants.size()));
    return true;
}

bool DirectoryCache::upsert(const Tenant &tenant)
{
    if (!m_store->isOpen() || tenant.id.isNull())
        return false;
    QSqlQuery q(m_store->database());
    q.prepare(QLatin1String(kUpsert));
    return bindTenant(q, tenant);
}

QList<Tenant> DirectoryCache::search(const QString &text, int limit) const
{
    QList<Tenant> out;
    if (!m_store->isOpen())
        return out;
    const QString needle = text.trimmed();
    QSqlQuery q(m_store->database());
    q.setForwardOnly(true);
    if (needle.isEmpty()) {
        q.prepare(QStringLiteral("SELECT %1 FROM directory_tenant ORDER BY name COLLATE NOCASE, id LIMIT ?").arg(QLatin1String(kColumns)));
        q.addBindValue(qMax(1, limit));
    } else {
        const QString escaped = likeEscaped(needle);
        const QString contains = QLatin1Char('%') + escaped + QLatin1Char('%');
        const QString prefix = escaped + QLatin1Char('%');
        q.prepare(QStringLiteral("SELECT %1 FROM directory_tenant"
                                 " WHERE name LIKE ? ESCAPE '\\' OR slug LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\'"
                                 " ORDER BY (name LIKE ? ESCAPE '\\' OR slug LIKE ? ESCAPE '\\') DESC, name COLLATE NOCASE, id LIMIT ?")
                      .arg(QLatin1String(kColumns)));
        for (const QString &v : {contains, contains, contains, prefix, prefix})
            q.addBindValue(v);
        q.addBindValue(qMax(1, limit));
    }
    if (!q.exec()) {
        qCWarning(lcLocal, "directory cache: search failed: %s", qUtf8Printable(q.lastError().text()));
        return out;
    }
    while (q.next())
        out << readTenant(q);
    return out;
}

std::optional<Tenant> DirectoryCache::tenant(const QString &id) const
{
    if (!m_store->isOpen())
        return std::nullopt;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT %1 FROM directory_tenant WHERE id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(id.toLower());
    if (q.exec() && q.next())
        return readTenant(q);
    return std::nullopt;
}

int DirectoryCache::count() const
{
    if (!m_store->isOpen())
        return 0;
    QSqlQuery q(m_store->database());
    return q.exec(QStringLiteral("SELECT count(*) FROM directory_tenant")) && q.next() ? q.value(0).toInt() : 0;
}

std::optional<QDateTime> DirectoryCache::fetchedAt() const
{
    if (!m_store->isOpen())
        return std::nullopt;
    QSqlQuery q(m_store->database());
    if (q.exec(QStringLiteral("SELECT fetched_utc FROM directory_fetch WHERE id = 1")) && q.next()) {
        const QDateTime t = QDateTime::fromString(q.value(0).toString(), Qt::ISODateWithMs);
        if (t.isValid())
            return t.toUTC();
    }
    return std::nullopt;
}

std::optional<std::chrono::seconds> DirectoryCache::age(const QDateTime &now) const
{
    const auto at = fetchedAt();
    if (!at)
        return std::nullopt;
    return std::chrono::seconds(std::max<qint64>(0, at->secsTo(now)));
}

QString DirectoryCache::describeAge(std::chrono::seconds age)
{
    const qint64 s = age.count();
    const auto tr = [](const char *text, int n = -1) { return QCoreApplication::translate("portico::DirectoryCache", text, nullptr, n); };
    if (s < 60)
        return tr("less than a minute");
    if (s < 3600)
        return tr("%n min", int(s / 60));
    if (s < 86400) {
        const int minutes = int((s % 3600) / 60);
        return minutes == 0 ? tr("%n h", int(s / 3600)) : tr("%1 h %2 min").arg(s / 3600).arg(minutes);
    }
    const qint64 days = s / 86400;
    return days == 1 ? tr("1 day") : tr("%1 days").arg(days);
}

} // namespace portico
