#include "views/tenantusagepanel.h"
#include "models/tones.h"
#include "models/usagemetricsmodel.h"
#include "models/usageseriesmodel.h"
#include "views/usagechart.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QShowEvent>
#include <QTimeZone>
#include <QVBoxLayout>

namespace portico {

TenantUsagePanel::TenantUsagePanel(UsageMetricsModel *metrics, UsageSeriesModel *series, QWidget *parent)
    : QWidget(parent), m_metrics(metrics), m_series(series), m_metricCombo(new QComboBox(this)), m_rangeCombo(new QComboBox(this)),
      m_from(new QDateTimeEdit(this)), m_to(new QDateTimeEdit(this)), m_stepCombo(new QComboBox(this)),
      m_resetZoom(new QPushButton(tr("Reset zoom"), this)), m_exportPng(new QPushButton(tr("PNG…"), this)),
      m_exportCsv(new QPushButton(tr("CSV…"), this)), m_chart(new UsageChart(series, this)), m_caption(new QLabel(this))
{
    setObjectName(QStringLiteral("tenantUsagePanel"));
    m_metricCombo->setObjectName(QStringLiteral("usageMetric"));
    m_metricCombo->setModel(m_metrics);
    m_metricCombo->setToolTip(tr("The metric to chart."));
    // As wide as the longest readable name, never elided; the row has room at 1024 px.
    m_metricCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_metricCombo->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_rangeCombo->setObjectName(QStringLiteral("usageRange"));
    m_rangeCombo->addItem(tr("24 h"), int(Range::Day));
    m_rangeCombo->addItem(tr("7 d"), int(Range::Week));
    m_rangeCombo->addItem(tr("30 d"), int(Range::Month));
    m_rangeCombo->addItem(tr("90 d"), int(Range::Quarter));
    m_rangeCombo->addItem(tr("This month"), int(Range::ThisMonth));
    m_rangeCombo->addItem(tr("Custom"), int(Range::Custom));
    m_rangeCombo->setToolTip(tr("The time range, ending now (or from/to for Custom). “This month” is the billing period so far (UTC): "
                                "a monthly quota is drawn against the month's running total, with the projected month end."));
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setVisible(false);
    }
    m_from->setToolTip(tr("From (local time, inclusive)"));
    m_to->setToolTip(tr("To (local time, exclusive)"));
    m_stepCombo->setObjectName(QStringLiteral("usageStep"));
    m_stepCombo->addItem(tr("Auto"), QString());
    m_stepCombo->addItem(tr("Hour"), QStringLiteral("hour"));
    m_stepCombo->addItem(tr("Day"), QStringLiteral("day"));
    m_stepCombo->addItem(tr("Month"), QStringLiteral("month"));
    m_stepCombo->setToolTip(tr("One point per hour, day or month. Auto: hourly up to 7 days, daily beyond."));
    m_resetZoom->setEnabled(false);
    m_resetZoom->setToolTip(tr("Show the whole range again (Home)."));
    m_exportPng->setToolTip(tr("Save the chart as a PNG image, titled with the tenant, metric, unit and range (UTC)."));
    m_exportCsv->setToolTip(tr("Save the points shown as CSV: tenant, metric, unit, bucket start (UTC ISO 8601) and value."));

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_metricCombo);
    controls->addWidget(m_rangeCombo);
    controls->addWidget(m_from);
    controls->addWidget(m_to);
    controls->addWidget(m_stepCombo);
    controls->addStretch(1);

    m_caption->setObjectName(QStringLiteral("usageCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_chart, 1);
    // The buttons beside the caption, so the picker row keeps room for the longest metric name at 1024 px.
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_caption, 1);
    bottom->addWidget(m_resetZoom, 0, Qt::AlignTop);
    bottom->addWidget(m_exportPng, 0, Qt::AlignTop);
    bottom->addWidget(m_exportCsv, 0, Qt::AlignTop);
    layout->addLayout(bottom);

    m_rangeCombo->setCurrentIndex(int(Range::Month));
    const QDateTime now = QDateTime::currentDateTime();
    m_to->setDateTime(now);
    m_from->setDateTime(now.addDays(-30));

    connect(m_metrics, &UsageMetricsModel::loaded, this, [this] {
        const int row = m_metrics->rowOf(m_wantedMetric.isEmpty() ? QStringLiteral("requests") : m_wantedMetric);
        m_metricCombo->setCurrentIndex(row >= 0 ? row : 0);
        reload();
    });
    connect(m_metricCombo, &QComboBox::activated, this, [this] {
        m_wantedMetric = metric();
        Q_EMIT metricChosen(m_wantedMetric);
        reload();
    });
    connect(m_rangeCombo, &QComboBox::activated, this, &TenantUsagePanel::rangeChanged);
    connect(m_stepCombo, &QComboBox::activated, this, &TenantUsagePanel::reload);
    connect(m_from, &QDateTimeEdit::editingFinished, this, &TenantUsagePanel::reload);
    connect(m_to, &QDateTimeEdit::editingFinished, this, &TenantUsagePanel::reload);
    connect(m_resetZoom, &QPushButton::clicked, m_chart, &UsageChart::resetZoom);
    connect(m_chart, &UsageChart::zoomChanged, m_resetZoom, &QPushButton::setEnabled);
    connect(m_exportPng, &QPushButton::clicked, this, &TenantUsagePanel::askExportPng);
    connect(m_exportCsv, &QPushButton::clicked, this, &TenantUsagePanel::askExportCsv);
    connect(m_series, &UsageSeriesModel::seriesChanged, this, [this] {
        updateCaption();
        if (m_requested && isSettled())
            Q_EMIT settled();
    });
    connect(m_series, &UsageSeriesModel::problemOccurred, this, [this] {
        updateCaption();
        if (m_requested)
            Q_EMIT settled();
    });
    updateStepLabel();
    updateCaption();
}

