#pragma once
// The "Usage" tab of the tenant detail area: one metric of the tenant over a range (presets
// 24 h / 7 d / 30 d / 90 d / this month or custom), the step picked automatically (hour up to 7 days, day
// beyond) or chosen, a zoomable chart with the quota, a caption with the total, quota used and
// policy, and PNG/CSV export of what is shown. Loads only while visible; talks to its models.

#include <QDateTime>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;

namespace portico {

class UsageChart;
class UsageMetricsModel;
class UsageSeriesModel;

class TenantUsagePanel : public QWidget
{
    Q_OBJECT
public:
    // Saved by value in the settings: new ranges go at the end. ThisMonth is the billing period
    // so far, where a metric with a monthly quota is shown against it (UsageSeriesModel's month view).
    enum class Range { Day, Week, Month, Quarter, Custom, ThisMonth };
    Q_ENUM(Range)

    // The panel does not own the models.
    TenantUsagePanel(UsageMetricsModel *metrics, UsageSeriesModel *series, QWidget *parent = nullptr);

    // The operator's last choice, as saved by the composition root (metricChosen, rangeChosen);
    // the metric is applied once the metric list is there. Reloads nothing by itself.
    void restoreChoice(const QString &metric, Range range);
    void setTenant(const QString &id, const QString &name);
    void clear();
    void setMetric(const QString &name);
    void setRange(Range range);
    void setCustomRange(const QDateTime &from, const QDateTime &to);
    void setStep(const QString &step); // empty: automatic
    void reload();

    [[nodiscard]] QString tenantId() const { return m_tenantId; }
    [[nodiscard]] QString metric() const;
    [[nodiscard]] QComboBox *metricPicker() const { return m_metricCombo; }
    [[nodiscard]] Range range() const;
    [[nodiscard]] QString effectiveStep() const;
    [[nodiscard]] QString captionText() const;
    [[nodiscard]] bool isSettled() const; // the series for the current choice is drawn (or failed)
    [[nodiscard]] UsageChart *chart() const { return m_chart; }
    [[nodiscard]] UsageSeriesModel *seriesModel() const { return m_series; }

    bool exportPng(const QString &path) const;
    bool exportCsv(const QString &path, QString *error = nullptr) const;

Q_SIGNALS:
    void settled();
    void statusMessage(const QString &text);
    // The operator chose a metric or a range (not emitted for restoreChoice or setMetric).
    void metricChosen(const QString &metric);
    void rangeChosen(portico::TenantUsagePanel::Range range);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void rangeChanged();
    void updateCaption();
    void updateStepLabel();
    void askExportPng();
    void askExportCsv();
    [[nodiscard]] std::pair<QDateTime, QDateTime> currentRange() const;
    [[nodiscard]] QString exportBaseName() const;

    UsageMetricsModel *m_metrics;
    UsageSeriesModel *m_series;
    QString m_tenantId;
    QString m_tenantName;
    QComboBox *m_metricCombo;
    QComboBox *m_rangeCombo;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QComboBox *m_stepCombo;
    QPushButton *m_resetZoom;
    QPushButton *m_exportPng;
    QPushButton *m_exportCsv;
    UsageChart *m_chart;
    QLabel *m_caption;
    QString m_wantedMetric;
    bool m_dirty = true;
    bool m_requested = false;
};

} // namespace portico
