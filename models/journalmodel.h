#pragma once
// The activity journal as a table, newest first, for the Journal dialog: a text filter and a date
// range (both applied by the journal's query), reloaded when an entry is appended.

#include "models/activityjournal.h"
#include <QAbstractTableModel>

namespace portico {

class JournalModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, TenantColumn, ActionColumn, TargetColumn, ChangeColumn, ReasonColumn, ResultColumn, RequestIdColumn, ColumnCount };
    enum Role { EntryIdRole = Qt::UserRole + 1, OkRole };

    explicit JournalModel(ActivityJournal *journal, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setFilterText(const QString &text);
    void setRange(const QDateTime &from, const QDateTime &to); // UTC; invalid: open
    [[nodiscard]] const JournalQuery &query() const { return m_query; }
    void reload();

    [[nodiscard]] const JournalEntry &entryAt(int row) const { return m_rows.at(row); }
    [[nodiscard]] ActivityJournal *journal() const { return m_journal; }
    // Every entry matching the filter (not only the rows shown), as CSV.
    bool exportCsv(const QString &path, QString *error) const;

    // The result column's text: "ok 200", "failed 412 precondition-failed", "failed (no answer)".
    static QString resultText(const JournalEntry &entry);

private:
    ActivityJournal *m_journal;
    JournalQuery m_query;
    QList<JournalEntry> m_rows;
};

} // namespace portico