void TenantUsagePanel::restoreChoice(const QString &metric, Range range)
{
    m_wantedMetric = metric; // applied once the metric list is there
    const int row = m_rangeCombo->findData(int(range));
    m_rangeCombo->setCurrentIndex(row >= 0 ? row : int(Range::Month));
}

QString TenantUsagePanel::metric() const
{
    return m_metricCombo->currentData(UsageMetricsModel::NameRole).toString();
}

TenantUsagePanel::Range TenantUsagePanel::range() const
{
    return Range(m_rangeCombo->currentData().toInt());
}

void TenantUsagePanel::setTenant(const QString &id, const QString &name)
{
    m_tenantName = name;
    if (id == m_tenantId)
        return;
    m_tenantId = id;
    reload();
}

void TenantUsagePanel::clear()
{
    m_tenantId.clear();
    m_series->clear();
    updateCaption();
}

void TenantUsagePanel::setMetric(const QString &name)
{
    m_wantedMetric = name;
    if (const int row = m_metrics->rowOf(name); row >= 0 && row != m_metricCombo->currentIndex()) {
        m_metricCombo->setCurrentIndex(row);
        reload();
    }
}

void TenantUsagePanel::setRange(Range range)
{
    m_rangeCombo->setCurrentIndex(m_rangeCombo->findData(int(range)));
    rangeChanged();
}

void TenantUsagePanel::setCustomRange(const QDateTime &from, const QDateTime &to)
{
    m_from->setDateTime(from.toLocalTime());
    m_to->setDateTime(to.toLocalTime());
    setRange(Range::Custom);
}

void TenantUsagePanel::setStep(const QString &step)
{
    m_stepCombo->setCurrentIndex(std::max(0, m_stepCombo->findData(step)));
    reload();
}

void TenantUsagePanel::rangeChanged()
{
    const bool custom = range() == Range::Custom;
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    Q_EMIT rangeChosen(range());
    reload();
}

std::pair<QDateTime, QDateTime> TenantUsagePanel::currentRange() const
{
    if (range() == Range::Custom)
        return {m_from->dateTime().toUTC(), m_to->dateTime().toUTC()};
    // Ends with the current hour, so the latest bucket is in the picture.
    const QDateTime now = m_series->now();
    QDateTime to = QDateTime(now.date(), QTime(now.time().hour(), 0), QTimeZone::utc()).addSecs(3600);
    if (range() == Range::ThisMonth) {
        const Period period = billingPeriod(now);
        return {period.start, std::min(to, period.end)};
    }
    switch (range()) {
    case Range::Day: return {to.addDays(-1), to};
    case Range::Week: return {to.addDays(-7), to};
    case Range::Month: return {to.addDays(-30), to};
    case Range::Quarter: return {to.addDays(-90), to};
    case Range::Custom:
    case Range::ThisMonth: break;
    }
    return {to.addDays(-30), to};
}

