#include "server/store/pg.h"

#include "core/timeutil.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>
#include <QRegularExpression>
#include <algorithm>
#include <cstring>
#include <optional>
#include <libpq-fe.h>
#include <poll.h>

namespace portico::store {
namespace {
thread_local qint64 t_dbMicros = 0;
thread_local quint64 t_commitsSent = 0;

// Adds the time of one call to PostgreSQL to this thread's account.
class DbTimer
{
public:
    DbTimer() { m_timer.start(); }
    ~DbTimer() { t_dbMicros += m_timer.nsecsElapsed() / 1000; }

private:
    QElapsedTimer m_timer;
};

QByteArray escapeConnValue(const QString &v)
{
    QByteArray out = v.toUtf8();
    out.replace('\\', "\\\\").replace('\'', "\\'");
    return '\'' + out + '\'';
}
} // namespace

QByteArray PgConfig::connInfo() const
{
    QByteArray s;
    s += "host=" + escapeConnValue(host);
    s += " port=" + QByteArray::number(port);
    s += " dbname=" + escapeConnValue(database);
    s += " user=" + escapeConnValue(user);
    s += " application_name=" + escapeConnValue(applicationName);
    s += " connect_timeout=10 options='-c TimeZone=UTC'";
    return s;
}

PgResult::PgResult(pg_result *r) : m_result(r) {}
PgResult::~PgResult() { if (m_result) PQclear(m_result); }
PgResult::PgResult(PgResult &&o) noexcept : m_result(std::exchange(o.m_result, nullptr)) {}
PgResult &PgResult::operator=(PgResult &&o) noexcept
{
    if (this != &o) {
        if (m_result)
            PQclear(m_result);
        m_result = std::exchange(o.m_result, nullptr);
    }
    return *this;
}
int PgResult::rows() const { return m_result ? PQntuples(m_result) : 0; }
int PgResult::columns() const { return m_result ? PQnfields(m_result) : 0; }
int PgResult::column(const char *name) const
{
    if (!m_result)
        return -1;
    // The server's own column names are lower-case and unquoted, which PQfnumber would copy and
    // case-fold at every call (a third of a document list's decoding: nine columns, ten rows).
    // Compared as they are; any other name goes the documented way.
    for (const char *c = name; *c; ++c)
        if ((*c >= 'A' && *c <= 'Z') || *c == '"')
            return PQfnumber(m_result, name);
    const int n = PQnfields(m_result);
    for (int i = 0; i < n; ++i)
        if (std::strcmp(PQfname(m_result, i), name) == 0)
            return i;
    return -1;
}
bool PgResult::isNull(int row, int col) const { return col < 0 || PQgetisnull(m_result, row, col); }
QString PgResult::text(int row, int col) const
{
    return isNull(row, col) ? QString() : QString::fromUtf8(PQgetvalue(m_result, row, col), PQgetlength(m_result, row, col));
}
QByteArray PgResult::bytes(int row, int col) const
{
    return isNull(row, col) ? QByteArray() : QByteArray(PQgetvalue(m_result, row, col), PQgetlength(m_result, row, col));
}
qint64 PgResult::integer(int row, int col) const { return isNull(row, col) ? 0 : QByteArray(PQgetvalue(m_result, row, col)).toLongLong(); }
bool PgResult::boolean(int row, int col) const { return !isNull(row, col) && PQgetvalue(m_result, row, col)[0] == 't'; }
QUuid PgResult::uuid(int row, int col) const
{
    if (isNull(row, col))
        return {};
    // PostgreSQL writes a uuid in one form only (8-4-4-4-12, lower-case hex): read it directly,
    // at a tenth of QUuid::fromString's cost; anything else (a text column) goes through Qt.
    const char *v = PQgetvalue(m_result, row, col);
    if (PQgetlength(m_result, row, col) == 36) {
        char bytes[16];
        int n = 0;
        bool ok = true;
        for (int i = 0; i < 36 && ok; ++i) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                ok = v[i] == '-';
                continue;
            }
            const auto nibble = [](char ch) {
                return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            };
            const int hi = nibble(v[i]), lo = nibble(v[i + 1]);
            ok = hi >= 0 && lo >= 0;
            bytes[n++] = char(hi << 4 | lo);
            ++i;
        }
        if (ok)
            return QUuid::fromRfc4122(QByteArrayView(bytes, 16));
    }
    return QUuid::fromString(QLatin1String(v));
}
QDateTime PgResult::timestamp(int row, int col) const
{
    if (isNull(row, col))
        return {};
    // Sessions run with TimeZone=UTC, so timestamptz arrives as "2026-11-29 10:00:00.123+00". Read
    // without Qt's local-time path, which stat()ed /etc/localtime for every value.
    return fromSqlTimestampUtc(QByteArrayView(PQgetvalue(m_result, row, col), PQgetlength(m_result, row, col)));
}
QJsonValue PgResult::json(int row, int col) const
{
    if (isNull(row, col))
        return QJsonValue::Null;
    // QJsonDocument cannot parse a bare scalar; wrap it in an array and unwrap.
    const QByteArray wrapped = '[' + bytes(row, col) + ']';
    return QJsonDocument::fromJson(wrapped).array().at(0);
}
qint64 PgResult::affectedRows() const { return m_result ? QByteArray(PQcmdTuples(m_result)).toLongLong() : 0; }

