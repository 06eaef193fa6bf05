#pragma once
// A thin RAII layer over libpq. We use libpq directly rather than QtSql's QPSQL driver: QPSQL
// prepares and deallocates a named statement per QSqlQuery (three round trips for one query),
// cannot send several statements in one round trip, and has no COPY. Parameters always travel
// separately from SQL text, so values are never spliced into statements.
//
// Each connection keeps a statement cache: a statement text run a second time on the connection
// is prepared under a generated name and from then on only bound and executed, so PostgreSQL
// neither parses nor (for a cached plan) plans it again. One-off texts are never prepared. This
// is safe with per-transaction search_path: PostgreSQL re-parses a prepared statement whenever
// search_path differs from its last use, and re-plans it after DDL or a policy change.

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QHash>
#include <QSet>
#include <QVariant>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

struct pg_conn;
struct pg_result;

namespace portico::store {

// Connection settings. host is a unix-socket directory for the local stack and tests.
struct PgConfig
{
    QString host;
    int port = 5432;
    QString database;
    QString user;
    QString applicationName = QStringLiteral("portico-server");
    [[nodiscard]] QByteArray connInfo() const;
    [[nodiscard]] PgConfig withDatabase(const QString &db) const { PgConfig c = *this; c.database = db; return c; }
    [[nodiscard]] PgConfig withUser(const QString &u) const { PgConfig c = *this; c.user = u; return c; }
};

// Thrown for any database error; sqlState lets callers map e.g. 23505 (unique violation) to a 409.
class PgError : public std::runtime_error
{
public:
    PgError(const QString &message, QString sqlState, QString constraint = {})
        : std::runtime_error(message.toStdString()), m_sqlState(std::move(sqlState)), m_constraint(std::move(constraint)) {}
    [[nodiscard]] const QString &sqlState() const { return m_sqlState; }
    [[nodiscard]] const QString &constraint() const { return m_constraint; }
    [[nodiscard]] bool isUniqueViolation() const { return m_sqlState == QLatin1String("23505"); }
    // The connection is gone (class 08, the backend terminated by an administrator, a shutdown or
    // crash recovery, or no answer at all): the statement may be retried on a fresh connection
    // when that is safe, and the client is told to come back (503), never that the server failed.
    [[nodiscard]] bool isConnectionError() const { return isConnectionLoss(m_sqlState); }
    [[nodiscard]] static bool isConnectionLoss(const QString &sqlState)
    {
        return sqlState.isEmpty() || sqlState.startsWith(QLatin1String("08")) || sqlState == QLatin1String("57P01")
            || sqlState == QLatin1String("57P02") || sqlState == QLatin1String("57P03");
    }

private:
    QString m_sqlState;
    QString m_constraint;
};

// A query parameter in text form; a null optional is SQL NULL.
class PgParam
{
public:
    PgParam() = default; // NULL
    PgParam(std::nullopt_t) {}
    PgParam(const QString &s) : m_value(s.toUtf8()) {}
    PgParam(const char *s) : m_value(QByteArray(s)) {}
    PgParam(const QByteArray &utf8) : m_value(utf8) {}
    PgParam(const QUuid &id) { if (!id.isNull()) m_value = id.toByteArray(QUuid::WithoutBraces); }
    PgParam(int v) : m_value(QByteArray::number(v)) {}
    PgParam(qint64 v) : m_value(QByteArray::number(v)) {}
    PgParam(bool v) : m_value(v ? "true" : "false") {}
    template<typename T> PgParam(const std::optional<T> &v) { if (v) *this = PgParam(*v); }
    [[nodiscard]] const std::optional<QByteArray> &value() const { return m_value; }

private:
    std::optional<QByteArray> m_value;
};

class PgResult
{
public:
    explicit PgResult(pg_result *r);
    ~PgResult();
    PgResult(PgResult &&) noexcept;
    PgResult &operator=(PgResult &&) noexcept;
    PgResult(const PgResult &) = delete;
    PgResult &operator=(const PgResult &) = delete;

    [[nodiscard]] int rows() const;
    [[nodiscard]] int columns() const;
    [[nodiscard]] int column(const char *name) const; // -1 when absent
    [[nodiscard]] bool isNull(int row, int col) const;
    [[nodiscard]] QString text(int row, int col) const;
    [[nodiscard]] QByteArray bytes(int row, int col) const;
    [[nodiscard]] qint64 integer(int row, int col) const;
    [[nodiscard]] bool boolean(int row, int col) const;
    [[nodiscard]] QUuid uuid(int row, int col) const;
    [[nodiscard]] QDateTime timestamp(int row, int col) const; // timestamptz rendered as UTC
    [[nodiscard]] QJsonValue json(int row, int col) const;
    [[nodiscard]] qint64 affectedRows() const;