QString TenantUsagePanel::effectiveStep() const
{
    const QString chosen = m_stepCombo->currentData().toString();
    if (!chosen.isEmpty())
        return chosen;
    const auto [from, to] = currentRange();
    return UsageSeriesModel::autoStep(from, to);
}

void TenantUsagePanel::updateStepLabel()
{
    const auto [from, to] = currentRange();
    m_stepCombo->setItemText(0, tr("Auto (%1)").arg(UsageSeriesModel::autoStep(from, to) == QLatin1String("hour") ? tr("hour") : tr("day")));
}

void TenantUsagePanel::reload()
{
    updateStepLabel();
    if (!isVisible()) {
        m_dirty = true; // loads when shown
        return;
    }
    m_dirty = false;
    if (m_tenantId.isEmpty() || metric().isEmpty()) {
        m_metrics->ensureLoaded();
        return;
    }
    const auto [from, to] = currentRange();
    if (from >= to) {
        m_caption->setText(tr("“From” must be before “To”."));
        return;
    }
    m_requested = true;
    m_series->setMonthView(range() == Range::ThisMonth);
    m_series->load(m_tenantId, metric(), from, to, effectiveStep());
    updateCaption();
}

void TenantUsagePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_metrics->ensureLoaded();
    if (m_dirty)
        reload();
}

bool TenantUsagePanel::isSettled() const
{
    return m_requested && !m_series->isLoading() && (m_series->series().has_value() || !m_series->lastProblem().isNull());
}

void TenantUsagePanel::updateCaption()
{
    if (m_series->isLoading()) {
        m_caption->setText(tr("Loading %1 of %2…").arg(m_metricCombo->currentText(), m_tenantName));
        m_caption->setStyleSheet(QString());
        return;
    }
    if (!m_series->lastProblem().isNull()) {
        m_caption->setText(tr("The usage could not be loaded: %1").arg(m_series->lastProblem().toDisplayString()));
        m_caption->setStyleSheet(QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Bad)));
        return;
    }
    QString text = m_series->captionText();
    if (m_series->isDownsampled())
        text += tr(" · %1 of %2 points drawn (LTTB)").arg(m_series->shownPoints().size()).arg(m_series->rawPointCount());
    m_caption->setText(text);
    m_caption->setToolTip(m_series->quotaToolTip());
    const auto &s = m_series->series();
    const double pct = s && s->quota ? s->quota->usedPercent() : 0;
    m_caption->setStyleSheet(pct >= 100 ? QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Bad, true))
                             : pct >= 80 ? QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Warning, true))
                                         : QString());
}

QString TenantUsagePanel::captionText() const
{
    return m_caption->text();
}

QString TenantUsagePanel::exportBaseName() const
{
    // The slug: unique and safe in a file name, unlike a tenant's name.
    const auto &s = m_series->series();
    return s && !s->tenantSlug.isEmpty() ? s->tenantSlug : m_tenantName;
}

bool TenantUsagePanel::exportPng(const QString &path) const
{
    return m_chart->exportPng(path);
}

bool TenantUsagePanel::exportCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(m_series->csv().toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void TenantUsagePanel::askExportPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), QStringLiteral("%1-%2.png").arg(exportBaseName(), metric()),
                                                      tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    Q_EMIT statusMessage(exportPng(path) ? tr("Saved %1").arg(path) : tr("Could not save %1").arg(path));
}

void TenantUsagePanel::askExportCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export points"), QStringLiteral("%1-%2.csv").arg(exportBaseName(), metric()),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    Q_EMIT statusMessage(exportCsv(path, &error) ? tr("Saved %1 points to %2").arg(m_series->shownPoints().size()).arg(path)
                                                 : tr("Could not save %1: %2").arg(path, error));
}

} // namespace portico
