#pragma once
// The operator's own activity journal: every change this console sent, with when (UTC), the
// profile, the tenant (id and name), what (action and target), a before/after summary, the reason,
// the result (ok, HTTP status, problem type) and the request id to quote to the server's logs.
// Kept in the profile's LocalStore; searchable and exportable (shift handover).

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace portico {

class LocalStore;

struct JournalEntry
{
    qint64 id = 0; // assigned by append()
    QDateTime at;  // UTC
    QString profile;
    QString tenantId;
    QString tenantName;
    QString action; // "Edit tenant", "Set configuration", …
    QString target; // the key, flag or entry changed, if any
    QString before;
    QString after;
    QString reason;
    bool ok = false;
    int httpStatus = 0; // 0: no HTTP answer
    QString problemType;
    QString problemDetail;
    QString requestId;
    QString method;
    QString path;
    bool operator==(const JournalEntry &) const = default;
};

struct JournalQuery
{
    QString text;  // substring of tenant, action, target, summaries, reason, request id, problem (case-insensitive)
    QDateTime from; // inclusive, UTC; invalid: no bound
    QDateTime to;   // exclusive, UTC; invalid: no bound
    int limit = 1000;
};

class ActivityJournal : public QObject
{
    Q_OBJECT
public:
    // The store must outlive the journal; a store that is not open makes every call a no-op.
    explicit ActivityJournal(LocalStore *store, QObject *parent = nullptr);

    // Returns the entry's id (0 when it could not be written, which is logged).
    qint64 append(JournalEntry entry);
    // Newest first.
    [[nodiscard]] QList<JournalEntry> query(const JournalQuery &query = {}) const;
    [[nodiscard]] qint64 count() const;

    // CSV (RFC 4180, UTF-8, a header row; times in UTC ISO 8601).
    static QString toCsv(const QList<JournalEntry> &entries);
    bool exportCsv(const QString &path, const JournalQuery &query, QString *error) const;

Q_SIGNALS:
    void appended(const portico::JournalEntry &entry);

private:
    LocalStore *m_store;
};

} // namespace portico
