#include "views/fleetusageview.h"
#include "models/tones.h"
#include "views/tablesetup.h"
#include "views/viewstate.h"
#include "models/fleetusagemodel.h"
#include "models/tableexport.h"
#include "models/usagemetricsmodel.h"
#include "models/usageseriesmodel.h"
#include "views/tablecopy.h"
#include "views/usagechart.h"

#include <QAction>
#include <QBoxLayout>
#include <QChart>
#include <QLegend>
#include <QCheckBox>
#include <QComboBox>
#include <QDataStream>
#include <QDateTime>
#include <QFileDialog>
#include <QSaveFile>
#include <QStandardPaths>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QTimeZone>
#include <QVBoxLayout>
#include <algorithm>

namespace portico {
namespace {
constexpr quint32 kLayoutMagic = 0x15014702;
constexpr quint16 kLayoutVersion = 1;
} // namespace

FleetUsageView::FleetUsageView(UsageMetricsModel *metrics, FleetUsageModel *top, UsageSeriesModel *fleet, QWidget *parent)
    : QWidget(parent), m_metrics(metrics), m_top(top), m_fleet(fleet), m_proxy(new FleetUsageFilterModel(this)),
      m_metricCombo(new QComboBox(this)), m_rangeCombo(new QComboBox(this)), m_planCombo(new QComboBox(this)),
      m_nearQuota(new QCheckBox(tr("Only near or over quota"), this)), m_refresh(new QPushButton(tr("Refresh"), this)),
      m_title(new QLabel(this)), m_table(new QTableView(this)), m_chart(new UsageChart(fleet, this)), m_planTotals(new QLabel(this)),
      m_emptyState(new QLabel(this)), m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(QStringLiteral("fleetUsageView"));
    m_proxy->setSourceModel(m_top);
    m_metricCombo->setObjectName(QStringLiteral("fleetMetric"));
    m_metricCombo->setModel(m_metrics);
    // As wide as the longest readable name, never elided.
    m_metricCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_metricCombo->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_rangeCombo->setObjectName(QStringLiteral("fleetRange"));
    m_rangeCombo->addItem(tr("Last 7 days"), 7);
    m_rangeCombo->addItem(tr("Last 30 days"), 30);
    m_rangeCombo->addItem(tr("Last 90 days"), 90);
    m_rangeCombo->setToolTip(tr("Growth compares with the range of the same length just before."));
    m_planCombo->setObjectName(QStringLiteral("fleetPlan"));
    m_planCombo->addItem(tr("All plans"), QString());
    for (const QString &plan : allPlans())
        m_planCombo->addItem(plan, plan);
    m_nearQuota->setObjectName(QStringLiteral("nearQuotaOnly"));
    m_nearQuota->setToolTip(tr("Show only tenants that used at least 80 % of a monthly quota this month (month to date, UTC)."));
    m_refresh->setToolTip(tr("Load again (F5)."));
    auto *refreshAction = new QAction(tr("Refresh"), this); // named: Help ▸ Keyboard shortcuts lists it
    refreshAction->setShortcut(QKeySequence::Refresh);
    refreshAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(refreshAction, &QAction::triggered, this, &FleetUsageView::reload);
    addAction(refreshAction);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Metric:"), this));
    controls->addWidget(m_metricCombo);
    controls->addWidget(m_rangeCombo);
    controls->addWidget(m_planCombo);
    controls->addWidget(m_nearQuota);
    controls->addStretch(1);
    controls->addWidget(m_refresh);

