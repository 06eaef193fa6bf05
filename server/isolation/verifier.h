#pragma once
// The isolation verifier: reads the catalogs of every cluster and checks that the database still
// enforces what the design promises. Run at start (critical findings stop the server), in tests,
// and on demand (GET /v1/isolation/report).

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace portico::store { class Database; }

namespace portico::isolation {

enum class Severity { Critical, High, Warning, Info };
QString toString(Severity s);

struct Finding
{
    Severity severity;
    QString check;   // stable id, e.g. "rls.forced"
    QString object;  // what is wrong, e.g. "home/portico_pool.public.documents"
    QString detail;  // what is wrong and what to do
    QJsonObject toJson() const;
};

struct Report
{
    QList<Finding> findings;
    int clustersChecked = 0;
    int tablesChecked = 0;
    int placementsChecked = 0;
    QDateTime checkedAt;
    qint64 durationMs = 0;

    // ok: nothing critical or high.
    [[nodiscard]] bool ok() const;
    [[nodiscard]] bool hasCritical() const;
    QJsonObject toJson() const;
};

class Verifier
{
public:
    explicit Verifier(store::Database &db) : m_db(db) {}
    Report run();

    // The tables every placement must hold, with row-level security enabled and forced.
    static const QStringList &tenantTables();

private:
    store::Database &m_db;
};

} // namespace portico::isolation