PgConnection::PgConnection(const PgConfig &config) : m_config(config)
{
    m_conn = PQconnectdb(config.connInfo().constData());
    if (PQstatus(m_conn) != CONNECTION_OK) {
        const QString message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        PQfinish(m_conn);
        m_conn = nullptr;
        throw PgError(QStringLiteral("cannot connect to PostgreSQL (%1/%2 as %3): %4")
                          .arg(config.host, config.database, config.user, message),
                      QStringLiteral("08001"));
    }
}

PgConnection::~PgConnection()
{
    if (m_conn)
        PQfinish(m_conn);
}

PgError PgConnection::errorOf(pg_result *r, const QString &context) const
{
    QString state, constraint, message;
    if (r) {
        state = QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE));
        constraint = QString::fromUtf8(PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME));
        message = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
    }
    if (message.isEmpty())
        message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
    return PgError(context.isEmpty() ? message : context + QStringLiteral(": ") + message, state, constraint);
}

void PgConnection::throwError(pg_result *r, const QString &context)
{
    PgError e = errorOf(r, context);
    PQclear(r);
    throw e;
}

qint64 PgConnection::threadDbMicros() { return t_dbMicros; }
void PgConnection::resetThreadDbMicros() { t_dbMicros = 0; }
quint64 PgConnection::threadCommitsSent() { return t_commitsSent; }

namespace {
// PostgreSQL's answer when a prepared SELECT * meets a table whose columns changed since it was
// prepared: the cached statement must be dropped and the statement prepared again.
bool isStalePreparedStatement(pg_result *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char *message = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    return state && message && qstrcmp(state, "0A000") == 0 && qstrcmp(message, "cached plan must not change result type") == 0;
}
} // namespace

void PgConnection::makeRoom()
{
    // Inside a transaction a failed DEALLOCATE would abort the caller's work: statements then run
    // unnamed until the connection is next outside one.
    if (m_prepared.size() < kMaxPreparedStatements || PQtransactionStatus(m_conn) != PQTRANS_IDLE)
        return;
    // Not execScript: the caller's DbTimer already counts this time.
    pg_result *r = PQexec(m_conn, "DEALLOCATE ALL");
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        PgError e = errorOf(r, {});
        PQclear(r);
        if (e.isConnectionError() || PQstatus(m_conn) != CONNECTION_OK)
            m_lost = true;
        throw e;
    }
    PQclear(r);
    m_prepared.clear();
}

