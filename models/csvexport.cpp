#include "models/csvexport.h"
#include "models/formatting.h"
#include "models/tableexport.h"
#include "models/tenantlistmodel.h"

#include <QJsonDocument>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace portico {

CsvExport::CsvExport(int pageSize, QObject *parent) : QObject(parent), m_pageSize(pageSize) {}

CsvExport::~CsvExport()
{
    // The worker holds its own copy of the bytes and the path; wait so no write outlives us.
    if (m_cancelWrite)
        *m_cancelWrite = true;
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->waitForFinished();
    }
    delete m_context;
}

void CsvExport::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void CsvExport::endRun()
{
    // deleteLater, not delete: we may be inside the ApiClient's callback for this context.
    if (m_context)
        m_context->deleteLater();
    m_context = nullptr;
    m_csv.clear();
    m_csv.squeeze();
}

void CsvExport::begin(const QString &path, const QStringList &header)
{
    if (m_state == State::Writing) {
        // The write in flight is abandoned: it does not commit, and its answer goes to nobody.
        *m_cancelWrite = true;
        m_watcher->disconnect(this);
        connect(m_watcher, &QFutureWatcher<WriteResult>::finished, m_watcher, &QObject::deleteLater);
        m_watcher = nullptr;
        m_cancelWrite.reset();
        endRun();
    } else if (isRunning()) {
        cancel();
    }
    m_path = path;
    m_rows = 0;
    m_total = -1;
    m_written = 0;
    m_error.clear();
    m_problem = {};
    m_csv.clear();
    appendLine(header);
    m_context = new QObject(this);
    setState(State::Fetching);
    Q_EMIT progress(0, -1);
    requestPage({}, m_context);
}

void CsvExport::appendLine(const QStringList &cells)
{
    QString line;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            line += QLatin1Char(',');
        line += csvField(cells.at(i));
    }
    line += QStringLiteral("\r\n");
    m_csv += line.toUtf8();
}

void CsvExport::addPage(const QList<QStringList> &rows, const QString &nextCursor, qint64 total)
{
    if (m_state != State::Fetching)
        return;
    for (const QStringList &row : rows)
        appendLine(row);
    m_rows += rows.size();
    if (total >= 0)
        m_total = total;
    QObject *context = m_context;
    Q_EMIT progress(m_rows, m_total);
    if (m_state != State::Fetching || context != m_context)
        return; // cancelled (or restarted) by whoever watched the progress
    if (!nextCursor.isEmpty()) {
        requestPage(nextCursor, m_context);
        return;
    }
    setState(State::Writing);
    const qint64 rowCount = m_rows;
    m_cancelWrite = std::make_shared<std::atomic_bool>(false);
    m_watcher = new QFutureWatcher<WriteResult>(this);
    connect(m_watcher, &QFutureWatcher<WriteResult>::finished, this, [this, rowCount] {
        const WriteResult result = m_watcher->result();
        m_watcher->deleteLater();
        m_watcher = nullptr;
        m_cancelWrite.reset();
        endRun();
        if (result.ok) {
            m_written = rowCount;
            setState(State::Done);
        } else if (result.cancelled) {
            setState(State::Cancelled);
        } else {
            m_error = result.error;
            setState(State::Failed);
        }
        Q_EMIT finished();
    });
    m_watcher->setFuture(QtConcurrent::run(&CsvExport::writeFile, m_path, m_csv, m_cancelWrite));
}

void CsvExport::failPage(const Problem &problem)
{
    if (m_state != State::Fetching)
        return;
    m_problem = problem;
    m_error = problem.toDisplayString();
    endRun();
    setState(State::Failed);
    Q_EMIT finished();
}

CsvExport::WriteResult CsvExport::writeFile(const QString &path, const QByteArray &bytes, std::shared_ptr<std::atomic_bool> cancelled)
{
    WriteResult result;
    QSaveFile file(path); // all or nothing: the file appears only on commit
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = file.errorString();
        return result;
    }
    if (file.write(bytes) != bytes.size()) {
        result.error = file.errorString();
        file.cancelWriting();
        return result;
    }
    if (*cancelled) {
        file.cancelWriting();
        result.cancelled = true;
        return result;
    }
    if (!file.commit()) {
        result.error = file.errorString();
        return result;
    }
    result.ok = true;
    return result;
}

