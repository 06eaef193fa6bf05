#pragma once
// One usage series of one tenant (or of the fleet), headless: the points as the server sent them,
// the points shown (downsampled with core's LTTB when there are more than threshold()), value
// formatting in the metric's unit, the caption's numbers and the CSV of exactly what is shown.
// As a table: one row per shown point (Time, Value), so a view or a test can read what is drawn.

#include "client/apiclient.h"
#include "core/problem.h"

#include <QAbstractTableModel>
#include <QPointF>
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

    // Whether the quota (a monthly limit) is drawn as a line: only where one bucket's value is
    // comparable with it, a gauge (its highest sample) or monthly buckets of a counter.
    [[nodiscard]] bool quotaAsLine() const;
    // "Total 12,345 emails · quota used 61.7 % of 20,000 (overage)", or without the quota part.
    [[nodiscard]] QString captionText() const;
    [[nodiscard]] QString quotaToolTip() const;
    // The shown points, "time,value" with UTC ISO 8601 times (ms) and values as integers.
    [[nodiscard]] QString csv() const;

    // A value in the metric's unit: bytes humanised (IEC), milliseconds as ms/s/min/h, counts
    // with the locale's thousands separators and the unit's name.
    // withUnit = false leaves the unit's name off counts (for tables whose title names it).
    [[nodiscard]] static QString formatValue(const QString &unit, double value, bool withUnit = true);
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
    quint64 m_generation = 0;
    bool m_loading = false;
    Problem m_problem;
};

} // namespace portico
