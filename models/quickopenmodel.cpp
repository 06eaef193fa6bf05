#include "models/quickopenmodel.h"
#include "models/directorycache.h"

namespace portico {

QuickOpenModel::QuickOpenModel(ApiClient *client, DirectoryCache *cache, QObject *parent)
    : QAbstractTableModel(parent), m_client(client), m_cache(cache)
{
}

int QuickOpenModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QuickOpenModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QuickOpenModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Tenant &t = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn: return t.name;
        case SlugColumn: return t.slug;
        case StateColumn: return toString(t.state);
        case PlanColumn: return toString(t.plan);
        default: return {};
        }
    }
    if (role == IdRole)
        return idToString(t.id);
    if (role == Qt::ToolTipRole)
        return idToString(t.id);
    return {};
}

QVariant QuickOpenModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Name");
    case SlugColumn: return tr("Slug");
    case StateColumn: return tr("State");
    case PlanColumn: return tr("Plan");
    default: return {};
    }
}

void QuickOpenModel::setSearch(const QString &text)
{
    const QString trimmed = text.trimmed().left(TenantListQuery::kMaxSearchLength);
    if (trimmed == m_search && m_source != Source::None && m_problem.isNull())
        return;
    m_search = trimmed;
    refresh();
}

void QuickOpenModel::refresh()
{
    const quint64 generation = ++m_generation;
    m_problem = {};
    m_waiting = true;
    if (m_cache && m_cache->count() > 0)
        setRows(m_cache->search(m_search, kLimit), Source::Cache);
    else
        Q_EMIT resultsChanged();

    TenantListQuery q;
    q.search = m_search;
    q.limit = kLimit;
    m_client->listTenants(q, this, [this, generation](const ApiResult<TenantPage> &result) {
        if (generation != m_generation)
            return; // an earlier search
        m_waiting = false;
        if (!result) {
            m_problem = result.problem();
            Q_EMIT resultsChanged(); // the cached rows, if any, stay
            return;
        }
        setRows(result->items, Source::Server);
    });
}

void QuickOpenModel::setRows(QList<Tenant> rows, Source source)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_source = source;
    endResetModel();
    Q_EMIT resultsChanged();
}

int QuickOpenModel::rowOf(const QUuid &id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id)
            return i;
    return -1;
}

QString QuickOpenModel::statusText() const
{
    QString text;
    if (m_source == Source::Cache) {
        const auto age = m_cache ? m_cache->age() : std::nullopt;
        text = age ? tr("From the local directory (%1 old)").arg(DirectoryCache::describeAge(*age)) : tr("From the local directory");
    }
    QString tail;
    if (m_waiting)
        tail = tr("asking the server…");
    else if (!m_problem.isNull())
        tail = tr("server: %1").arg(m_problem.toDisplayString());
    if (text.isEmpty())
        return tail;
    return tail.isEmpty() ? text : tr("%1 · %2").arg(text, tail);
}

} // namespace portico