    // Left: the top consumers.
    auto *topBox = new QGroupBox(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    setUpTable(m_table, QStringLiteral("fleetTable"), TableKind::Records, RowColors::Plain); // rows near quota are coloured
    m_table->setModel(m_proxy);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(FleetUsageModel::ValueColumn, Qt::DescendingOrder);
    const QFontMetrics fm = fontMetrics();
    const auto width = [&fm](const QString &sample) { return fm.horizontalAdvance(sample) + 4 * fm.averageCharWidth(); };
    QHeaderView *header = m_table->horizontalHeader();
    // The tenant's name takes what is left; the numbers keep their width so all columns fit.
    header->setSectionResizeMode(FleetUsageModel::TenantColumn, QHeaderView::Stretch);
    header->resizeSection(FleetUsageModel::PlanColumn, width(QStringLiteral("enterprise")));
    header->resizeSection(FleetUsageModel::ValueColumn, width(QStringLiteral("123,456,789")));
    header->resizeSection(FleetUsageModel::PreviousColumn, width(QStringLiteral("123,456,789")));
    header->resizeSection(FleetUsageModel::GrowthColumn, width(QStringLiteral("Growth %")));
    header->resizeSection(FleetUsageModel::VsMedianColumn, width(QStringLiteral("vs plan median (×)")));
    header->resizeSection(FleetUsageModel::QuotaColumn, width(tr("Quota used % (MTD)")));
    header->setStretchLastSection(false);
    addCopyAction(m_table, [this](int rows) { Q_EMIT statusMessage(tr("Copied tenants: %1").arg(rows)); });
    auto *open = new QAction(tr("Open tenant's usage"), m_table);
    connect(open, &QAction::triggered, this, [this] {
        const QString id = m_table->currentIndex().data(FleetUsageModel::TenantIdRole).toString();
        if (!id.isEmpty())
            Q_EMIT tenantActivated(id, metric());
    });
    m_table->addAction(open);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        const QString id = index.data(FleetUsageModel::TenantIdRole).toString();
        if (!id.isEmpty())
            Q_EMIT tenantActivated(id, metric());
    });
    auto *legend = new QLabel(tr("<span style='background:%1'>&nbsp;amber&nbsp;</span> ≥ 80 % of the monthly quota, "
                                 "<span style='background:%2'>&nbsp;red&nbsp;</span> ≥ 100 %. Double-click a tenant to open its usage.")
                                  .arg(toneColors(Tone::Warning).background.name(), toneColors(Tone::Bad).background.name()),
                              topBox);
    legend->setEnabled(true);
    m_emptyState->setObjectName(QStringLiteral("fleetEmptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setVisible(false);
    auto *topLayout = new QVBoxLayout(topBox);
    topLayout->addWidget(m_title);
    topLayout->addWidget(m_table, 1);
    topLayout->addWidget(m_emptyState, 1);
    topLayout->addWidget(legend);

    // Right: the fleet's total and the totals per plan.
    auto *fleetBox = new QGroupBox(this);
    m_fleetTitle = new QLabel(tr("Whole fleet, per day"), fleetBox);
    m_fleetTitle->setFont(bold);
    m_planTotals->setObjectName(QStringLiteral("planTotals"));
    m_planTotals->setTextFormat(Qt::RichText);
    m_planTotals->setWordWrap(true);
    // One series, named by the title above it: its legend would only take the chart's height.
    m_chart->chart()->legend()->hide();
    auto *fleetLayout = new QVBoxLayout(fleetBox);
    fleetLayout->addWidget(m_fleetTitle);
    m_fleetBody = new QBoxLayout(QBoxLayout::TopToBottom);
    m_fleetBody->addWidget(m_chart, 1);
    m_fleetBody->addWidget(m_planTotals);
    fleetLayout->addLayout(m_fleetBody, 1);

    m_splitter->setObjectName(QStringLiteral("fleetSplitter"));
    m_splitter->addWidget(topBox);
    m_splitter->addWidget(fleetBox);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({900, 600});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_splitter, 1);

    m_wantedMetric = QStringLiteral("requests");
    m_rangeCombo->setCurrentIndex(1); // 30 days

    connect(m_metrics, &UsageMetricsModel::loaded, this, [this] {
        const int row = m_metrics->rowOf(m_wantedMetric);
        m_metricCombo->setCurrentIndex(row >= 0 ? row : 0);
        if (m_started)
            reload();
    });
    connect(m_metricCombo, &QComboBox::activated, this, [this] {
        m_wantedMetric = metric();
        Q_EMIT metricChosen(m_wantedMetric);
        reload();
    });
    connect(m_rangeCombo, &QComboBox::activated, this, [this] {
        Q_EMIT rangeDaysChosen(rangeDays());
        reload();
    });
    connect(m_planCombo, &QComboBox::activated, this, &FleetUsageView::reload);
    connect(m_nearQuota, &QCheckBox::toggled, this, [this](bool on) {
        m_proxy->setNearQuotaOnly(on);
        updateTitle();
        updateEmptyState();
    });
    connect(m_refresh, &QPushButton::clicked, this, &FleetUsageView::reload);
    connect(m_top, &FleetUsageModel::loaded, this, [this] {
        updateTitle();
        updateEmptyState();
        checkSettled();
    });
    connect(m_top, &FleetUsageModel::problemOccurred, this, [this] {
        updateTitle();
        updateEmptyState();
        checkSettled();
    });
    connect(m_fleet, &UsageSeriesModel::seriesChanged, this, [this] {
        updatePlanTotals();
        checkSettled();
    });
    connect(m_fleet, &UsageSeriesModel::problemOccurred, this, [this] {
        updatePlanTotals();
        checkSettled();
    });
    updateTitle();
}

