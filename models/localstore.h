#pragma once
// The console's own local database: one SQLite file (QtSql's QSQLITE) per connection profile,
// holding what this operator did (ActivityJournal) and the last known tenant directory
// (DirectoryCache). Headless; each store has its own named QSqlDatabase connection.
//
// open() brings the schema to kSchemaVersion through numbered migrations (table schema_version,
// each step in its own transaction). A file that cannot be opened, fails PRAGMA integrity_check,
// or carries an unreadable or newer schema is never trusted and never a crash: it is renamed to
// "<name>.corrupt-<UTC timestamp>" and a fresh store is created in its place (setAsidePath() says
// where the old one went, setAsideReason() why).

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace portico {

// `text` with LIKE's wildcards (and the escape character) escaped, for "… LIKE ? ESCAPE '\\'".
QString likeEscaped(const QString &text);

class LocalStore
{
public:
    static constexpr int kSchemaVersion = 2;

    // path: the SQLite file (its directory is created when missing).
    explicit LocalStore(QString path);
    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    // The file of a profile under `directory` (default: AppDataLocation/local), named by the
    // profile's name (its identity in ProfileStore): a readable part plus a hash, so two names
    // that differ only in punctuation still get two files.
    static QString pathForProfile(const QString &profileName, const QString &directory = {});

    // Opens (or creates) and migrates; false only when even a fresh file cannot be made (then
    // errorString() says why and the console runs without a journal or cache).
    bool open();
    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QSqlDatabase database() const { return m_db; }
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] int schemaVersion() const; // 0 when not open
    [[nodiscard]] const QString &errorString() const { return m_error; }
    [[nodiscard]] const QString &setAsidePath() const { return m_setAsidePath; }     // empty: nothing set aside
    [[nodiscard]] const QString &setAsideReason() const { return m_setAsideReason; }

    // The statements of one migration step (1 … kSchemaVersion), for tests that build an old file.
    static QStringList migration(int version);

private:
    enum class Outcome { Ready, Untrusted, Failed };
    Outcome openAndMigrate(QString *why);
    bool migrate(int from, QString *why);
    void close();
    bool setAside(const QString &why);

    QString m_path;
    QString m_connection;
    QSqlDatabase m_db;
    bool m_open = false;
    QString m_error;
    QString m_setAsidePath;
    QString m_setAsideReason;
};

} // namespace portico
