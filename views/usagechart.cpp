#include "views/usagechart.h"
#include "models/formatting.h"
#include "models/usageseriesmodel.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QKeyEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPen>
#include <QTimeZone>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace portico {

UsageChart::UsageChart(UsageSeriesModel *model, QWidget *parent)
    : QChartView(parent), m_model(model), m_values(new QLineSeries), m_quota(new QLineSeries), m_axisX(new QDateTimeAxis),
      m_axisY(new QValueAxis)
{
    setObjectName(QStringLiteral("usageChart"));
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->addSeries(m_values);
    chart->addSeries(m_quota);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QLineSeries *s : {m_values, m_quota}) {
        s->attachAxis(m_axisX);
        s->attachAxis(m_axisY);
    }
    QPen valuePen(QColor(0x1f, 0x5f, 0xa8));
    valuePen.setWidthF(1.6);
    m_values->setPen(valuePen);
    QPen quotaPen(QColor(0xb3, 0x26, 0x1e));
    quotaPen.setWidthF(1.6);
    quotaPen.setStyle(Qt::DashLine);
    m_quota->setPen(quotaPen);
    m_axisY->setLabelFormat(QStringLiteral("%.4g"));
    m_axisY->setMin(0);
    m_axisX->setTickCount(7);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::HorizontalRubberBand);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumHeight(220);
    setToolTip(tr("Drag to zoom into a time range; Shift+drag or arrow keys to pan; +/- to zoom; Home or Esc to reset."));

    connect(m_values, &QLineSeries::hovered, this, &UsageChart::onHovered);
    connect(m_model, &UsageSeriesModel::seriesChanged, this, &UsageChart::rebuild);
    rebuild();
}

QString UsageChart::timeFormat() const
{
    const double span = m_axisX->max().toMSecsSinceEpoch() - m_axisX->min().toMSecsSinceEpoch();
    if (span <= 2 * 24 * 3600 * 1000.0)
        return QStringLiteral("MMM d HH:mm");
    if (span <= 14 * 24 * 3600 * 1000.0)
        return QStringLiteral("ddd MMM d");
    return QStringLiteral("MMM d");
}

void UsageChart::setEmptyText(const QString &text)
{
    m_emptyText = text;
    rebuild();
}

void UsageChart::rebuild()
{
    const auto &series = m_model->series();
    const QList<QPointF> &shown = m_model->shownPoints();
    // The axis must hold the quota line too, so its scale comes from the larger of the two.
    const double quotaLimit = m_model->quotaAsLine() ? double(series->quota->limit) : 0.0;
    const UsageSeriesModel::AxisScale scale = UsageSeriesModel::axisScale(m_model->unit(), std::max(m_model->maxShownValue(), quotaLimit));
    m_divisor = scale.divisor;
    QList<QPointF> scaled;
    scaled.reserve(shown.size());
    for (const QPointF &p : shown)
        scaled.append(QPointF(p.x(), p.y() / m_divisor));
    m_values->replace(scaled);
    m_values->setName(series ? series->metric : QString());

    QDateTime from = series ? series->from : QDateTime::currentDateTimeUtc().addDays(-1);
    QDateTime to = series ? series->to : QDateTime::currentDateTimeUtc();
    chart()->zoomReset();
    setZoomed(false);
    m_axisX->setRange(from.toLocalTime(), to.toLocalTime());
    m_axisX->setFormat(timeFormat());
    m_axisX->setTitleText(tr("Local time"));

    double top = m_model->maxShownValue() / m_divisor;
    if (m_model->quotaAsLine()) {
        const double limit = quotaLimit / m_divisor;
        m_quota->replace({QPointF(double(from.toMSecsSinceEpoch()), limit), QPointF(double(to.toMSecsSinceEpoch()), limit)});
        m_quota->setName(tr("Quota %1 (%2)").arg(UsageSeriesModel::formatValue(series->unit, double(series->quota->limit)), series->quota->policy));
        m_quota->setVisible(true);
        top = std::max(top, limit);
    } else {
        m_quota->clear();
        m_quota->setVisible(false);
    }
    for (QLegendMarker *marker : chart()->legend()->markers(m_quota))
        marker->setVisible(m_quota->isVisible());
    m_axisY->setRange(0, top > 0 ? top * 1.08 : 1);
    m_axisY->applyNiceNumbers();
    // Plain numbers (the axis title carries the scale): "15000", not "1.5e+04".
    const double span = m_axisY->max() - m_axisY->min();
    m_axisY->setLabelFormat(span >= 20 ? QStringLiteral("%.0f") : span >= 2 ? QStringLiteral("%.1f") : QStringLiteral("%.2f"));
    m_axisY->setTitleText(scale.label);
    if (series && shown.isEmpty())
        chart()->setTitle(m_emptyText.isEmpty() ? tr("No usage in this range.") : m_emptyText);
    else if (!series)
        chart()->setTitle(m_emptyText);
    else
        chart()->setTitle(QString());
}