QString FleetUsageView::metric() const
{
    return m_metricCombo->currentData(UsageMetricsModel::NameRole).toString();
}

int FleetUsageView::rangeDays() const
{
    return m_rangeCombo->currentData().toInt();
}

void FleetUsageView::ensureLoaded()
{
    if (m_started)
        return;
    m_started = true;
    if (m_metrics->hasLoaded())
        reload();
    else
        m_metrics->ensureLoaded(); // reloads when the list arrives
}

void FleetUsageView::reload()
{
    m_started = true;
    if (metric().isEmpty()) {
        m_metrics->ensureLoaded();
        return;
    }
    m_wasSettled = false;
    // Whole days: the ranges line up with the fleet chart's daily buckets.
    const QDate today = QDateTime::currentDateTimeUtc().date();
    const QDateTime to(today.addDays(1), QTime(0, 0), QTimeZone::utc());
    const QDateTime from = to.addDays(-rangeDays());
    // Every tenant (up to the server's 500), so those near their quota are in the table too.
    m_top->load(metric(), from, to, m_planCombo->currentData().toString(), 500);
    m_fleet->load(QString(), metric(), from, to, QStringLiteral("day"));
    updateTitle();
}

void FleetUsageView::restoreChoice(const QString &metric, int rangeDays)
{
    m_wantedMetric = metric; // applied once the metric list is there
    const int row = m_rangeCombo->findData(rangeDays);
    m_rangeCombo->setCurrentIndex(row >= 0 ? row : 1);
}

void FleetUsageView::setMetric(const QString &name)
{
    m_wantedMetric = name;
    if (const int row = m_metrics->rowOf(name); row >= 0) {
        m_metricCombo->setCurrentIndex(row);
        reload();
    }
}

void FleetUsageView::setRangeDays(int days)
{
    m_rangeCombo->setCurrentIndex(std::max(0, m_rangeCombo->findData(days)));
    reload();
}

void FleetUsageView::setPlan(const QString &plan)
{
    m_planCombo->setCurrentIndex(std::max(0, m_planCombo->findData(plan)));
    reload();
}

void FleetUsageView::updateTitle()
{
    if (m_top->isLoading()) {
        m_title->setText(tr("Loading the top consumers…"));
    } else if (!m_top->lastProblem().isNull()) {
        m_title->setText(tr("The top consumers could not be loaded: %1").arg(m_top->lastProblem().toDisplayString()));
    } else if (!m_top->hasLoaded()) {
        m_title->setText(tr("Top consumers"));
    } else {
        int near = 0, over = 0;
        for (int r = 0; r < m_top->rowCount(); ++r) {
            const QVariant pct = m_top->index(r, 0).data(FleetUsageModel::QuotaPercentRole);
            if (pct.isValid() && pct.toDouble() >= 100)
                ++over;
            else if (pct.isValid() && pct.toDouble() >= FleetUsageModel::kNearQuotaPct)
                ++near;
        }
        QString text = tr("%1 tenants by %2, last %3 days").arg(m_top->rowCount()).arg(m_top->metricName()).arg(rangeDays());
        if (m_planCombo->currentIndex() > 0)
            text += tr(" (plan %1)").arg(m_planCombo->currentText());
        text += tr(" · %1 near quota, %2 over").arg(near).arg(over);
        if (m_proxy->rowCount() != m_top->rowCount())
            text += tr(" · %1 shown").arg(m_proxy->rowCount());
        m_title->setText(text);
    }
}

