#include "views/usagechart.h"
#include "models/tones.h"
#include "models/formatting.h"
#include "models/usageseriesmodel.h"

#include <QChart>
#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QResizeEvent>
#include <QDateTimeAxis>
#include <QKeyEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLocale>
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
    : QChartView(parent), m_model(model), m_values(new QLineSeries), m_quota(new QLineSeries), m_projection(new QLineSeries), m_axisX(new QDateTimeAxis),
      m_axisY(new QValueAxis)
{
    setObjectName(QStringLiteral("usageChart"));
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->addSeries(m_values);
    chart->addSeries(m_quota);
    chart->addSeries(m_projection);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QLineSeries *s : {m_values, m_quota, m_projection}) {
        s->attachAxis(m_axisX);
        s->attachAxis(m_axisY);
    }
    QPen valuePen(toneText(Tone::Info));
    valuePen.setWidthF(1.6);
    m_values->setPen(valuePen);
    QPen quotaPen(toneText(Tone::Bad));
    quotaPen.setWidthF(1.6);
    quotaPen.setStyle(Qt::DashLine);
    m_quota->setPen(quotaPen);
    QPen projectionPen(toneText(Tone::Info));
    projectionPen.setWidthF(1.6);
    projectionPen.setStyle(Qt::DashLine);
    m_projection->setPen(projectionPen);
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

void UsageChart::updateTimeAxis()
{
    const QString format = timeFormat();
    m_axisX->setFormat(format);
    // Whole labels only: as many ticks as fit the widest label with a gap, so none is cut or
    // elided however far the chart is zoomed or however narrow it is.
    const QFontMetrics fm(m_axisX->labelsFont());
    const QDateTime sample(QDate(2026, 12, 30), QTime(23, 59));
    const int labelWidth = fm.horizontalAdvance(QLocale().toString(sample, format)) + fm.averageCharWidth() * 3;
    const qreal width = chart()->plotArea().width() > 0 ? chart()->plotArea().width() : qreal(this->width() - 80);
    m_axisX->setTickCount(std::clamp(int(width / std::max(1, labelWidth)) + 1, 2, 9));
}

void UsageChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    updateTimeAxis();
}

void UsageChart::setEmptyText(const QString &text)
{
    m_emptyText = text;
    rebuild();
}

