#include "models/fleetusagemodel.h"
#include "models/tones.h"
#include "models/usagemetricsmodel.h"
#include "models/usageseriesmodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace portico {

FleetUsageModel::FleetUsageModel(ApiClient *client, QObject *parent) : QAbstractTableModel(parent), m_client(client) {}

int FleetUsageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int FleetUsageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetUsageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsageTopItem &t = m_items.at(index.row());
    const QLocale locale;
    const std::optional<double> quotaPct = t.quota ? std::optional<double>(t.quota->usedPercent()) : std::nullopt;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TenantColumn: return t.name;
        case PlanColumn: return t.plan;
        case ValueColumn: return UsageSeriesModel::formatValue(m_unit, double(t.value), false);
        case PreviousColumn: return UsageSeriesModel::formatValue(m_unit, double(t.previousValue), false);
        case GrowthColumn:
            return t.growthPct ? QVariant(tr("%1%2 %").arg(*t.growthPct > 0 ? QStringLiteral("+") : QString(), locale.toString(*t.growthPct, 'f', 1)))
                               : QVariant(tr("new"));
        case VsMedianColumn: return t.vsPlanMedian ? QVariant(tr("%1×").arg(locale.toString(*t.vsPlanMedian, 'f', 2))) : QVariant(tr("—"));
        case QuotaColumn: return quotaPct ? QVariant(tr("%1 %").arg(locale.toString(*quotaPct, 'f', 1))) : QVariant(tr("no quota"));
        default: return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TenantColumn: return tr("%1 (%2)\nTenant id %3, %4\nDouble-click to open the tenant's usage.").arg(t.name, t.slug, t.tenantId, t.state);
        case ValueColumn: return tr("%1 in the chosen range").arg(locale.toString(t.value));
        case PreviousColumn: return tr("%1 in the range of the same length just before").arg(locale.toString(t.previousValue));
        case GrowthColumn: return t.growthPct ? QVariant() : QVariant(tr("Nothing in the previous range to compare with."));
        case VsMedianColumn:
            return tr("Value divided by the median of the %1 plan (%2).").arg(t.plan, UsageSeriesModel::formatValue(m_unit, t.planMedian));
        case QuotaColumn:
            if (!t.quota)
                return tr("The plan sets no quota for this metric.");
            return tr("Month to date: %1 of the monthly %2 (policy %3)")
                .arg(UsageSeriesModel::formatValue(m_unit, double(t.quota->used)), UsageSeriesModel::formatValue(m_unit, double(t.quota->limit)),
                     t.quota->policy);
        default: return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() >= ValueColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::BackgroundRole:
        if (quotaPct && *quotaPct >= 100.0)
            return QBrush(toneColors(Tone::Bad).background);
        if (quotaPct && *quotaPct >= kNearQuotaPct)
            return QBrush(toneColors(Tone::Warning).background);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == QuotaColumn && quotaPct && *quotaPct >= 100.0)
            return QBrush(toneColors(Tone::Bad).text);
        return {};
    case SortRole:
        switch (index.column()) {
        case TenantColumn: return t.name.toLower();
        case PlanColumn: return t.plan;
        case ValueColumn: return t.value;
        case PreviousColumn: return t.previousValue;
        case GrowthColumn: return t.growthPct ? QVariant(*t.growthPct) : QVariant();
        case VsMedianColumn: return t.vsPlanMedian ? QVariant(*t.vsPlanMedian) : QVariant();
        case QuotaColumn: return quotaPct ? QVariant(*quotaPct) : QVariant();
        default: return {};
        }
    case TenantIdRole: return t.tenantId;
    case QuotaPercentRole: return quotaPct ? QVariant(*quotaPct) : QVariant();
    default: return {};
    }
}

QVariant FleetUsageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case TenantColumn: return tr("Tenant");
        case PlanColumn: return tr("Plan");
        case ValueColumn: return m_metric.isEmpty() ? tr("Value") : metricName();
        case PreviousColumn: return tr("Previous");
        case GrowthColumn: return tr("Growth %");
        case VsMedianColumn: return tr("vs plan median (×)");
        case QuotaColumn: return tr("Quota used % (MTD)"); // short enough for 1024 px; the tooltip spells it out
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case PreviousColumn: return tr("The range of the same length just before the chosen one.");
        case VsMedianColumn: return tr("How many times the median tenant of the same plan.");
        case ValueColumn: return tr("The metric's total in the chosen range.");
        case QuotaColumn:
            return tr("Quota used, month to date (MTD): how much of the monthly quota the tenant used this month so far (the calendar month, UTC), whatever the "
                      "range chosen. Amber from 80 %, red from 100 %.");
        default: return {};
        }
    }
    return {};
}

QString FleetUsageModel::metricName() const
{
    return metricDisplayName(m_metric, m_metricLabel, m_unit);
}

void FleetUsageModel::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

void FleetUsageModel::load(const QString &metric, const QDateTime &from, const QDateTime &to, const QString &plan, int limit)
{
    const quint64 generation = ++m_generation;
    m_problem = {};
    setLoading(true);
    m_client->usageTop(metric, from, to, limit, plan, this, [this, generation](const ApiResult<UsageTop> &result) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!result) {
            m_problem = result.problem();
            Q_EMIT problemOccurred(m_problem);
            return;
        }
        setTop(result.value());
    });
}

void FleetUsageModel::setTop(const UsageTop &top)
{
    beginResetModel();
    m_items = top.items;
    m_unit = top.unit;
    m_metric = top.metric;
    m_metricLabel = top.metricLabel;
    m_loaded = true;
    endResetModel();
    Q_EMIT loaded();
}

FleetUsageFilterModel::FleetUsageFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(FleetUsageModel::SortRole);
}

void FleetUsageFilterModel::setNearQuotaOnly(bool on)
{
    if (on == m_nearQuotaOnly)
        return;
    m_nearQuotaOnly = on;
    invalidateRowsFilter(); // rows only: the columns and the sort key did not change
}

bool FleetUsageFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_nearQuotaOnly)
        return true;
    const QVariant pct = sourceModel()->index(sourceRow, 0, sourceParent).data(FleetUsageModel::QuotaPercentRole);
    return pct.isValid() && pct.toDouble() >= FleetUsageModel::kNearQuotaPct;
}

bool FleetUsageFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(FleetUsageModel::SortRole);
    const QVariant r = right.data(FleetUsageModel::SortRole);
    // Rows without a value sort after all others in ascending order (and first in descending).
    if (!l.isValid() || !r.isValid())
        return l.isValid() && !r.isValid();
    if (l.typeId() == QMetaType::QString)
        return QString::compare(l.toString(), r.toString(), Qt::CaseInsensitive) < 0;
    return l.toDouble() < r.toDouble();
}

} // namespace portico
