#pragma once
// The results of quick-open (Ctrl+K). setSearch answers at once from the DirectoryCache (when there
// is one), then asks the server as before; the server's answer replaces the cached rows, a failed
// request keeps them (marked as cached, with their age). Only the latest search's answer counts.

#include "client/apiclient.h"
#include "core/tenant.h"
#include <QAbstractTableModel>
#include <QList>

namespace portico {

class DirectoryCache;

class QuickOpenModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, SlugColumn, StateColumn, PlanColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };
    enum class Source { None, Cache, Server };
    static constexpr int kLimit = 20;

    // cache may be null (server only).
    QuickOpenModel(ApiClient *client, DirectoryCache *cache, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Shows the cached matches now and asks the server; the same text again does nothing unless
    // the last answer failed.
    void setSearch(const QString &text);
    void refresh(); // the current search again, from the cache and the server
    [[nodiscard]] const QString &search() const { return m_search; }
    [[nodiscard]] Source source() const { return m_source; }
    [[nodiscard]] bool isWaitingForServer() const { return m_waiting; }
    [[nodiscard]] const Problem &lastProblem() const { return m_problem; }
    [[nodiscard]] const Tenant &tenantAt(int row) const { return m_rows.at(row); }
    [[nodiscard]] int rowOf(const QUuid &id) const; // -1 when not shown
    // One line for the dialog: "From the local directory (5 min old) · asking the server…", ….
    [[nodiscard]] QString statusText() const;

Q_SIGNALS:
    // After every change of the rows (cache or server) or of the status.
    void resultsChanged();

private:
    void setRows(QList<Tenant> rows, Source source);

    ApiClient *m_client;
    DirectoryCache *m_cache;
    QList<Tenant> m_rows;
    QString m_search;
    Source m_source = Source::None;
    bool m_waiting = false;
    Problem m_problem;
    quint64 m_generation = 0;
};

} // namespace portico
