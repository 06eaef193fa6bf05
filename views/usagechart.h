#pragma once
// A time-series chart over a UsageSeriesModel: a QChartView with a QDateTimeAxis, the shown
// (downsampled) points as a line, the quota as a dashed line where one makes sense, values on
// hover in the metric's unit, rubber-band zoom (drag), pan (Shift+drag, middle drag, arrow keys),
// zoom in/out (+/-, wheel) and reset (Home, Esc or the view's button). Draws what the model holds.

#include <QChartView>
#include <QPointF>

class QImage;
class QLineSeries;
class QDateTimeAxis;
class QValueAxis;

namespace portico {

class UsageSeriesModel;

class UsageChart : public QChartView
{
    Q_OBJECT
public:
    explicit UsageChart(UsageSeriesModel *model, QWidget *parent = nullptr);

    void resetZoom();
    [[nodiscard]] bool isZoomed() const;
    // The chart under a title block naming the tenant, metric, unit and range (UTC), also kept
    // in the PNG's text (keys Title, Tenant, Metric, Range) for whoever reads the file later.
    [[nodiscard]] QImage exportImage() const;
    bool exportPng(const QString &path) const;

    [[nodiscard]] QLineSeries *valueSeries() const { return m_values; }
    [[nodiscard]] QLineSeries *quotaSeries() const { return m_quota; }
    [[nodiscard]] QLineSeries *projectionSeries() const { return m_projection; }
    [[nodiscard]] QDateTimeAxis *timeAxis() const { return m_axisX; }
    [[nodiscard]] bool quotaShown() const;
    // The text of the hover tooltip for the point nearest to x (ms since the epoch); for tests.
    [[nodiscard]] QString hoverTextAt(double xMs) const;
    void setEmptyText(const QString &text);

Q_SIGNALS:
    void zoomChanged(bool zoomed);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();
    void onHovered(const QPointF &point, bool state);
    void setZoomed(bool zoomed);
    [[nodiscard]] QString timeFormat() const;
    // The time format for the visible span and as many ticks as fit whole labels in the plot.
    void updateTimeAxis();

    UsageSeriesModel *m_model;
    QLineSeries *m_values;
    QLineSeries *m_quota;
    QLineSeries *m_projection;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
    double m_divisor = 1;
    bool m_zoomed = false;
    bool m_panning = false;
    QPoint m_lastPan;
    QString m_emptyText;
};

} // namespace portico