void FleetUsageView::updateEmptyState()
{
    // The Value column is headed by the metric's name: wide enough for it, whichever it is.
    QHeaderView *header = m_table->horizontalHeader();
    const QFontMetrics fm = header->fontMetrics();
    const int wanted = fm.horizontalAdvance(m_proxy->headerData(FleetUsageModel::ValueColumn, Qt::Horizontal).toString()) + 6 * fm.averageCharWidth();
    if (header->sectionSize(FleetUsageModel::ValueColumn) < wanted)
        header->resizeSection(FleetUsageModel::ValueColumn, wanted);
    const bool empty = m_top->hasLoaded() && !m_top->isLoading() && m_top->lastProblem().isNull() && m_proxy->rowCount() == 0;
    if (empty)
        m_emptyState->setText(m_proxy->nearQuotaOnly() ? tr("No tenant is at 80 % or more of a monthly quota this month.")
                                                       : tr("No tenant has used %1 in this range.").arg(m_top->metricName()));
    m_emptyState->setVisible(empty);
    m_table->setVisible(!empty);
}

bool FleetUsageView::isEmptyStateShown() const
{
    return !m_emptyState->isHidden();
}

QString FleetUsageView::emptyStateText() const
{
    return isEmptyStateShown() ? m_emptyState->text() : QString();
}

bool FleetUsageView::exportTo(const QString &path, QString *error)
{
    const QList<int> columns = shownColumns(m_table);
    QString out;
    const auto line = [&out](const QStringList &cells) { out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n"); };
    QStringList header{csvField(tr("Tenant id")), csvField(tr("Slug"))};
    for (int c : columns)
        header << csvField(m_proxy->headerData(c, Qt::Horizontal).toString());
    line(header);
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex source = m_proxy->mapToSource(m_proxy->index(r, 0));
        QStringList cells{csvField(source.data(FleetUsageModel::TenantIdRole).toString()), csvField(m_top->itemAt(source.row()).slug)};
        for (int c : columns)
            cells << csvField(m_proxy->index(r, c).data().toString());
        line(cells);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(out.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void FleetUsageView::exportCsv()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString name = QStringLiteral("fleet-%1-%2d-%3.csv").arg(metric()).arg(rangeDays()).arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the fleet table"), dir + QLatin1Char('/') + name, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    Q_EMIT statusMessage(exportTo(path, &error) ? tr("Exported %1 tenants to %2").arg(m_proxy->rowCount()).arg(path)
                                                : tr("Could not save %1: %2").arg(path, error));
}

void FleetUsageView::updatePlanTotals()
{
    const auto &series = m_fleet->series();
    m_fleetTitle->setText(series ? tr("Whole fleet: %1, per day").arg(m_fleet->metricName()) : tr("Whole fleet, per day"));
    if (!m_fleet->lastProblem().isNull()) {
        m_planTotals->setText(tr("The fleet's usage could not be loaded: %1").arg(m_fleet->lastProblem().toDisplayString().toHtmlEscaped()));
        return;
    }
    if (!series) {
        m_planTotals->clear();
        return;
    }
    QStringList plans = series->byPlan.keys();
    std::sort(plans.begin(), plans.end(), [&series](const QString &a, const QString &b) { return series->byPlan.value(a).first > series->byPlan.value(b).first; });
    qint64 all = 0;
    for (const auto &v : series->byPlan)
        all += v.first;
    QString rows;
    const QLocale locale;
    for (const QString &plan : std::as_const(plans)) {
        const auto [total, tenants] = series->byPlan.value(plan);
        rows += QStringLiteral("<tr><td>%1</td><td align=right>&nbsp;&nbsp;%2</td><td align=right>&nbsp;&nbsp;%3 %</td><td align=right>&nbsp;&nbsp;%4</td></tr>")
                    .arg(plan.toHtmlEscaped(), UsageSeriesModel::formatValue(series->unit, double(total)).toHtmlEscaped(),
                         locale.toString(all > 0 ? total * 100.0 / all : 0.0, 'f', 1),
                         tenants == 1 ? tr("1 tenant") : tr("%1 tenants").arg(locale.toString(tenants)));
    }
    m_planTotals->setText(tr("<b>By plan</b> (total %1)<table>%2</table>").arg(UsageSeriesModel::formatValue(series->unit, double(all)).toHtmlEscaped(), rows));
}

QString FleetUsageView::planTotalsText() const
{
    QString html = m_planTotals->text();
    html.replace(QStringLiteral("</tr>"), QStringLiteral("\n"));
    return html.remove(QRegularExpression(QStringLiteral("<[^>]*>"))).replace(QStringLiteral("&nbsp;"), QStringLiteral(" "));
}

bool FleetUsageView::isSettled() const
{
    const bool topDone = !m_top->isLoading() && (m_top->hasLoaded() || !m_top->lastProblem().isNull());
    const bool fleetDone = !m_fleet->isLoading() && (m_fleet->series().has_value() || !m_fleet->lastProblem().isNull());
    return m_started && topDone && fleetDone;
}

void FleetUsageView::checkSettled()
{
    if (m_wasSettled || !isSettled())
        return;
    m_wasSettled = true;
    Q_EMIT settled();
}

QByteArray FleetUsageView::saveLayout() const
{
    return saveViewState(kLayoutMagic, kLayoutVersion, {m_splitter}, {m_table->horizontalHeader()});
}

bool FleetUsageView::restoreLayout(const QByteArray &state)
{
    const bool restored = restoreViewState(state, kLayoutMagic, kLayoutVersion, {m_splitter}, {m_table->horizontalHeader()});
    fitOrientation(); // the width decides, not the saved state
    return restored;
}

void FleetUsageView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Once the layout has given the splitter its new size, not before (its sizes are still the old ones here).
    QMetaObject::invokeMethod(this, &FleetUsageView::fitOrientation, Qt::QueuedConnection);
}