    // Named-column conveniences.
    [[nodiscard]] QString text(int row, const char *name) const { return text(row, column(name)); }
    [[nodiscard]] qint64 integer(int row, const char *name) const { return integer(row, column(name)); }
    [[nodiscard]] QUuid uuid(int row, const char *name) const { return uuid(row, column(name)); }
    [[nodiscard]] QDateTime timestamp(int row, const char *name) const { return timestamp(row, column(name)); }
    [[nodiscard]] bool isNull(int row, const char *name) const { return isNull(row, column(name)); }

private:
    pg_result *m_result = nullptr;
};

class PgConnection
{
public:
    // Microseconds this thread has spent waiting on PostgreSQL since the last reset; the request
    // pipeline meters database time per tenant with it.
    static qint64 threadDbMicros();
    static void resetThreadDbMicros();
    // How many times this thread has sent statements that may commit (a COMMIT, or a write in an
    // implicit transaction). The request pipeline compares it before and after a handler: a
    // handler whose connection was lost while this did not move committed nothing, so running it
    // again cannot apply anything twice.
    static quint64 threadCommitsSent();

    // Connects or throws PgError. The session time zone is UTC for every connection.
    explicit PgConnection(const PgConfig &config);
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    PgResult exec(const QString &sql, const std::vector<PgParam> &params = {});
    // Several statements, no parameters, one round trip (migrations, BEGIN + context).
    void execScript(const QString &sql);

    struct Statement
    {
        QString sql;
        std::vector<PgParam> params;
    };
    // Sends all statements in one round trip (libpq pipeline mode) and runs them as one implicit
    // transaction: all commit together at the end, or none does (inside an explicit transaction
    // they join it instead). Returns one result per statement; throws the first statement's error.
    //
    // When the connection turns out to be lost and nothing can have committed (the connection was
    // outside a transaction and the pipeline only reads, or only opens a transaction), the
    // connection is replaced by a fresh one and the pipeline runs once more; otherwise the loss is
    // thrown (a PgError whose isConnectionError() is true) and the connection stays unhealthy, so
    // its pool discards it.
    std::vector<PgResult> pipeline(const std::vector<Statement> &statements);
    // False once the connection is known or suspected to be lost: never reused.
    [[nodiscard]] bool isHealthy() const;
    // For a pooled connection about to be lent out: an idle connection has nothing to read, so
    // input waiting on its socket is the server's goodbye (a terminated backend, a shutdown) or
    // end of file. Returns false (and marks the connection lost) when the connection cannot be used.
    bool checkIdle();
    // One SELECT 1 on a fresh connection, every wait bounded by timeoutMs (the health check: a
    // dead or hung cluster answers within the bound). Empty when it worked, else what is wrong.
    [[nodiscard]] static QString probe(const PgConfig &config, int timeoutMs);
    [[nodiscard]] bool inTransaction() const;
    [[nodiscard]] const PgConfig &config() const { return m_config; }
    [[nodiscard]] QString quoteIdentifier(const QString &identifier) const;
    [[nodiscard]] QString quoteLiteral(const QString &literal) const;

    // The statement cache's bound: past it the cache is emptied (DEALLOCATE ALL) at the next
    // moment the connection is outside a transaction, and fills again with what is still in use.
    static constexpr int kMaxPreparedStatements = 256;
    [[nodiscard]] int preparedStatementCount() const { return int(m_prepared.size()); }

private:
    // What to send for one statement text: the prepared name to execute (empty: send it unnamed),
    // and whether it must be prepared first, in the same round trip.
    struct Plan
    {
        QByteArray name;
        bool prepareFirst = false;
    };
    void makeRoom();
    Plan planFor(const QByteArray &sql, int preparingNow);
    void forget(const QByteArray &sql);
    [[nodiscard]] bool sendOne(const QByteArray &sql, const Plan &plan, const std::vector<PgParam> &params);
    std::vector<PgResult> runPipeline(const std::vector<Statement> &statements, bool *retryable);
    [[nodiscard]] PgError errorOf(pg_result *r, const QString &context) const;
    [[nodiscard]] static bool canRetryAfterLoss(const std::vector<Statement> &statements);
    [[nodiscard]] static bool mayCommit(const std::vector<Statement> &statements, bool outsideTransaction);
    void reconnect();
    void markLost() { m_lost = true; }
    [[noreturn]] void throwError(pg_result *r, const QString &context); // clears r
    pg_conn *m_conn = nullptr;
    PgConfig m_config;
    QHash<QByteArray, QByteArray> m_prepared; // statement text -> prepared name on this connection
    // Hashes of the texts run once, unnamed; prepared on their second run. A collision only
    // prepares a text one run early.
    QSet<size_t> m_seenOnce;
    quint64 m_nextName = 0;
    bool m_lost = false; // seen broken even if libpq still reports CONNECTION_OK
};

// RAII transaction on a PgConnection: rolls back unless committed.
class PgTransaction
{
public:
    explicit PgTransaction(PgConnection &c, const QString &beginSql = QStringLiteral("BEGIN"));
    struct Adopt {};
    // Takes over a transaction the caller has already begun on c.
    PgTransaction(PgConnection &c, Adopt) : m_conn(c) {}
    ~PgTransaction();
    void commit();
    PgConnection &connection() { return m_conn; }

private:
    PgConnection &m_conn;
    bool m_done = false;
};

} // namespace portico::store
