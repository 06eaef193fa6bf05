#pragma once
// The tenant list as a lazily paged table. Filtering, search and sorting happen on the server:
// changing any of them resets the model and loads the first page; the view's canFetchMore/fetchMore
// loads the next page, one request at a time, and rows are inserted when the page arrives.
//
// Every reset starts a new "generation"; a reply that belongs to an older generation (the user
// typed on while it was in flight) is dropped, never mixed into the current rows.

#include "client/apiclient.h"
#include "core/problem.h"
#include "core/tenant.h"
#include "core/tenantquery.h"
#include "models/pagedtablemodel.h"

#include <QAbstractTableModel>
#include <QList>
#include <optional>

namespace portico {

class DirectoryCache;

class TenantListModel : public PagedTableModel
{
    Q_OBJECT
    Q_PROPERTY(qint64 total READ total NOTIFY totalChanged)
    Q_PROPERTY(bool totalIsEstimate READ totalIsEstimate NOTIFY totalChanged)
public:
    enum Column { NameColumn, SlugColumn, StateColumn, PlanColumn, RegionColumn, IsolationColumn, CreatedColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { IdRole = Qt::UserRole + 1, SlugRole, UtcRole };
    enum class Filter { State, Plan, Region, Isolation };

    static constexpr int kDefaultPageSize = 100;

    explicit TenantListModel(ApiClient *client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Server-side; a column the server cannot sort by is ignored (see isSortableColumn).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    static bool isSortableColumn(int column);
    static std::optional<TenantSortKey> sortKeyForColumn(int column);
    static int columnForSortKey(TenantSortKey key);

    // The filters, search and sort of what is shown (limit is the page size; cursor is unused).
    [[nodiscard]] const TenantListQuery &query() const { return m_query; }
    // Each of these resets the model and loads the first page, unless nothing changed.
    // The very first load is explicit: refresh() (F5, after reconnecting, after an error too).
    void setQuery(const TenantListQuery &query);
    void setSearch(const QString &text);
    void setFilter(Filter filter, const QString &value); // empty value: any
    void setPageSize(int pageSize);
    [[nodiscard]] int sortColumn() const { return columnForSortKey(m_query.sortKey); }
    [[nodiscard]] Qt::SortOrder sortOrder() const { return m_query.descending ? Qt::DescendingOrder : Qt::AscendingOrder; }

    [[nodiscard]] qint64 total() const { return m_total; }
    // The server estimated total (many matches): show it as "about" (format::tenantCount).
    [[nodiscard]] bool totalIsEstimate() const { return m_totalIsEstimate; }
    [[nodiscard]] const Tenant &tenantAt(int row) const { return m_rows.at(row); }
    [[nodiscard]] int rowOf(const QUuid &id) const; // -1 when not loaded
    // Replaces a loaded row in place (after an edit), so the list need not be reloaded.
    void updateTenant(const Tenant &tenant);

    // Offline: when a first page gets no answer from the server at all, the rows come from this
    // cache (its last known list, the query's search and filters applied locally) until a page
    // arrives again. Null: no fallback.
    void setDirectoryCache(DirectoryCache *cache) { m_cache = cache; }
    [[nodiscard]] bool isOffline() const { return m_offline; }

Q_SIGNALS:
    void totalChanged(qint64 total);
    void queryChanged();
    void offlineChanged(bool offline);

private:
    void requestPage(const QString &cursor) override;
    void clearRows() override { m_rows.clear(); }
    void showCachedRows();
    void setOffline(bool offline);

    ApiClient *m_client;
    TenantListQuery m_query;
    QList<Tenant> m_rows;
    qint64 m_total = 0;
    bool m_totalIsEstimate = false;
    DirectoryCache *m_cache = nullptr;
    bool m_offline = false;
    quint64 m_requests = 0; // to tell the latest request's failure from a stale one
};

} // namespace portico
