#pragma once
// One usage series of one tenant (or of the fleet), headless: the points as the server sent them,
// the points shown (downsampled with core's LTTB when there are more than threshold()), value
// formatting in the metric's unit, the caption's numbers and the CSV of exactly what is shown.
// As a table: one row per shown point (Time, Value), so a view or a test can read what is drawn.

#include "client/apiclient.h"
#include "core/problem.h"
#include "core/usage.h"

#include <QAbstractTableModel>
#include <QPointF>
#include <functional>
#include <optional>

namespace portico {

class UsageSeriesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, ValueColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { TimeMsRole = Qt::UserRole + 1, ValueRole };
    static constexpr int kDefaultThreshold = 1500;

    explicit UsageSeriesModel(ApiClient *client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Loads a tenant's series (tenant empty: the fleet's total, GET /v1/usage/fleet). A newer load
    // supersedes one in flight.
    void load(const QString &tenant, const QString &metric, const QDateTime &from, const QDateTime &to, const QString &step);
    void setSeries(const UsageSeries &series); // also what load() does with the answer
    void clear();
    void setThreshold(int threshold);          // at least 3
    [[nodiscard]] int threshold() const { return m_threshold; }

    [[nodiscard]] const std::optional<UsageSeries> &series() const { return m_series; }
    [[nodiscard]] const QList<QPointF> &shownPoints() const { return m_shown; }
    [[nodiscard]] qsizetype rawPointCount() const { return m_series ? m_series->points.size() : 0; }
    [[nodiscard]] bool isDownsampled() const { return m_series && m_shown.size() < m_series->points.size(); }
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] const Problem &lastProblem() const { return m_problem; }
    [[nodiscard]] QString unit() const { return m_series ? m_series->unit : QString(); }
    [[nodiscard]] double maxShownValue() const;
    // The metric as the console names it (metricDisplayName), and its bare label ("Emails sent").
    [[nodiscard]] QString metricName() const;
    [[nodiscard]] QString metricLabel() const;

    // "Now" for the month to date and its projection; the wall clock unless a test sets one.
    void setClock(std::function<QDateTime()> now);
    [[nodiscard]] QDateTime now() const;
    // The month view: a counter with a monthly quota is shown as its month to date, added up,
    // against the quota, with the month's end projected at the rate so far. The panel turns it
    // on for its "This month" range; it changes nothing for gauges or metrics without a quota.
    void setMonthView(bool on);
    [[nodiscard]] bool isMonthView() const;
    [[nodiscard]] std::optional<MonthToDate> monthToDate() const; // when isMonthView()
    // "projected 1.2 M of 1 M requests by 31 Dec", or empty.
    [[nodiscard]] QString projectionText() const;

    // Whether the quota (a monthly limit) is drawn as a line: only where one bucket's value is
    // comparable with it, a gauge (its highest sample), monthly buckets of a counter, or the
    // month view's running total.
    [[nodiscard]] bool quotaAsLine() const;
    // "Total 12,345 emails · quota used 61.7 % of 20,000 (overage)", or without the quota part.
    [[nodiscard]] QString captionText() const;
    [[nodiscard]] QString quotaToolTip() const;
    // The shown points, one line each: tenant id and slug, metric key, name and unit, the bucket's
    // start (UTC ISO 8601, ms) and its value as an integer, under a header line.
    [[nodiscard]] QString csv() const;
    // What an exported image says it is: "Tenant (slug)", "Metric · unit", "range UTC · step".
    [[nodiscard]] QStringList exportTitle() const;

    // A value in the metric's unit: bytes humanised (IEC), milliseconds as ms/s/min/h, counts
    // with the locale's thousands separators and the unit's name.
    // withUnit = false leaves the unit's name off counts (for tables whose title names it).
    [[nodiscard]] static QString formatValue(const QString &unit, double value, bool withUnit = true);
    // Short, for captions: "1.2 M", "12.5 k", "950" (counts); bytes and times as formatValue.
    [[nodiscard]] static QString formatCompact(const QString &unit, double value, bool withUnit = true);
    // The step the console picks for a range: hourly up to 7 days, daily beyond.
    [[nodiscard]] static QString autoStep(const QDateTime &from, const QDateTime &to);
    // For the value axis: a divisor and its label so the axis reads "GiB" rather than 5e9.
    struct AxisScale { double divisor = 1; QString label; };
    [[nodiscard]] static AxisScale axisScale(const QString &unit, double maxValue);

Q_SIGNALS:
    void seriesChanged();
    void loadingChanged(bool loading);
    void problemOccurred(const portico::Problem &problem);

private:
    void setLoading(bool loading);

    ApiClient *m_client;
    std::optional<UsageSeries> m_series;
    QList<QPointF> m_shown;
    int m_threshold = kDefaultThreshold;
    std::function<QDateTime()> m_now;
    bool m_monthView = false;
    quint64 m_generation = 0;
    bool m_loading = false;
    Problem m_problem;
};

} // namespace portico