PgConnection::Plan PgConnection::planFor(const QByteArray &sql, int preparingNow)
{
    if (const auto it = m_prepared.constFind(sql); it != m_prepared.cend())
        return {*it, false};
    const size_t seen = qHash(sql);
    if (!m_seenOnce.contains(seen)) {
        if (m_seenOnce.size() >= 4 * kMaxPreparedStatements)
            m_seenOnce.clear();
        m_seenOnce.insert(seen);
        return {};
    }
    if (m_prepared.size() + preparingNow >= kMaxPreparedStatements)
        return {};
    return {QByteArrayLiteral("portico_s") + QByteArray::number(++m_nextName), true};
}

void PgConnection::forget(const QByteArray &sql)
{
    // The server-side statement stays until DEALLOCATE ALL or the connection closes; names are never reused.
    m_prepared.remove(sql);
    m_seenOnce.remove(qHash(sql));
}

PgResult PgConnection::exec(const QString &sql, const std::vector<PgParam> &params)
{
    // One statement is a pipeline of one: the same messages as PQexecParams, and the statement
    // cache, its prepare in the same round trip and the stale-plan retry live in one place.
    return std::move(pipeline({{sql, params}}).front());
}

void PgConnection::execScript(const QString &sql)
{
    DbTimer timer;
    const QByteArray text = sql.toUtf8();
    const bool outsideTransaction = PQtransactionStatus(m_conn) == PQTRANS_IDLE;
    if (mayCommit({{sql, {}}}, outsideTransaction))
        ++t_commitsSent;
    for (int attempt = 0;; ++attempt) {
        pg_result *r = PQexec(m_conn, text.constData());
        const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            PQclear(r);
            return;
        }
        PgError e = errorOf(r, {});
        PQclear(r);
        if (e.isConnectionError() || PQstatus(m_conn) != CONNECTION_OK)
            m_lost = true;
        if (!m_lost || attempt > 0 || !outsideTransaction || !canRetryAfterLoss({{sql, {}}}))
            throw e;
        reconnect();
    }
}

