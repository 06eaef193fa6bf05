#pragma once
// The isolation verifier's findings as a table, plus the rest of the last report (counts, time,
// pools, monitor blocks) for the summary around it. rerun() asks the server to run the verifier;
// the rows are replaced when the report arrives, most severe first (critical, high, warning, info),
// then by check and object. A failed re-run keeps the last report and says why in lastProblem().

#include "client/apiclient.h"
#include "core/problem.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <optional>

namespace portico {

class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(bool running READ isRunning NOTIFY runningChanged)
public:
    enum Column { SeverityColumn, CheckColumn, ObjectColumn, DetailColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        SeverityRole = Qt::UserRole + 1, // int(Severity): smaller is more severe; sorts critical first
        SeverityColorRole,               // QColor of the severity
        CheckRole,                       // the stable check id, whatever the column
    };

    explicit FindingsModel(ApiClient *client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Runs the verifier on the server. A run started while one is in flight supersedes it.
    void rerun();
    // Shows a report that came from elsewhere (and what tests feed in).
    void setReport(const IsolationReport &report);

    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] const std::optional<IsolationReport> &report() const { return m_report; }
    // Of the latest run: null when it succeeded (or none finished yet).
    [[nodiscard]] const Problem &lastProblem() const { return m_problem; }
    [[nodiscard]] const Finding &findingAt(int row) const { return m_rows.at(row); }

    // The order rows are kept in: severity, then check, then object.
    static bool moreSevereFirst(const Finding &a, const Finding &b);

Q_SIGNALS:
    void runningChanged(bool running);
    void reportChanged();  // a new report is shown
    void problemOccurred(const portico::Problem &problem);

private:
    void setRunning(bool running);
    QIcon iconFor(Severity s) const;

    ApiClient *m_client;
    QList<Finding> m_rows;
    std::optional<IsolationReport> m_report;
    Problem m_problem;
    quint64 m_generation = 0;
    bool m_running = false;
    mutable QHash<int, QIcon> m_icons;
};

} // namespace portico