void CsvExport::cancel()
{
    switch (m_state) {
    case State::Fetching:
        endRun();
        setState(State::Cancelled);
        Q_EMIT finished();
        break;
    case State::Writing:
        // The worker checks this before it commits; its answer says whether it was in time.
        *m_cancelWrite = true;
        break;
    default:
        break;
    }
}

// --- Tenants ---

TenantCsvExport::TenantCsvExport(ApiClient *client, QObject *parent)
    : CsvExport(TenantListQuery::kMaxLimit, parent), m_client(client)
{
}

QString TenantCsvExport::cellText(const Tenant &t, int column)
{
    // As TenantListModel's DisplayRole (tst_models_export holds the two together).
    switch (column) {
    case TenantListModel::NameColumn: return t.name;
    case TenantListModel::SlugColumn: return t.slug;
    case TenantListModel::StateColumn: return toString(t.state);
    case TenantListModel::PlanColumn: return toString(t.plan);
    case TenantListModel::RegionColumn: return t.region;
    case TenantListModel::IsolationColumn: return toString(t.isolation());
    case TenantListModel::CreatedColumn: return format::localDateTime(t.createdAt);
    default: return {};
    }
}

void TenantCsvExport::start(const QString &path, const TenantListModel &list, const QList<int> &columns)
{
    m_query = list.query();
    m_columns = columns;
    // The id identifies a tenant whatever else the table shows: always first, never left out.
    QStringList header{tr("ID")};
    for (int c : std::as_const(m_columns))
        header << list.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    begin(path, header);
}

void TenantCsvExport::requestPage(const QString &cursor, QObject *context)
{
    TenantListQuery q = m_query;
    q.cursor = cursor;
    q.limit = qBound(1, pageSize(), TenantListQuery::kMaxLimit);
    m_client->listTenants(q, context, [this](const ApiResult<TenantPage> &result) {
        if (!result) {
            failPage(result.problem());
            return;
        }
        QList<QStringList> rows;
        rows.reserve(result->items.size());
        for (const Tenant &t : result->items) {
            QStringList cells{idToString(t.id)};
            for (int c : std::as_const(m_columns))
                cells << cellText(t, c);
            rows << cells;
        }
        addPage(rows, result->nextCursor, result->total);
    });
}

// --- Audit ---

AuditCsvExport::AuditCsvExport(ApiClient *client, QObject *parent) : CsvExport(AuditQuery::kMaxLimit, parent), m_client(client) {}

QStringList AuditCsvExport::header()
{
    // The API's field names, not translated: whoever verifies the file reads them as such.
    return {QStringLiteral("seq"),    QStringLiteral("chain"),      QStringLiteral("at"),      QStringLiteral("actor"),
            QStringLiteral("tenant_id"), QStringLiteral("action"),  QStringLiteral("target"),  QStringLiteral("reason"),
            QStringLiteral("request_id"), QStringLiteral("details"), QStringLiteral("prev_hash"), QStringLiteral("hash")};
}

QStringList AuditCsvExport::cells(const AuditEntry &e)
{
    // toJson is the wire form: the exact bytes the hash covers (UTC with ms, lower-case ids, hex).
    const QJsonObject o = e.toJson();
    const auto text = [&o](const char *key) { return o.value(QLatin1String(key)).toString(); };
    return {QString::number(e.seq),
            text("chain"),
            text("at"),
            text("actor"),
            text("tenant_id"),
            text("action"),
            text("target"),
            text("reason"),
            e.details.value(QLatin1String("request_id")).toString(),
            QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
            text("prev_hash"),
            text("hash")};
}

void AuditCsvExport::start(const QString &path, const AuditQuery &query)
{
    m_query = query;
    begin(path, header());
}

void AuditCsvExport::requestPage(const QString &cursor, QObject *context)
{
    AuditQuery q = m_query;
    q.cursor = cursor;
    q.limit = qBound(1, pageSize(), AuditQuery::kMaxLimit);
    m_client->listAudit(q, context, [this](const ApiResult<AuditPage> &result) {
        if (!result) {
            failPage(result.problem());
            return;
        }
        QList<QStringList> rows;
        rows.reserve(result->items.size());
        for (const AuditEntry &e : result->items)
            rows << cells(e);
        addPage(rows, result->nextCursor);
    });
}

} // namespace portico