void FleetUsageView::fitOrientation()
{
    // Side by side, the table needs its figure columns and a tenant column wide enough for a
    // whole name, and the chart ~380 px; narrower than that the chart moves below the table,
    // so no tenant name is cut.
    const QHeaderView *header = m_table->horizontalHeader();
    int figures = 0;
    for (int c = 0; c < header->count(); ++c)
        if (c != FleetUsageModel::TenantColumn && !header->isSectionHidden(c))
            figures += header->sectionSize(c);
    const int tenantWidth = m_table->fontMetrics().horizontalAdvance(QStringLiteral("Ironbridge Manufacturing GmbH")) + 24;
    const int tableNeeds = figures + tenantWidth + 40;
    const int chartNeeds = 380;
    const Qt::Orientation wanted = width() >= tableNeeds + chartNeeds + 40 ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() == wanted) {
        // Side by side, the chart gives up what the table needs for whole names (down to its own minimum).
        const QList<int> sizes = m_splitter->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        if (wanted == Qt::Horizontal && sizes.value(0) < tableNeeds && total - tableNeeds >= chartNeeds)
            m_splitter->setSizes({tableNeeds, total - tableNeeds});
        return;
    }
    m_splitter->setOrientation(wanted);
    // Below the table the chart is short: the totals by plan go beside it, not under it.
    m_fleetBody->setDirection(wanted == Qt::Vertical ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    m_planTotals->setAlignment(wanted == Qt::Vertical ? Qt::AlignTop | Qt::AlignLeft : Qt::AlignLeft | Qt::AlignVCenter);
    m_planTotals->setWordWrap(wanted == Qt::Horizontal); // beside the chart it takes the width its rows need
    if (wanted == Qt::Vertical)
        m_splitter->setSizes({600, 400});
}

} // namespace portico
