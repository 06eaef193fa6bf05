#include "models/usagemetricsmodel.h"

namespace portico {

QString metricDisplayName(const QString &name, const QString &label, const QString &unit)
{
    const QString shown = label.isEmpty() ? name : label;
    if (unit.isEmpty() || shown.contains(unit, Qt::CaseInsensitive))
        return shown;
    return UsageMetricsModel::tr("%1 (%2)").arg(shown, unit);
}

UsageMetricsModel::UsageMetricsModel(ApiClient *client, QObject *parent) : QAbstractListModel(parent), m_client(client) {}

int UsageMetricsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_metrics.size());
}

QVariant UsageMetricsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsageMetric &m = m_metrics.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return metricDisplayName(m.name, m.label, m.unit);
    case Qt::ToolTipRole:
        return tr("%1\nKey %2, unit %3; %4%5")
            .arg(m.description, m.name, m.unit, m.isGauge() ? tr("a gauge (each bucket shows its highest sample)") : tr("a counter (buckets add up)"),
                 m.external ? tr("; reported by the tenant's application") : QString());
    case NameRole: return m.name;
    case UnitRole: return m.unit;
    case KindRole: return m.kind;
    case LabelRole: return m.label.isEmpty() ? m.name : m.label;
    default: return {};
    }
}

void UsageMetricsModel::ensureLoaded()
{
    if (m_loaded || m_loading)
        return;
    m_loading = true;
    m_client->usageMetrics(this, [this](const ApiResult<UsageMetricList> &result) {
        m_loading = false;
        if (!result) {
            m_problem = result.problem();
            Q_EMIT problemOccurred(m_problem);
            return;
        }
        setMetrics(result.value().items);
    });
}

void UsageMetricsModel::setMetrics(const QList<UsageMetric> &metrics)
{
    beginResetModel();
    m_metrics = metrics;
    m_loaded = true;
    m_problem = {};
    endResetModel();
    Q_EMIT loaded();
}

int UsageMetricsModel::rowOf(const QString &name) const
{
    for (int r = 0; r < m_metrics.size(); ++r)
        if (m_metrics.at(r).name == name)
            return r;
    return -1;
}

std::optional<UsageMetric> UsageMetricsModel::metric(const QString &name) const
{
    const int r = rowOf(name);
    return r < 0 ? std::nullopt : std::optional<UsageMetric>(m_metrics.at(r));
}

} // namespace portico