bool UsageChart::quotaShown() const
{
    return m_quota->isVisible() && m_quota->count() == 2;
}

QString UsageChart::hoverTextAt(double xMs) const
{
    const QList<QPointF> &shown = m_model->shownPoints();
    if (shown.isEmpty())
        return {};
    auto it = std::lower_bound(shown.begin(), shown.end(), xMs, [](const QPointF &p, double x) { return p.x() < x; });
    if (it == shown.end())
        --it;
    else if (it != shown.begin() && std::abs((it - 1)->x() - xMs) < std::abs(it->x() - xMs))
        --it;
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(qint64(it->x()), QTimeZone::utc());
    const QString step = m_model->series() ? m_model->series()->step : QString();
    return tr("%1\n%2 (%3)\n%4").arg(format::localDateTime(t), format::utcToolTip(t), step,
                                     UsageSeriesModel::formatValue(m_model->unit(), it->y()));
}

void UsageChart::onHovered(const QPointF &point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(QCursor::pos(), hoverTextAt(point.x()), this);
}

void UsageChart::setZoomed(bool zoomed)
{
    if (zoomed == m_zoomed)
        return;
    m_zoomed = zoomed;
    Q_EMIT zoomChanged(zoomed);
}

bool UsageChart::isZoomed() const
{
    return m_zoomed;
}

void UsageChart::resetZoom()
{
    chart()->zoomReset();
    m_axisX->setFormat(timeFormat());
    setZoomed(false);
}

bool UsageChart::exportPng(const QString &path) const
{
    return const_cast<UsageChart *>(this)->grab().save(path, "PNG");
}

void UsageChart::keyPressEvent(QKeyEvent *event)
{
    const qreal step = chart()->plotArea().width() / 10;
    switch (event->key()) {
    case Qt::Key_Left: chart()->scroll(-step, 0); setZoomed(true); break;
    case Qt::Key_Right: chart()->scroll(step, 0); setZoomed(true); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: chart()->zoom(1.5); setZoomed(true); break;
    case Qt::Key_Minus: chart()->zoom(1 / 1.5); setZoomed(true); break;
    case Qt::Key_Home:
    case Qt::Key_Escape: resetZoom(); break;
    default: QChartView::keyPressEvent(event); return;
    }
    m_axisX->setFormat(timeFormat());
    event->accept();
}

void UsageChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier))) {
        m_panning = true;
        m_lastPan = event->position().toPoint();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void UsageChart::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint pos = event->position().toPoint();
        chart()->scroll(m_lastPan.x() - pos.x(), 0);
        m_lastPan = pos;
        setZoomed(true);
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void UsageChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
    // A rubber band (left) zooms in, a right click zooms out: either way the axis changed.
    if (event->button() == Qt::LeftButton || event->button() == Qt::RightButton) {
        setZoomed(chart()->isZoomed());
        m_axisX->setFormat(timeFormat());
    }
}

void UsageChart::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QChartView::wheelEvent(event);
        return;
    }
    // Zoom horizontally around the plot's centre; the value axis keeps its range.
    const QRectF area = chart()->plotArea();
    const qreal factor = delta > 0 ? 0.8 : 1.25;
    QRectF zoomed = area;
    zoomed.setWidth(area.width() * factor);
    zoomed.moveCenter(area.center());
    chart()->zoomIn(zoomed);
    setZoomed(true);
    m_axisX->setFormat(timeFormat());
    event->accept();
}

} // namespace portico
