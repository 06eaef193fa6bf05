#include "models/tenantlistmodel.h"
#include "models/formatting.h"
#include "models/directorycache.h"

#include <limits>

namespace portico {

TenantListModel::TenantListModel(ApiClient *client, QObject *parent) : PagedTableModel(parent), m_client(client)
{
    m_query.limit = kDefaultPageSize;
}

int TenantListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TenantListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TenantListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Tenant &t = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return t.name;
        case SlugColumn: return t.slug;
        case StateColumn: return toString(t.state);
        case PlanColumn: return toString(t.plan);
        case RegionColumn: return t.region;
        case IsolationColumn: return toString(t.isolation());
        case CreatedColumn: return format::localDateTime(t.createdAt);
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == CreatedColumn)
            return format::utcToolTip(t.createdAt);
        if (index.column() == NameColumn)
            return t.name;
        return {};
    case IdRole: return idToString(t.id);
    case SlugRole: return t.slug;
    case UtcRole: return index.column() == CreatedColumn ? QVariant(t.createdAt) : QVariant();
    default: return {};
    }
}

QVariant TenantListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn: return tr("Name");
        case SlugColumn: return tr("Slug");
        case StateColumn: return tr("State");
        case PlanColumn: return tr("Plan");
        case RegionColumn: return tr("Region");
        case IsolationColumn: return tr("Isolation");
        case CreatedColumn: return tr("Created");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && !isSortableColumn(section))
        return tr("The server cannot sort by this column.");
    return {};
}

QHash<int, QByteArray> TenantListModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "tenantId");
    names.insert(SlugRole, "slug");
    names.insert(UtcRole, "utc");
    return names;
}

std::optional<TenantSortKey> TenantListModel::sortKeyForColumn(int column)
{
    switch (column) {
    case NameColumn: return TenantSortKey::Name;
    case SlugColumn: return TenantSortKey::Slug;
    case StateColumn: return TenantSortKey::State;
    case PlanColumn: return TenantSortKey::Plan;
    case CreatedColumn: return TenantSortKey::CreatedAt;
    default: return std::nullopt; // region, isolation: the API has no such sort key
    }
}

bool TenantListModel::isSortableColumn(int column)
{
    return sortKeyForColumn(column).has_value();
}

int TenantListModel::columnForSortKey(TenantSortKey key)
{
    switch (key) {
    case TenantSortKey::Name: return NameColumn;
    case TenantSortKey::Slug: return SlugColumn;
    case TenantSortKey::State: return StateColumn;
    case TenantSortKey::Plan: return PlanColumn;
    case TenantSortKey::CreatedAt: return CreatedColumn;
    }
    return NameColumn;
}

void TenantListModel::sort(int column, Qt::SortOrder order)
{
    const auto key = sortKeyForColumn(column);
    if (!key)
        return; // the view restores its sort indicator; the rows stay as the server sorted them
    TenantListQuery q = m_query;
    q.sortKey = *key;
    q.descending = order == Qt::DescendingOrder;
    setQuery(q);
}

void TenantListModel::setQuery(const TenantListQuery &query)
{
    TenantListQuery q = query;
    q.cursor.clear();
    q.search = q.search.trimmed().left(TenantListQuery::kMaxSearchLength);
    q.limit = qBound(1, q.limit, TenantListQuery::kMaxLimit);
    if (q == m_query)
        return;
    m_query = q;
    Q_EMIT queryChanged();
    refresh();
}

void TenantListModel::setSearch(const QString &text)
{
    TenantListQuery q = m_query;
    q.search = text;
    setQuery(q);
}

void TenantListModel::setFilter(Filter filter, const QString &value)
{
    TenantListQuery q = m_query;
    switch (filter) {
    case Filter::State: q.state = value; break;
    case Filter::Plan: q.plan = value; break;
    case Filter::Region: q.region = value; break;
    case Filter::Isolation: q.isolation = value; break;
    }
    setQuery(q);
}

void TenantListModel::setPageSize(int pageSize)
{
    TenantListQuery q = m_query;
    q.limit = pageSize;
    setQuery(q);
}

void TenantListModel::requestPage(const QString &cursor)
{
    TenantListQuery q = m_query;
    q.cursor = cursor;
    const quint64 request = ++m_requests;
    auto onPage = pageReply<TenantPage>(m_rows, [this](const TenantPage &page) {
        setOffline(false);
        if (page.total != m_total || page.totalIsEstimate != m_totalIsEstimate) {
            m_total = page.total;
            m_totalIsEstimate = page.totalIsEstimate;
            Q_EMIT totalChanged(m_total);
        }
    });
    m_client->listTenants(q, this, [this, request, first = cursor.isEmpty(), onPage = std::move(onPage)](const ApiResult<TenantPage> &r) {
        onPage(r);
        if (!r && r.problem().status == 0 && first && request == m_requests && m_cache)
            showCachedRows();
    });
}

void TenantListModel::showCachedRows()
{
    if (m_cache->count() == 0)
        return;
    QList<Tenant> rows = m_cache->search(m_query.search, std::numeric_limits<int>::max());
    rows.removeIf([this](const Tenant &t) {
        return (!m_query.state.isEmpty() && toString(t.state) != m_query.state) || (!m_query.plan.isEmpty() && toString(t.plan) != m_query.plan)
               || (!m_query.region.isEmpty() && t.region != m_query.region)
               || (!m_query.isolation.isEmpty() && toString(t.isolation()) != m_query.isolation);
    });
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    m_total = m_rows.size();
    m_totalIsEstimate = false; // every cached match is counted
    Q_EMIT totalChanged(m_total);
    m_offline = true;
    Q_EMIT offlineChanged(true); // again after each failed retry: the failure's problem was reported just before
}

void TenantListModel::setOffline(bool offline)
{
    if (offline == m_offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged(offline);
}

int TenantListModel::rowOf(const QUuid &id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id)
            return i;
    return -1;
}

void TenantListModel::updateTenant(const Tenant &tenant)
{
    const int row = rowOf(tenant.id);
    if (row < 0)
        return;
    Tenant updated = tenant;
    updated.stats.reset(); // list rows carry no stats; keep them uniform
    m_rows[row] = updated;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace portico