void UsageChart::rebuild()
{
    const auto &series = m_model->series();
    // The month view draws the running total; otherwise the buckets as shown.
    const std::optional<MonthToDate> mtd = m_model->monthToDate();
    const QList<QPointF> &shown = mtd ? mtd->cumulative : m_model->shownPoints();
    double maxValue = 0;
    for (const QPointF &p : shown)
        maxValue = std::max(maxValue, p.y());
    if (mtd && mtd->projected)
        maxValue = std::max(maxValue, *mtd->projected);
    // The axis must hold the quota line too, so its scale comes from the larger of the two.
    const double quotaLimit = m_model->quotaAsLine() ? double(series->quota->limit) : 0.0;
    const UsageSeriesModel::AxisScale scale = UsageSeriesModel::axisScale(m_model->unit(), std::max(maxValue, quotaLimit));
    m_divisor = scale.divisor;
    QList<QPointF> scaled;
    scaled.reserve(shown.size());
    for (const QPointF &p : shown)
        scaled.append(QPointF(p.x(), p.y() / m_divisor));
    m_values->replace(scaled);
    m_values->setName(!series ? QString() : m_model->metricLabel()); // the caption says month to date, with the figures

    QDateTime from = series ? series->from : QDateTime::currentDateTimeUtc().addDays(-1);
    QDateTime to = series ? series->to : QDateTime::currentDateTimeUtc();
    if (mtd) { // the whole month, so the projection has somewhere to go
        from = mtd->period.start;
        to = mtd->period.end;
    }
    if (mtd && mtd->projected && !shown.isEmpty()) {
        m_projection->replace({scaled.last(), QPointF(double(to.toMSecsSinceEpoch()), *mtd->projected / m_divisor)});
        m_projection->setName(tr("Projected month end"));
        m_projection->setVisible(true);
    } else {
        m_projection->clear();
        m_projection->setVisible(false);
    }
    for (QLegendMarker *marker : chart()->legend()->markers(m_projection))
        marker->setVisible(m_projection->isVisible());
    chart()->zoomReset();
    setZoomed(false);
    m_axisX->setRange(from.toLocalTime(), to.toLocalTime());
    updateTimeAxis();
    m_axisX->setTitleText(tr("Local time"));

    double top = maxValue / m_divisor;
    if (m_model->quotaAsLine()) {
        const double limit = quotaLimit / m_divisor;
        m_quota->replace({QPointF(double(from.toMSecsSinceEpoch()), limit), QPointF(double(to.toMSecsSinceEpoch()), limit)});
        // Short legend entries: at 1024 px three long ones were elided; the caption has the full figures.
        m_quota->setName(tr("Monthly quota"));
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
    if (series && m_model->shownPoints().isEmpty())
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
    const std::optional<MonthToDate> mtd = m_model->monthToDate();
    const QList<QPointF> &shown = mtd ? mtd->cumulative : m_model->shownPoints();
    if (shown.isEmpty())
        return {};
    auto it = std::lower_bound(shown.begin(), shown.end(), xMs, [](const QPointF &p, double x) { return p.x() < x; });
    if (it == shown.end())
        --it;
    else if (it != shown.begin() && std::abs((it - 1)->x() - xMs) < std::abs(it->x() - xMs))
        --it;
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(qint64(it->x()), QTimeZone::utc());
    const QString step = m_model->series() ? m_model->series()->step : QString();
    if (mtd)
        return tr("%1\n%2\nUsed this month by then: %3").arg(format::localDateTime(t), format::utcToolTip(t),
                                                              UsageSeriesModel::formatValue(m_model->unit(), it->y()));
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
    updateTimeAxis();
    setZoomed(false);
}

QImage UsageChart::exportImage() const
{
    const QImage plot = const_cast<UsageChart *>(this)->grab().toImage();
    const QStringList title = m_model->exportTitle();
    QFont big = font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    const QFontMetrics bigMetrics(big), metrics(font());
    const int margin = metrics.height() / 2 + 4;
    const int blockHeight = title.isEmpty() ? 0 : margin * 2 + bigMetrics.height() + int(title.size() - 1) * metrics.height();
    QImage out(plot.width(), plot.height() + blockHeight, QImage::Format_ARGB32_Premultiplied);
    out.setDevicePixelRatio(plot.devicePixelRatio());
    out.fill(Qt::white);
    QPainter painter(&out);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setPen(QColor(0x20, 0x20, 0x20)); // the exported image is always on white
    int y = margin;
    for (qsizetype i = 0; i < title.size(); ++i) {
        painter.setFont(i == 0 ? big : font());
        const QFontMetrics &fm = i == 0 ? bigMetrics : metrics;
        painter.drawText(QRect(margin, y, plot.width() - 2 * margin, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, title.at(i));
        y += fm.height();
    }
    painter.drawImage(QPoint(0, blockHeight), plot);
    painter.end();
    out.setText(QStringLiteral("Title"), title.join(QStringLiteral(" · ")));
    if (const auto &s = m_model->series()) {
        out.setText(QStringLiteral("Tenant"), s->tenantId.isEmpty() ? QString() : QStringLiteral("%1 %2 %3").arg(s->tenantId, s->tenantSlug, s->tenantName));
        out.setText(QStringLiteral("Metric"), QStringLiteral("%1 (%2), unit %3").arg(m_model->metricLabel(), s->metric, s->unit));
        out.setText(QStringLiteral("Range"), QStringLiteral("%1/%2 step %3").arg(s->from.toUTC().toString(Qt::ISODate), s->to.toUTC().toString(Qt::ISODate), s->step));
    }
    return out;
}

bool UsageChart::exportPng(const QString &path) const
{
    return exportImage().save(path, "PNG");
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
    updateTimeAxis();
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
        updateTimeAxis();
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
    updateTimeAxis();
    event->accept();
}

} // namespace portico
