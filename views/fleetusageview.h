#pragma once
// "Fleet usage", for account managers: the top consumers of one metric over 7/30/90 days (value,
// previous period, growth, ratio to the plan's median, quota used; near or over quota
// highlighted), the whole fleet's daily total as a chart and the totals per plan. Double-click
// opens the tenant's usage. Talks only to its models.

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;
class QBoxLayout;
class QTableView;

namespace portico {

class FleetUsageFilterModel;
class FleetUsageModel;
class UsageChart;
class UsageMetricsModel;
class UsageSeriesModel;

class FleetUsageView : public QWidget
{
    Q_OBJECT
public:
    FleetUsageView(UsageMetricsModel *metrics, FleetUsageModel *top, UsageSeriesModel *fleet, QWidget *parent = nullptr);

    // The operator's last choice, as saved by the composition root (metricChosen, rangeDaysChosen);
    // the metric is applied once the metric list is there. Reloads nothing by itself.
    void restoreChoice(const QString &metric, int rangeDays);
    void ensureLoaded(); // the first time the view is shown
    void reload();
    void setMetric(const QString &name);
    void setRangeDays(int days); // 7, 30 or 90
    void setPlan(const QString &plan); // empty: every plan

    [[nodiscard]] QString metric() const;
    [[nodiscard]] int rangeDays() const;
    [[nodiscard]] bool isSettled() const;
    [[nodiscard]] QTableView *tableView() const { return m_table; }
    [[nodiscard]] FleetUsageFilterModel *proxy() const { return m_proxy; }
    [[nodiscard]] UsageChart *chart() const { return m_chart; }
    [[nodiscard]] QString planTotalsText() const;
    // Shown instead of the table when it has no row: the near-quota filter says so explicitly.
    [[nodiscard]] bool isEmptyStateShown() const;
    [[nodiscard]] QString emptyStateText() const;
    [[nodiscard]] QComboBox *metricPicker() const { return m_metricCombo; }
    // The table as shown, to a CSV file: every row the view lists (filtered and sorted as on
    // screen), its visible columns in their order, and the tenant's id and slug first.
    bool exportTo(const QString &path, QString *error);
    [[nodiscard]] QByteArray saveLayout() const;
    bool restoreLayout(const QByteArray &state);

public Q_SLOTS:
    void exportCsv(); // asks for a file name (File ▸ Export CSV on this page)

Q_SIGNALS:
    void tenantActivated(const QString &tenantId, const QString &metric);
    void statusMessage(const QString &text);
    void settled();
    // The operator chose a metric or a range (not emitted for restoreChoice or the setters).
    void metricChosen(const QString &metric);
    void rangeDaysChosen(int days);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitOrientation();
    void updateTitle();
    void updateEmptyState();
    void updatePlanTotals();
    void checkSettled();

    UsageMetricsModel *m_metrics;
    FleetUsageModel *m_top;
    UsageSeriesModel *m_fleet;
    FleetUsageFilterModel *m_proxy;
    QComboBox *m_metricCombo;
    QComboBox *m_rangeCombo;
    QComboBox *m_planCombo;
    QCheckBox *m_nearQuota;
    QPushButton *m_refresh;
    QLabel *m_title;
    QTableView *m_table;
    UsageChart *m_chart;
    QLabel *m_planTotals;
    QLabel *m_emptyState;
    QLabel *m_fleetTitle;
    QSplitter *m_splitter;
    QBoxLayout *m_fleetBody = nullptr; // the chart and the totals by plan: stacked, or side by side when the page is stacked
    QString m_wantedMetric;
    bool m_started = false;
    bool m_wasSettled = false;
};

} // namespace portico
