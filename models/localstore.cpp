#include "models/localstore.h"

#include <QAtomicInteger>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcLocal, "portico.localstore")

namespace portico {

namespace {
QAtomicInteger<quint64> g_connections;

QString lastError(const QSqlQuery &q)
{
    return q.lastError().text();
}
} // namespace

QString likeEscaped(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return escaped;
}

LocalStore::LocalStore(QString path)
    : m_path(std::move(path)), m_connection(QStringLiteral("portico-local-%1").arg(++g_connections))
{
}

LocalStore::~LocalStore()
{
    close();
}

QString LocalStore::pathForProfile(const QString &profileName, const QString &directory)
{
    QString dir = directory;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/local");
    QString readable = profileName.toLower();
    readable.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    readable = readable.left(40);
    while (readable.startsWith(QLatin1Char('-')))
        readable.remove(0, 1);
    while (readable.endsWith(QLatin1Char('-')))
        readable.chop(1);
    const QByteArray hash = QCryptographicHash::hash(profileName.toUtf8(), QCryptographicHash::Sha256).toHex().left(10);
    if (readable.isEmpty())
        readable = QStringLiteral("profile");
    return dir + QLatin1Char('/') + readable + QLatin1Char('-') + QString::fromLatin1(hash) + QStringLiteral(".sqlite");
}

QStringList LocalStore::migration(int version)
{
    switch (version) {
    case 1: // the activity journal
        return {QStringLiteral("CREATE TABLE journal ("
                               " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                               " at_utc TEXT NOT NULL," // ISO 8601 with ms, 'Z'
                               " profile TEXT NOT NULL DEFAULT '',"
                               " tenant_id TEXT NOT NULL DEFAULT '',"
                               " tenant_name TEXT NOT NULL DEFAULT '',"
                               " action TEXT NOT NULL,"
                               " target TEXT NOT NULL DEFAULT '',"
                               " before_summary TEXT NOT NULL DEFAULT '',"
                               " after_summary TEXT NOT NULL DEFAULT '',"
                               " reason TEXT NOT NULL DEFAULT '',"
                               " ok INTEGER NOT NULL,"
                               " http_status INTEGER NOT NULL DEFAULT 0,"
                               " problem_type TEXT NOT NULL DEFAULT '',"
                               " problem_detail TEXT NOT NULL DEFAULT '',"
                               " request_id TEXT NOT NULL DEFAULT '',"
                               " method TEXT NOT NULL DEFAULT '',"
                               " path TEXT NOT NULL DEFAULT '')")};
    case 2: // the directory cache, and the journal by time
        return {QStringLiteral("CREATE INDEX journal_at ON journal (at_utc)"),
                QStringLiteral("CREATE TABLE directory_tenant ("
                               " id TEXT PRIMARY KEY,"
                               " name TEXT NOT NULL,"
                               " slug TEXT NOT NULL,"
                               " state TEXT NOT NULL DEFAULT '',"
                               " plan TEXT NOT NULL DEFAULT '',"
                               " region TEXT NOT NULL DEFAULT '',"
                               " model TEXT NOT NULL DEFAULT '',"
                               " created_utc TEXT NOT NULL DEFAULT '')"),
                QStringLiteral("CREATE INDEX directory_tenant_name ON directory_tenant (name COLLATE NOCASE)"),
                QStringLiteral("CREATE TABLE directory_fetch ("
                               " id INTEGER PRIMARY KEY CHECK (id = 1),"
                               " fetched_utc TEXT NOT NULL,"
                               " tenant_count INTEGER NOT NULL)")};
    default: return {};
    }
}

bool LocalStore::open()
{
    close();
    m_error.clear();
    m_setAsidePath.clear();
    m_setAsideReason.clear();
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QString why;
    switch (openAndMigrate(&why)) {
    case Outcome::Ready: return true;
    case Outcome::Failed: m_error = why; return false;
    case Outcome::Untrusted: break;
    }
    if (!setAside(why))
        return false;
    QString again;
    if (openAndMigrate(&again) == Outcome::Ready)
        return true;
    m_error = again;
    close();
    return false;
}

LocalStore::Outcome LocalStore::openAndMigrate(QString *why)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    if (!m_db.isValid()) {
        *why = QStringLiteral("the QSQLITE driver is not available (install libqt6sql6-sqlite)");
        close();
        return Outcome::Failed;
    }
    m_db.setDatabaseName(m_path);
    if (!m_db.open()) {
        *why = QStringLiteral("cannot open: ") + m_db.lastError().text();
        close();
        return Outcome::Untrusted;
    }
    int version = 0;
    {
        QSqlQuery q(m_db);
        // The first read of a file that is not a database fails here ("file is not a database").
        if (!q.exec(QStringLiteral("PRAGMA integrity_check")) || !q.next()) {
            *why = QStringLiteral("integrity check could not run: ") + lastError(q);
            close();
            return Outcome::Untrusted;
        }
        if (const QString verdict = q.value(0).toString(); verdict != QLatin1String("ok")) {
            *why = QStringLiteral("integrity check: ") + verdict;
            close();
            return Outcome::Untrusted;
        }
        q.finish();
        (void)q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        (void)q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
        if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))) {
            *why = QStringLiteral("cannot create schema_version: ") + lastError(q);
            close();
            return Outcome::Untrusted;
        }
        if (!q.exec(QStringLiteral("SELECT version FROM schema_version"))) {
            *why = QStringLiteral("unreadable schema_version: ") + lastError(q);
            close();
            return Outcome::Untrusted;
        }
        int rows = 0;
        bool numeric = true;
        while (q.next()) {
            ++rows;
            version = q.value(0).toInt(&numeric);
        }
        if (rows > 1 || !numeric) {
            *why = QStringLiteral("unreadable schema_version (%1 rows)").arg(rows);
            close();
            return Outcome::Untrusted;
        }
    }
    if (version > kSchemaVersion) {
        *why = QStringLiteral("schema version %1 is newer than this console's %2").arg(version).arg(kSchemaVersion);
        close();
        return Outcome::Untrusted;
    }
    if (!migrate(version, why)) {
        close();
        return Outcome::Untrusted;
    }
    m_open = true;
    return Outcome::Ready;
}

