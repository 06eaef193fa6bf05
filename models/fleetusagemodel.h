#pragma once
// The fleet's top consumers of one metric (GET /v1/usage/top), for account managers: value in the
// range, the previous range of the same length, growth, the ratio to the median of the tenant's
// plan and how much of its monthly quota it used. The server orders by value; the view sorts
// further through FleetUsageFilterModel. SortRole carries numbers (null growth: no value).

#include "client/apiclient.h"
#include "core/problem.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace portico {

class FleetUsageModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TenantColumn, PlanColumn, ValueColumn, PreviousColumn, GrowthColumn, VsMedianColumn, QuotaColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { SortRole = Qt::UserRole + 1, TenantIdRole, QuotaPercentRole };
    static constexpr double kNearQuotaPct = 80.0;

    explicit FleetUsageModel(ApiClient *client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A newer load supersedes one in flight. plan: empty for every plan.
    void load(const QString &metric, const QDateTime &from, const QDateTime &to, const QString &plan, int limit = 50);
    void setTop(const UsageTop &top);

    [[nodiscard]] const UsageTopItem &itemAt(int row) const { return m_items.at(row); }
    [[nodiscard]] QString unit() const { return m_unit; }
    [[nodiscard]] QString metric() const { return m_metric; }
    // The metric as the console names it (metricDisplayName); the Value column's header.
    [[nodiscard]] QString metricName() const;
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] bool hasLoaded() const { return m_loaded; }
    [[nodiscard]] const Problem &lastProblem() const { return m_problem; }

Q_SIGNALS:
    void loadingChanged(bool loading);
    void loaded();
    void problemOccurred(const portico::Problem &problem);

private:
    void setLoading(bool loading);

    ApiClient *m_client;
    QList<UsageTopItem> m_items;
    QString m_unit;
    QString m_metric, m_metricLabel;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_loaded = false;
    Problem m_problem;
};

// The fleet view's one proxy: numeric sorting by SortRole (rows without a value last in either
// order) and an optional "near or over quota" filter.
class FleetUsageFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit FleetUsageFilterModel(QObject *parent = nullptr);
    void setNearQuotaOnly(bool on);
    [[nodiscard]] bool nearQuotaOnly() const { return m_nearQuotaOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool m_nearQuotaOnly = false;
};

} // namespace portico
