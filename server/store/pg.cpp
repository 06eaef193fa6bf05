#include "server/store/pg.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>
#include <optional>
#include <libpq-fe.h>

namespace portico::store {
namespace {
thread_local qint64 t_dbMicros = 0;

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
int PgResult::column(const char *name) const { return m_result ? PQfnumber(m_result, name) : -1; }
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
QUuid PgResult::uuid(int row, int col) const { return isNull(row, col) ? QUuid() : QUuid::fromString(QLatin1String(PQgetvalue(m_result, row, col))); }
QDateTime PgResult::timestamp(int row, int col) const
{
    if (isNull(row, col))
        return {};
    // Sessions run with TimeZone=UTC, so timestamptz arrives as "2026-11-29 10:00:00.123+00".
    QString s = text(row, col);
    s.replace(QLatin1Char(' '), QLatin1Char('T'));
    if (s.endsWith(QLatin1String("+00")))
        s.chop(3);
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    t.setTimeZone(QTimeZone::UTC);
#else
    t.setTimeSpec(Qt::UTC);
#endif
    return t;
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

void PgConnection::throwError(pg_result *r, const QString &context)
{
    QString state, constraint, message;
    if (r) {
        state = QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE));
        constraint = QString::fromUtf8(PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME));
        message = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
        PQclear(r);
    }
    if (message.isEmpty())
        message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
    throw PgError(context.isEmpty() ? message : context + QStringLiteral(": ") + message, state, constraint);
}

qint64 PgConnection::threadDbMicros() { return t_dbMicros; }
void PgConnection::resetThreadDbMicros() { t_dbMicros = 0; }

PgResult PgConnection::exec(const QString &sql, const std::vector<PgParam> &params)
{
    DbTimer timer;
    const QByteArray text = sql.toUtf8();
    std::vector<const char *> values;
    values.reserve(params.size());
    for (const auto &p : params)
        values.push_back(p.value() ? p.value()->constData() : nullptr);
    pg_result *r = PQexecParams(m_conn, text.constData(), int(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
    const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throwError(r, {});
    return PgResult(r);
}

void PgConnection::execScript(const QString &sql)
{
    DbTimer timer;
    const QByteArray text = sql.toUtf8();
    pg_result *r = PQexec(m_conn, text.constData());
    const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throwError(r, {});
    PQclear(r);
}

void PgConnection::ensurePrepared(const Statement &st)
{
    if (st.preparedName.isEmpty() || m_prepared.contains(st.preparedName))
        return;
    const QByteArray text = st.sql.toUtf8();
    pg_result *r = PQprepare(m_conn, st.preparedName.constData(), text.constData(), int(st.params.size()), nullptr);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
        throwError(r, QStringLiteral("preparing %1").arg(QString::fromLatin1(st.preparedName)));
    PQclear(r);
    m_prepared.insert(st.preparedName);
}

std::vector<PgResult> PgConnection::pipeline(const std::vector<Statement> &statements)
{
    DbTimer timer;
    for (const Statement &st : statements)
        ensurePrepared(st);
    if (PQenterPipelineMode(m_conn) != 1)
        throw PgError(QStringLiteral("cannot enter pipeline mode: %1").arg(QString::fromUtf8(PQerrorMessage(m_conn))), QStringLiteral("08000"));
    std::vector<QByteArray> texts;
    texts.reserve(statements.size());
    bool sent = true;
    for (const Statement &st : statements) {
        texts.push_back(st.sql.toUtf8());
        std::vector<const char *> values;
        for (const auto &p : st.params)
            values.push_back(p.value() ? p.value()->constData() : nullptr);
        if (st.preparedName.isEmpty())
            sent = sent && PQsendQueryParams(m_conn, texts.back().constData(), int(values.size()), nullptr, values.data(), nullptr, nullptr, 0) == 1;
        else
            sent = sent && PQsendQueryPrepared(m_conn, st.preparedName.constData(), int(values.size()), values.data(), nullptr, nullptr, 0) == 1;
    }
    sent = sent && PQpipelineSync(m_conn) == 1;
    std::vector<PgResult> results;
    std::optional<PgError> failure;
    if (!sent)
        failure.emplace(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed(), QStringLiteral("08000"));
    // Drain everything up to the sync, whatever happened, so the connection stays usable.
    for (size_t i = 0; sent && i < statements.size(); ++i) {
        pg_result *r = PQgetResult(m_conn);
        const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if ((status == PGRES_FATAL_ERROR || status == PGRES_PIPELINE_ABORTED) && !failure) {
            const QString state = r ? QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE)) : QString();
            const QString constraint = r ? QString::fromUtf8(PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME)) : QString();
            const QString message = r ? QString::fromUtf8(PQresultErrorMessage(r)).trimmed() : QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
            failure.emplace(message, state, constraint);
        }
        results.emplace_back(r);
        while (pg_result *extra = PQgetResult(m_conn)) // the NULL that ends this statement's results
            PQclear(extra);
    }
    while (sent) {
        pg_result *r = PQgetResult(m_conn);
        if (!r) {
            if (PQstatus(m_conn) != CONNECTION_OK)
                break;
            continue;
        }
        const bool done = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (done)
            break;
    }
    PQexitPipelineMode(m_conn);
    if (failure)
        throw *failure;
    return results;
}

bool PgConnection::isHealthy() const { return m_conn && PQstatus(m_conn) == CONNECTION_OK; }
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