bool LocalStore::migrate(int from, QString *why)
{
    for (int step = from + 1; step <= kSchemaVersion; ++step) {
        if (!m_db.transaction()) {
            *why = QStringLiteral("cannot begin migration %1: %2").arg(step).arg(m_db.lastError().text());
            return false;
        }
        QSqlQuery q(m_db);
        QStringList statements = migration(step);
        statements << (step == 1 ? QStringLiteral("INSERT INTO schema_version (version) VALUES (1)")
                                 : QStringLiteral("UPDATE schema_version SET version = %1").arg(step));
        for (const QString &sql : std::as_const(statements)) {
            if (!q.exec(sql)) {
                *why = QStringLiteral("migration %1 failed: %2").arg(step).arg(lastError(q));
                q.finish();
                m_db.rollback();
                return false;
            }
        }
        q.finish();
        if (!m_db.commit()) {
            *why = QStringLiteral("cannot commit migration %1: %2").arg(step).arg(m_db.lastError().text());
            m_db.rollback();
            return false;
        }
        qCInfo(lcLocal, "%s: migrated to schema version %d", qUtf8Printable(m_path), step);
    }
    return true;
}

int LocalStore::schemaVersion() const
{
    if (!m_open)
        return 0;
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT version FROM schema_version")) && q.next())
        return q.value(0).toInt();
    return 0;
}

void LocalStore::close()
{
    m_open = false;
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_connection))
        QSqlDatabase::removeDatabase(m_connection);
}

bool LocalStore::setAside(const QString &why)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    QString target = m_path + QStringLiteral(".corrupt-") + stamp;
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = m_path + QStringLiteral(".corrupt-") + stamp + QLatin1Char('-') + QString::number(n);
    if (!QFile::rename(m_path, target)) {
        m_error = QStringLiteral("%1 is unusable (%2) and cannot be set aside").arg(m_path, why);
        qCWarning(lcLocal, "%s", qUtf8Printable(m_error));
        return false;
    }
    // A rollback journal left beside it belongs to the old file, not to the fresh one.
    for (const char *suffix : {"-journal", "-wal", "-shm"})
        if (QFileInfo::exists(m_path + QLatin1String(suffix)))
            QFile::rename(m_path + QLatin1String(suffix), target + QLatin1String(suffix));
    m_setAsidePath = target;
    m_setAsideReason = why;
    qCWarning(lcLocal, "%s set aside as %s: %s; starting a fresh local store", qUtf8Printable(m_path), qUtf8Printable(target),
              qUtf8Printable(why));
    return true;
}

} // namespace portico