namespace {
// What a statement text can do to a transaction, worked out once per text and thread (the texts
// are the server's own, a few hundred at most), since every pipeline asks.
enum StatementKind : quint8 { Opens = 1, Ends = 2, OnlyReads = 4 };

quint8 classify(const QString &sql)
{
    static const QRegularExpression opening(QStringLiteral("^\\s*(BEGIN|START\\s+TRANSACTION)\\b"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression ending(QStringLiteral("^\\s*(COMMIT|END|PREPARE\\s+TRANSACTION)\\b"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression read(QStringLiteral("^\\s*SELECT\\b"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression writes(QStringLiteral("\\b(INSERT|UPDATE|DELETE|MERGE|nextval|setval|pg_notify)\\b"), QRegularExpression::CaseInsensitiveOption);
    quint8 kind = 0;
    if (opening.match(sql).hasMatch())
        kind |= Opens;
    if (ending.match(sql).hasMatch())
        kind |= Ends;
    if (read.match(sql).hasMatch() && !writes.match(sql).hasMatch())
        kind |= OnlyReads;
    return kind;
}

// The main thread's thread_locals are destroyed before its statics, and a static may still run
// SQL as the process exits (bench_rls's fixture cleans up in its destructor): once this thread's
// cache is gone, statements are classified uncached. The flag is trivially destructible, so it
// stays readable until the thread's storage goes.
thread_local bool t_kindCacheGone = false;
struct KindCache
{
    QHash<QString, quint8> known;
    ~KindCache() { t_kindCacheGone = true; }
};
thread_local KindCache t_kindCache;

quint8 kindOf(const QString &sql)
{
    if (t_kindCacheGone)
        return classify(sql);
    QHash<QString, quint8> &known = t_kindCache.known;
    if (const auto it = known.constFind(sql); it != known.constEnd())
        return *it;
    const quint8 kind = classify(sql);
    if (known.size() > 4096)
        known.clear(); // texts built with literals would grow it without end
    known.insert(sql, kind);
    return kind;
}
} // namespace

bool PgConnection::mayCommit(const std::vector<Statement> &statements, bool outsideTransaction)
{
    if (std::any_of(statements.begin(), statements.end(), [](const Statement &s) { return kindOf(s.sql) & Ends; }))
        return true;
    return outsideTransaction && !canRetryAfterLoss(statements);
}

bool PgConnection::canRetryAfterLoss(const std::vector<Statement> &statements)
{
    // Safe to run again only when nothing of it can have committed: it only reads, or it only
    // opens a transaction (which died with the connection). A write in an implicit transaction
    // may have committed before the answer was lost, so it is never run twice.
    if (statements.empty())
        return false;
    if (kindOf(statements.front().sql) & Opens)
        return std::none_of(statements.begin(), statements.end(), [](const Statement &s) { return kindOf(s.sql) & Ends; });
    return std::all_of(statements.begin(), statements.end(), [](const Statement &s) { return kindOf(s.sql) & OnlyReads; });
}

void PgConnection::reconnect()
{
    pg_conn *fresh = PQconnectdb(m_config.connInfo().constData());
    if (PQstatus(fresh) != CONNECTION_OK) {
        const QString message = QString::fromUtf8(PQerrorMessage(fresh)).trimmed();
        PQfinish(fresh);
        throw PgError(QStringLiteral("the connection to PostgreSQL was lost and cannot be re-established (%1/%2): %3")
                          .arg(m_config.host, m_config.database, message),
                      QStringLiteral("08001"));
    }
    PQfinish(m_conn);
    m_conn = fresh;
    // Prepared statements lived in the old session.
    m_prepared.clear();
    m_seenOnce.clear();
    m_lost = false;
}

bool PgConnection::checkIdle()
{
    if (!isHealthy())
        return false;
    pollfd p{PQsocket(m_conn), POLLIN, 0};
    if (p.fd < 0 || ::poll(&p, 1, 0) != 0) {
        // Nothing is owed to an idle connection: what waits on its socket is the server's goodbye
        // (57P01 on pg_terminate_backend or a shutdown) or end of file.
        m_lost = true;
        return false;
    }
    return true;
}

QString PgConnection::probe(const PgConfig &config, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    pg_conn *c = PQconnectStart(config.connInfo().constData());
    const auto finish = qScopeGuard([c] { PQfinish(c); });
    if (!c || PQstatus(c) == CONNECTION_BAD)
        return QStringLiteral("unreachable: ") + QString::fromUtf8(PQerrorMessage(c)).trimmed();
    // Wait for the socket with the deadline, never in libpq's blocking calls: a hung server
    // (stopped, or its disk stuck) accepts and then never answers.
    const auto wait = [&](bool forWrite) {
        pollfd p{PQsocket(c), short(forWrite ? POLLOUT : POLLIN), 0};
        const qint64 left = deadline.remainingTime();
        return left > 0 && p.fd >= 0 && ::poll(&p, 1, int(left)) > 0;
    };
    for (PostgresPollingStatusType st = PGRES_POLLING_WRITING; st != PGRES_POLLING_OK;) {
        if (st == PGRES_POLLING_FAILED)
            return QStringLiteral("unreachable: ") + QString::fromUtf8(PQerrorMessage(c)).trimmed();
        if (!wait(st == PGRES_POLLING_WRITING))
            return QStringLiteral("timeout: no connection within %1 ms").arg(timeoutMs);
        st = PQconnectPoll(c);
    }
    if (PQsendQuery(c, "SELECT 1") != 1)
        return QStringLiteral("unreachable: ") + QString::fromUtf8(PQerrorMessage(c)).trimmed();
    while (PQisBusy(c)) {
        if (!wait(false))
            return QStringLiteral("timeout: no answer to SELECT 1 within %1 ms").arg(timeoutMs);
        if (PQconsumeInput(c) != 1)
            return QStringLiteral("unreachable: ") + QString::fromUtf8(PQerrorMessage(c)).trimmed();
    }
    QString problem;
    while (pg_result *r = PQgetResult(c)) {
        if (PQresultStatus(r) != PGRES_TUPLES_OK && problem.isEmpty())
            problem = QStringLiteral("error: ") + QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
        PQclear(r);
    }
    return problem;
}

bool PgConnection::sendOne(const QByteArray &sql, const Plan &plan, const std::vector<PgParam> &params)
{
    std::vector<const char *> values;
    values.reserve(params.size());
    for (const auto &p : params)
        values.push_back(p.value() ? p.value()->constData() : nullptr);
    if (plan.prepareFirst && PQsendPrepare(m_conn, plan.name.constData(), sql.constData(), int(values.size()), nullptr) != 1)
        return false;
    if (plan.name.isEmpty())
        return PQsendQueryParams(m_conn, sql.constData(), int(values.size()), nullptr, values.data(), nullptr, nullptr, 0) == 1;
    return PQsendQueryPrepared(m_conn, plan.name.constData(), int(values.size()), values.data(), nullptr, nullptr, 0) == 1;
}

std::vector<PgResult> PgConnection::pipeline(const std::vector<Statement> &statements)
{
    DbTimer timer;
    const bool outsideTransaction = PQtransactionStatus(m_conn) == PQTRANS_IDLE;
    if (mayCommit(statements, outsideTransaction))
        ++t_commitsSent;
    bool retryable = false;
    try {
        return runPipeline(statements, &retryable);
    } catch (const PgError &e) {
        if (m_lost) {
            // Lost with the connection: once more on a fresh one when nothing can have committed.
            if (!outsideTransaction || !canRetryAfterLoss(statements))
                throw;
            reconnect();
            return runPipeline(statements, &retryable);
        }
        // A stale prepared statement failed an implicit transaction that has rolled back: nothing
        // was lost, so run the pipeline once more with the statements prepared afresh. Not when
        // the pipeline began a transaction of its own that now waits for its ROLLBACK.
        if (!retryable || !outsideTransaction || PQtransactionStatus(m_conn) != PQTRANS_IDLE)
            throw;
    }
    return runPipeline(statements, &retryable);
}

std::vector<PgResult> PgConnection::runPipeline(const std::vector<Statement> &statements, bool *retryable)
{
    *retryable = false;
    // Make room and decide every statement's plan before entering pipeline mode: emptying the
    // cache halfway would drop statements already planned. A text twice in one pipeline is
    // prepared once.
    makeRoom();
    std::vector<QByteArray> texts;
    std::vector<Plan> plans;
    texts.reserve(statements.size());
    plans.reserve(statements.size());
    QHash<QByteArray, QByteArray> preparingNow;
    for (const Statement &st : statements) {
        texts.push_back(st.sql.toUtf8());
        if (const auto it = preparingNow.constFind(texts.back()); it != preparingNow.cend()) {
            plans.push_back({*it, false});
            continue;
        }
        plans.push_back(planFor(texts.back(), int(preparingNow.size())));
        if (plans.back().prepareFirst)
            preparingNow.insert(texts.back(), plans.back().name);
    }
    if (m_lost || PQstatus(m_conn) != CONNECTION_OK) {
        m_lost = true;
        throw PgError(QStringLiteral("the connection to PostgreSQL is lost"), QStringLiteral("08003"));
    }
    if (PQenterPipelineMode(m_conn) != 1)
        throw PgError(QStringLiteral("cannot enter pipeline mode: %1").arg(QString::fromUtf8(PQerrorMessage(m_conn))), QStringLiteral("08000"));
    bool sent = true;
    for (size_t i = 0; sent && i < statements.size(); ++i)
        sent = sendOne(texts[i], plans[i], statements[i].params);
    sent = sent && PQpipelineSync(m_conn) == 1;
    std::vector<PgResult> results;
    std::optional<PgError> failure;
    if (!sent)
        failure.emplace(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed(), QStringLiteral("08000"));
    // One result (then a NULL) per message sent: the statement's own, preceded by its Parse's
    // when it was prepared in this round trip.
    const auto next = [this]() {
        pg_result *r = PQgetResult(m_conn);
        if (!r) // nothing where a result was owed: the connection is gone
            return r;
        // The NULL that ends this command's results; a lost connection may repeat its error, so bounded.
        for (int i = 0; i < 16; ++i) {
            pg_result *extra = PQgetResult(m_conn);
            if (!extra)
                return r;
            PQclear(extra);
        }
        m_lost = true;
        return r;
    };
    const auto noteFailure = [&](pg_result *r) {
        const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if ((status != PGRES_FATAL_ERROR && status != PGRES_PIPELINE_ABORTED) || failure)
            return;
        *retryable = isStalePreparedStatement(r);
        failure.emplace(errorOf(r, {}));
    };
    // Drain everything up to the sync, whatever happened, so the connection stays usable.
    for (size_t i = 0; sent && i < statements.size(); ++i) {
        if (m_lost) { // no more answers will come: do not wait for them
            noteFailure(nullptr);
            results.emplace_back(nullptr);
            continue;
        }
        if (plans[i].prepareFirst) {
            pg_result *p = next();
            if (p && PQresultStatus(p) == PGRES_COMMAND_OK)
                m_prepared.insert(texts[i], plans[i].name);
            noteFailure(p);
            PQclear(p);
        }
        pg_result *r = next();
        noteFailure(r);
        if (*retryable && !plans[i].name.isEmpty() && isStalePreparedStatement(r))
            forget(texts[i]);
        results.emplace_back(r);
    }
    // libpq answers NULL once between commands; a second NULL in a row means nothing more is queued,
    // so the sync will never come (it went with the connection, which may still report
    // CONNECTION_OK): the connection is lost, never waited or spun on. Blocking reads wait on the
    // socket inside PQgetResult.
    for (int nulls = 0, seen = 0; sent && !m_lost;) {
        pg_result *r = PQgetResult(m_conn);
        if (!r) {
            if (PQstatus(m_conn) != CONNECTION_OK || ++nulls > 1)
                m_lost = true;
            continue;
        }
        nulls = 0;
        const auto status = PQresultStatus(r);
        PQclear(r);
        if (status == PGRES_PIPELINE_SYNC)
            break;
        if (++seen > 4 * int(statements.size()) + 16)
            m_lost = true;
    }
    if (PQstatus(m_conn) != CONNECTION_OK || (failure && failure->isConnectionError()))
        m_lost = true;
    if (!m_lost)
        PQexitPipelineMode(m_conn);
    if (m_lost && !failure)
        failure.emplace(QStringLiteral("the connection to PostgreSQL was lost: %1").arg(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed()),
                        QStringLiteral("08006"));
    if (failure)
        throw *failure;
    return results;
}

bool PgConnection::isHealthy() const { return m_conn && !m_lost && PQstatus(m_conn) == CONNECTION_OK; }
bool PgConnection::inTransaction() const { return m_conn && PQtransactionStatus(m_conn) != PQTRANS_IDLE; }

QString PgConnection::quoteIdentifier(const QString &identifier) const
{
    const QByteArray in = identifier.toUtf8();
    char *q = PQescapeIdentifier(m_conn, in.constData(), size_t(in.size()));
    const QString out = QString::fromUtf8(q);
    PQfreemem(q);
    return out;
}

QString PgConnection::quoteLiteral(const QString &literal) const
{
    const QByteArray in = literal.toUtf8();
    char *q = PQescapeLiteral(m_conn, in.constData(), size_t(in.size()));
    const QString out = QString::fromUtf8(q);
    PQfreemem(q);
    return out;
}

PgTransaction::PgTransaction(PgConnection &c, const QString &beginSql) : m_conn(c) { m_conn.execScript(beginSql); }
PgTransaction::~PgTransaction()
{
    if (!m_done && m_conn.isHealthy()) {
        try {
            m_conn.execScript(QStringLiteral("ROLLBACK"));
        } catch (...) {
            // The connection is broken; the pool discards it.
        }
    }
}
void PgTransaction::commit()
{
    m_conn.execScript(QStringLiteral("COMMIT"));
    m_done = true;
}

} // namespace portico::store
