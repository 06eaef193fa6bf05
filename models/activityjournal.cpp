#include "models/activityjournal.h"
#include "models/localstore.h"
#include "models/tableexport.h"

#include <QLoggingCategory>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <limits>

Q_DECLARE_LOGGING_CATEGORY(lcLocal)

namespace portico {

namespace {
constexpr auto kColumns = "id, at_utc, profile, tenant_id, tenant_name, action, target, before_summary, after_summary, reason, ok,"
                          " http_status, problem_type, problem_detail, request_id, method, path";

QString utcText(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

ActivityJournal::ActivityJournal(LocalStore *store, QObject *parent) : QObject(parent), m_store(store) {}

qint64 ActivityJournal::append(JournalEntry e)
{
    if (!m_store->isOpen())
        return 0;
    if (!e.at.isValid())
        e.at = QDateTime::currentDateTimeUtc();
    e.at = e.at.toUTC();
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO journal (at_utc, profile, tenant_id, tenant_name, action, target, before_summary, after_summary,"
                             " reason, ok, http_status, problem_type, problem_detail, request_id, method, path)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(utcText(e.at));
    const auto text = [](const QString &s) { return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s); }; // NOT NULL columns
    for (const QString *s : {&e.profile, &e.tenantId, &e.tenantName, &e.action, &e.target, &e.before, &e.after, &e.reason})
        q.addBindValue(text(*s));
    q.addBindValue(e.ok ? 1 : 0);
    q.addBindValue(e.httpStatus);
    for (const QString *s : {&e.problemType, &e.problemDetail, &e.requestId, &e.method, &e.path})
        q.addBindValue(text(*s));
    if (!q.exec()) {
        qCWarning(lcLocal, "journal: cannot append %s [%s]: %s", qUtf8Printable(e.action), qUtf8Printable(e.requestId),
                  qUtf8Printable(q.lastError().text()));
        return 0;
    }
    e.id = q.lastInsertId().toLongLong();
    Q_EMIT appended(e);
    return e.id;
}

QList<JournalEntry> ActivityJournal::query(const JournalQuery &query) const
{
    QList<JournalEntry> out;
    if (!m_store->isOpen())
        return out;
    QString sql = QStringLiteral("SELECT %1 FROM journal WHERE 1 = 1").arg(QLatin1String(kColumns));
    QVariantList binds;
    if (const QString text = query.text.trimmed(); !text.isEmpty()) {
        QStringList ors;
        for (const char *column : {"tenant_name", "tenant_id", "action", "target", "before_summary", "after_summary", "reason",
                                   "request_id", "problem_type", "problem_detail", "path"}) {
            ors << QStringLiteral("%1 LIKE ? ESCAPE '\\'").arg(QLatin1String(column));
            binds << QLatin1Char('%') + likeEscaped(text) + QLatin1Char('%');
        }
        sql += QStringLiteral(" AND (") + ors.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    }
    if (query.from.isValid()) {
        sql += QStringLiteral(" AND at_utc >= ?");
        binds << utcText(query.from);
    }
    if (query.to.isValid()) {
        sql += QStringLiteral(" AND at_utc < ?");
        binds << utcText(query.to);
    }
    sql += QStringLiteral(" ORDER BY at_utc DESC, id DESC LIMIT ?");
    binds << qMax(1, query.limit);

    QSqlQuery q(m_store->database());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    if (!q.exec()) {
        qCWarning(lcLocal, "journal: query failed: %s", qUtf8Printable(q.lastError().text()));
        return out;
    }
    while (q.next()) {
        JournalEntry e;
        e.id = q.value(0).toLongLong();
        e.at = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs).toUTC();
        e.profile = q.value(2).toString();
        e.tenantId = q.value(3).toString();
        e.tenantName = q.value(4).toString();
        e.action = q.value(5).toString();
        e.target = q.value(6).toString();
        e.before = q.value(7).toString();
        e.after = q.value(8).toString();
        e.reason = q.value(9).toString();
        e.ok = q.value(10).toInt() != 0;
        e.httpStatus = q.value(11).toInt();
        e.problemType = q.value(12).toString();
        e.problemDetail = q.value(13).toString();
        e.requestId = q.value(14).toString();
        e.method = q.value(15).toString();
        e.path = q.value(16).toString();
        out << e;
    }
    return out;
}

qint64 ActivityJournal::count() const
{
    if (!m_store->isOpen())
        return 0;
    QSqlQuery q(m_store->database());
    return q.exec(QStringLiteral("SELECT count(*) FROM journal")) && q.next() ? q.value(0).toLongLong() : 0;
}

QString ActivityJournal::toCsv(const QList<JournalEntry> &entries)
{
    QString out = QStringLiteral("time_utc,profile,tenant_id,tenant_name,action,target,before,after,reason,result,http_status,"
                                 "problem_type,problem_detail,request_id,method,path\r\n");
    for (const JournalEntry &e : entries) {
        const QStringList fields{utcText(e.at), e.profile, e.tenantId, e.tenantName, e.action, e.target, e.before, e.after, e.reason,
                                 e.ok ? QStringLiteral("ok") : QStringLiteral("failed"), QString::number(e.httpStatus), e.problemType,
                                 e.problemDetail, e.requestId, e.method, e.path};
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csvField(f);
        out += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out;
}

bool ActivityJournal::exportCsv(const QString &path, const JournalQuery &query, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    JournalQuery all = query;
    all.limit = std::numeric_limits<int>::max();
    file.write(toCsv(this->query(all)).toUtf8());
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace portico
