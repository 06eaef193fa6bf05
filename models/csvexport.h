#pragma once
// Exports every row of a paged list, not just the rows a table has loaded: the list's query is
// copied at start, then the server is paged through with its cursor until the last page, with
// progress after each page. The CSV (RFC 4180, csvField for every cell) is built in memory on the
// way and written once, at the end, on a worker thread through a QSaveFile: a cancelled export, a
// failed page (server error, lost connection) or a failed write leaves no file, and any file
// already at the path untouched. rowsWritten() is what the file holds, counted as it was written.
//
// Each run asks for its pages with a context object of its own, deleted on cancel, so the
// ApiClient aborts the request in flight and never calls back into a run that is over.

#include "client/apiclient.h"
#include "core/problem.h"
#include "core/tenantquery.h"

#include <QByteArray>
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>

namespace portico {

class CsvExport : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Fetching, Writing, Done, Cancelled, Failed };
    Q_ENUM(State)

    ~CsvExport() override;

    // Abandons the run: nothing is written (a write already committed stays; state() says Done).
    void cancel();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isRunning() const { return m_state == State::Fetching || m_state == State::Writing; }
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] qint64 rowsFetched() const { return m_rows; }
    // The number of matching rows the server announced, -1 when it does not say (audit).
    [[nodiscard]] qint64 expectedTotal() const { return m_total; }
    // Data rows in the file (the header line not counted); 0 unless Done.
    [[nodiscard]] qint64 rowsWritten() const { return m_written; }
    // Why it failed: the server's problem (Failed while fetching) or the file's error.
    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] const Problem &problem() const { return m_problem; }

    // Rows per request; the largest page the API allows by default.
    void setPageSize(int rows) { m_pageSize = rows; }
    [[nodiscard]] int pageSize() const { return m_pageSize; }

Q_SIGNALS:
    void stateChanged(portico::CsvExport::State state);
    void progress(qint64 rows, qint64 total); // total -1: unknown
    void finished();                          // Done, Cancelled or Failed

protected:
    CsvExport(int pageSize, QObject *parent);

    // Starts a run that writes `header` and every page to `path`; a run in progress is cancelled.
    void begin(const QString &path, const QStringList &header);
    // Asks for the page at `cursor` (empty: the first) with `context` as the ApiClient context,
    // answering with addPage or failPage.
    virtual void requestPage(const QString &cursor, QObject *context) = 0;
    void addPage(const QList<QStringList> &rows, const QString &nextCursor, qint64 total = -1);
    void failPage(const Problem &problem);

private:
    struct WriteResult
    {
        bool ok = false;
        bool cancelled = false;
        QString error;
    };
    static WriteResult writeFile(const QString &path, const QByteArray &bytes, std::shared_ptr<std::atomic_bool> cancelled);
    void appendLine(const QStringList &cells);
    void setState(State state);
    void endRun();

    int m_pageSize;
    State m_state = State::Idle;
    QString m_path;
    QByteArray m_csv;
    qint64 m_rows = 0;
    qint64 m_total = -1;
    qint64 m_written = 0;
    QString m_error;
    Problem m_problem;
    QPointer<QObject> m_context;
    std::shared_ptr<std::atomic_bool> m_cancelWrite;
    QFutureWatcher<WriteResult> *m_watcher = nullptr;
};

class TenantListModel;

// The tenant list: every tenant matching the list's current query (filters, search, sort), the id
// first, then `columns` (TenantListModel columns, in the order given) under the list's headers,
// each cell as the table shows it.
class TenantCsvExport : public CsvExport
{
    Q_OBJECT
public:
    explicit TenantCsvExport(ApiClient *client, QObject *parent = nullptr);
    void start(const QString &path, const TenantListModel &list, const QList<int> &columns);

    // The text a TenantListModel column shows for `tenant` (a test holds it to the model's).
    [[nodiscard]] static QString cellText(const Tenant &tenant, int column);

private:
    void requestPage(const QString &cursor, QObject *context) override;

    ApiClient *m_client;
    TenantListQuery m_query;
    QList<int> m_columns;
};

// Audit entries matching `query` (chain and filters; limit and cursor ignored), newest first as the
// page shows them, each with every field the hash covers and both hashes, so the file can be
// verified with core/auditchain: seq, chain, at (UTC, ms), actor, tenant_id, action, target,
// reason, request_id (from the details, when the action records one), details (compact JSON),
// prev_hash, hash. The header uses the API's field names.
class AuditCsvExport : public CsvExport
{
    Q_OBJECT
public:
    explicit AuditCsvExport(ApiClient *client, QObject *parent = nullptr);
    void start(const QString &path, const AuditQuery &query);

    [[nodiscard]] static QStringList header();
    [[nodiscard]] static QStringList cells(const AuditEntry &entry);

private:
    void requestPage(const QString &cursor, QObject *context) override;

    ApiClient *m_client;
    AuditQuery m_query;
};

} // namespace portico
