#include "views/isolationview.h"
#include "models/tones.h"
#include "views/viewstate.h"
#include "models/alertsmodel.h"
#include "views/confirmdialog.h"
#include "models/findingsfiltermodel.h"
#include "models/findingsmodel.h"
#include "models/formatting.h"
#include "views/tablecopy.h"
#include "views/tablesetup.h"

#include <QAction>
#include <QComboBox>
#include <QDataStream>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QMap>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace portico {
namespace {
constexpr quint32 kLayoutMagic = 0x15014701;
constexpr quint16 kLayoutVersion = 2; // 2: the alerts gained State, By and Changed

QTableView *makeTable(QWidget *parent, const QString &name)
{
    QTableView *table = setUpTable(new QTableView(parent), name, TableKind::Records);
    table->horizontalHeader()->setHighlightSections(false);
    return table;
}

int fit(const QWidget *w, const QString &sample, int extraChars = 3)
{
    const QFontMetrics fm = w->fontMetrics();
    return fm.horizontalAdvance(sample) + extraChars * fm.averageCharWidth();
}

QLabel *placeholder(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setEnabled(false);
    return label;
}
} // namespace

IsolationView::IsolationView(FindingsModel *findings, AlertsModel *alerts, QWidget *parent)
    : QWidget(parent), m_findings(findings), m_alerts(alerts), m_proxy(new FindingsFilterModel(this))
{
    setObjectName(QStringLiteral("isolationView"));
    m_proxy->setSourceModel(m_findings);

    // Summary banner, busy indicator, re-run.
    m_summary = new QFrame(this);
    m_summary->setObjectName(QStringLiteral("isolationSummary"));
    m_summary->setFrameShape(QFrame::StyledPanel);
    m_summaryTitle = new QLabel(m_summary);
    m_summaryTitle->setObjectName(QStringLiteral("summaryTitle"));
    QFont titleFont = m_summaryTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_summaryTitle->setFont(titleFont);
    m_summaryTitle->setWordWrap(true);
    m_summaryTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summaryBody = new QLabel(m_summary);
    m_summaryBody->setObjectName(QStringLiteral("summaryBody"));
    m_summaryBody->setWordWrap(true);
    m_summaryBody->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *summaryLayout = new QVBoxLayout(m_summary);
    summaryLayout->setContentsMargins(12, 8, 12, 8);
    summaryLayout->setSpacing(2);
    summaryLayout->addWidget(m_summaryTitle);
    summaryLayout->addWidget(m_summaryBody);

    m_rerunAction = new QAction(tr("Re-run verifier"), this);
    m_rerunAction->setShortcut(QKeySequence::Refresh); // F5 while this view has focus
    m_rerunAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_rerunAction->setToolTip(tr("Run the isolation verifier on the server again and reload the alerts (F5)."));
    connect(m_rerunAction, &QAction::triggered, this, &IsolationView::rerun);
    addAction(m_rerunAction);

    m_rerunButton = new QPushButton(tr("Re-run verifier"), this);
    m_rerunButton->setObjectName(QStringLiteral("rerunButton"));
    m_rerunButton->setToolTip(m_rerunAction->toolTip());
    connect(m_rerunButton, &QPushButton::clicked, m_rerunAction, &QAction::trigger);
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("verifierBusy"));
    m_busy->setRange(0, 0); // indeterminate
    m_busy->setTextVisible(false);
    m_busy->setFixedWidth(fit(this, QStringLiteral("Running…"), 6));
    m_busy->setToolTip(tr("The verifier is running on the server."));
    m_busy->hide();

    m_rerunButton->setMinimumHeight(m_rerunButton->sizeHint().height() * 5 / 4);
    auto *controls = new QVBoxLayout;
    controls->addStretch(1);
    controls->addWidget(m_rerunButton);
    controls->addWidget(m_busy, 0, Qt::AlignHCenter);
    controls->addStretch(1);
    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addLayout(controls);

    // Findings and pools side by side above (the detail pane carries a finding's full text);
    // alerts below across the whole width, since their detail column is what an operator reads.
    m_topSplit = new QSplitter(Qt::Horizontal, this);
    m_topSplit->setObjectName(QStringLiteral("isolationTopSplitter"));
    m_topSplit->addWidget(buildFindings());
    m_topSplit->addWidget(buildPools());
    m_topSplit->setStretchFactor(0, 4);
    m_topSplit->setStretchFactor(1, 1);
    m_topSplit->setChildrenCollapsible(false);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("isolationSplitter"));
    m_splitter->addWidget(m_topSplit);
    m_splitter->addWidget(buildAlerts());
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    // Defaults until restoreLayout() brings the user's own.
    m_splitter->setSizes({440, 380});
    m_topSplit->setSizes({1080, 360});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_splitter, 1);

    connect(m_findings, &FindingsModel::runningChanged, this, &IsolationView::updateRunning);
    connect(m_findings, &FindingsModel::reportChanged, this, [this] {
        updateSummary();
        updatePools();
        updateFindingsCount();
        checkSettled();
    });
    connect(m_findings, &FindingsModel::problemOccurred, this, [this] {
        updateSummary();
        checkSettled();
    });
    connect(m_alerts, &AlertsModel::loadingChanged, this, [this] {
        updateAlertsPlaceholder();
        checkSettled();
    });
    connect(m_alerts, &AlertsModel::pageLoaded, this, &IsolationView::updateAlertsPlaceholder);
    connect(m_alerts, &AlertsModel::modelReset, this, &IsolationView::updateAlertsPlaceholder);
    connect(m_alerts, &AlertsModel::problemOccurred, this, [this] {
        updateAlertsPlaceholder();
        checkSettled();
    });
    connect(m_alerts, &AlertsModel::tenantLookupsFinished, this, &IsolationView::checkSettled);

    updateRunning(m_findings->isRunning());
    updateSummary();
    updatePools();
    updateFindingsCount();
    updateAlertsPlaceholder();
}

QWidget *IsolationView::buildFindings()
{
    auto *box = new QGroupBox(this);
    box->setObjectName(QStringLiteral("findingsBox"));
    m_findingsTitle = new QLabel(box);
    QFont bold = m_findingsTitle->font();
    bold.setBold(true);
    m_findingsTitle->setFont(bold);
    m_severityFilter = new QComboBox(box);
    m_severityFilter->setObjectName(QStringLiteral("severityFilter"));
    m_severityFilter->addItem(tr("All severities"), int(Severity::Unknown));
    m_severityFilter->addItem(tr("Critical and high"), int(Severity::High));
    m_severityFilter->addItem(tr("Critical only"), int(Severity::Critical));
    m_severityFilter->setToolTip(tr("Show findings at least this severe."));
    connect(m_severityFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setMinimumSeverity(Severity(m_severityFilter->currentData().toInt()));
        updateFindingsCount();
    });
    auto *head = new QHBoxLayout;
    head->addWidget(m_findingsTitle, 1);
    head->addWidget(new QLabel(tr("Show:"), box));
    head->addWidget(m_severityFilter);

    m_findingsTable = makeTable(box, QStringLiteral("findingsTable"));
    m_findingsTable->setModel(m_proxy);
    QHeaderView *header = m_findingsTable->horizontalHeader();
    header->setStretchLastSection(true);
    header->resizeSection(FindingsModel::SeverityColumn, fit(this, QStringLiteral("Critical"), 7));
    header->resizeSection(FindingsModel::CheckColumn, fit(this, QStringLiteral("placement.schema_orphan")));
    header->resizeSection(FindingsModel::ObjectColumn, fit(this, QStringLiteral("eu-central/portico_pool.public.tenant_settings")));
    m_findingsTable->setSortingEnabled(true);
    header->setSortIndicator(FindingsModel::SeverityColumn, Qt::AscendingOrder); // critical first
    addCopyAction(m_findingsTable, [this](int rows) { Q_EMIT statusMessage(tr("Copied findings: %1").arg(rows)); });
    connect(m_findingsTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &IsolationView::updateDetail);
    // After each run the most severe finding is selected, so its full text is readable at once.
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        if (m_proxy->rowCount() > 0)
            m_findingsTable->selectionModel()->setCurrentIndex(m_proxy->index(0, 0),
                                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        updateDetail();
    });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &IsolationView::updateDetail);

    m_findingsPlaceholder = placeholder(QString(), box);
    m_findingsStack = new QStackedWidget(box);
    m_findingsStack->addWidget(m_findingsTable);
    m_findingsStack->addWidget(m_findingsPlaceholder);

    m_detail = new QTextBrowser(box);
    m_detail->setObjectName(QStringLiteral("findingDetail"));
    m_detail->setOpenLinks(false);
    m_detail->setPlaceholderText(tr("Select a finding to read it in full."));
    m_detail->setMinimumHeight(m_detail->fontMetrics().lineSpacing() * 3);

    m_findingsSplit = new QSplitter(Qt::Vertical, box);
    m_findingsSplit->setObjectName(QStringLiteral("findingsSplitter"));
    m_findingsSplit->addWidget(m_findingsStack);
    m_findingsSplit->addWidget(m_detail);
    m_findingsSplit->setStretchFactor(0, 4);
    m_findingsSplit->setStretchFactor(1, 1);
    m_findingsSplit->setChildrenCollapsible(false);
    m_findingsSplit->setSizes({420, 110});

    auto *layout = new QVBoxLayout(box);
    layout->addLayout(head);
    layout->addWidget(m_findingsSplit, 1);
    return box;
}

QWidget *IsolationView::buildAlerts()
{
    auto *box = new QGroupBox(this);
    box->setObjectName(QStringLiteral("alertsBox"));
    m_alertsTitle = new QLabel(tr("Alerts"), box);
    QFont bold = m_alertsTitle->font();
    bold.setBold(true);
    m_alertsTitle->setFont(bold);
    m_monitorBlocks = new QLabel(box);
    m_monitorBlocks->setObjectName(QStringLiteral("monitorBlocks"));
    m_monitorBlocks->setToolTip(tr("Requests whose rows the isolation monitor held back because they belonged to another tenant."));
    m_alertStateFilter = new QComboBox(box);
    m_alertStateFilter->setObjectName(QStringLiteral("alertStateFilter"));
    m_alertStateFilter->setToolTip(tr("Which alerts to list, by state"));
    const auto states = [](std::initializer_list<AlertState> list) {
        QVariantList out;
        for (AlertState s : list)
            out << int(s);
        return out;
    };
    m_alertStateFilter->addItem(tr("Open and acknowledged"), states({AlertState::Open, AlertState::Acknowledged}));
    m_alertStateFilter->addItem(tr("Open"), states({AlertState::Open}));
    m_alertStateFilter->addItem(tr("Acknowledged"), states({AlertState::Acknowledged}));
    m_alertStateFilter->addItem(tr("Resolved"), states({AlertState::Resolved}));
    m_alertStateFilter->addItem(tr("All"), QVariantList());
    for (int i = 0; i < m_alertStateFilter->count(); ++i) {
        QList<AlertState> list;
        for (const QVariant &v : m_alertStateFilter->itemData(i).toList())
            list << AlertState(v.toInt());
        if (list == m_alerts->stateFilter())
            m_alertStateFilter->setCurrentIndex(i);
    }
    connect(m_alertStateFilter, &QComboBox::currentIndexChanged, this, [this](int i) {
        QList<AlertState> list;
        for (const QVariant &v : m_alertStateFilter->itemData(i).toList())
            list << AlertState(v.toInt());
        m_alerts->setStateFilter(list);
    });
    auto *stateLabel = new QLabel(tr("&Show:"), box);
    stateLabel->setBuddy(m_alertStateFilter);

    m_acknowledgeButton = new QPushButton(tr("Ac&knowledge…"), box);
    m_acknowledgeButton->setObjectName(QStringLiteral("acknowledgeAlert"));
    m_acknowledgeButton->setToolTip(tr("Say that you are dealing with the selected alert (Ctrl+K); asks for a reason."));
    m_resolveButton = new QPushButton(tr("Re&solve…"), box);
    m_resolveButton->setObjectName(QStringLiteral("resolveAlert"));
    m_resolveButton->setToolTip(tr("Mark the selected alert as dealt with (Ctrl+Shift+K); asks for a reason."));

    auto *head = new QHBoxLayout;
    head->addWidget(m_alertsTitle);
    head->addStretch(1);
    head->addWidget(m_monitorBlocks);
    head->addWidget(stateLabel);
    head->addWidget(m_alertStateFilter);
    head->addWidget(m_acknowledgeButton);
    head->addWidget(m_resolveButton);

    m_alertsTable = makeTable(box, QStringLiteral("alertsTable"));
    m_alertsTable->setModel(m_alerts);
    QHeaderView *header = m_alertsTable->horizontalHeader();
    header->resizeSection(AlertsModel::TimeColumn, fit(this, QStringLiteral("2026-11-29 10:00:00")));
    header->resizeSection(AlertsModel::SeverityColumn, fit(this, QStringLiteral("Critical"), 7));
    header->resizeSection(AlertsModel::KindColumn, fit(this, QStringLiteral("isolation.monitor")));
    // Tenant: a long name (the id until the name is known, elided; whole in the tooltip).
    header->resizeSection(AlertsModel::TenantColumn, fit(this, QStringLiteral("Brightline Manufacturing GmbH")));
    header->resizeSection(AlertsModel::RequestIdColumn, fit(this, QStringLiteral("00000000-0000-0000-0000-000000000000"), 1));
    header->resizeSection(AlertsModel::StateColumn, fit(this, QStringLiteral("Acknowledged")));
    header->resizeSection(AlertsModel::HandledByColumn, fit(this, QStringLiteral("operator@portico.example")));
    header->resizeSection(AlertsModel::HandledAtColumn, fit(this, QStringLiteral("2026-11-29 10:00:00")));
    header->setSectionResizeMode(AlertsModel::DetailColumn, QHeaderView::Stretch);
    addCopyAction(m_alertsTable, [this](int rows) { Q_EMIT statusMessage(tr("Copied alerts: %1").arg(rows)); });
    auto *openTenant = new QAction(tr("Open tenant"), m_alertsTable);
    connect(openTenant, &QAction::triggered, this, [this] {
        const QString id = m_alertsTable->currentIndex().data(AlertsModel::TenantIdRole).toString();
        if (!id.isEmpty())
            Q_EMIT tenantActivated(id);
    });
    m_alertsTable->addAction(openTenant);
    // Shortcuts of the table: they act on its current alert only while it has focus.
    m_acknowledgeAction = new QAction(tr("Acknowledge…"), m_alertsTable);
    m_acknowledgeAction->setObjectName(QStringLiteral("acknowledgeAlertAction"));
    m_acknowledgeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_acknowledgeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_resolveAction = new QAction(tr("Resolve…"), m_alertsTable);
    m_resolveAction->setObjectName(QStringLiteral("resolveAlertAction"));
    m_resolveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_resolveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_alertsTable->addAction(m_acknowledgeAction);
    m_alertsTable->addAction(m_resolveAction);
    connect(m_acknowledgeAction, &QAction::triggered, this, [this] { changeCurrentAlert(AlertAction::Acknowledge); });
    connect(m_resolveAction, &QAction::triggered, this, [this] { changeCurrentAlert(AlertAction::Resolve); });
    connect(m_acknowledgeButton, &QPushButton::clicked, m_acknowledgeAction, &QAction::trigger);
    connect(m_resolveButton, &QPushButton::clicked, m_resolveAction, &QAction::trigger);
    connect(m_alertsTable->selectionModel(), &QItemSelectionModel::currentChanged, this, &IsolationView::updateAlertActions);
    connect(m_alerts, &QAbstractItemModel::modelReset, this, &IsolationView::updateAlertActions);
    connect(m_alerts, &QAbstractItemModel::rowsInserted, this, &IsolationView::updateAlertActions);
    connect(m_alerts, &AlertsModel::stateChanged, this, [this](const Alert &a) {
        Q_EMIT statusMessage(a.state == AlertState::Resolved ? tr("Alert resolved.") : tr("Alert acknowledged."));
    });
    connect(m_alerts, &AlertsModel::changeFailed, this, [this](const Problem &p) {
        Q_EMIT statusMessage(tr("The alert was not changed: %1").arg(p.toDisplayString()));
        m_alerts->refresh(); // someone else may have changed it: show what is true now
    });
    updateAlertActions();
    connect(m_alertsTable, &QTableView::activated, this, [this](const QModelIndex &index) {
        const QString id = index.data(AlertsModel::TenantIdRole).toString();
        if (!id.isEmpty())
            Q_EMIT tenantActivated(id);
    });

    m_alertsPlaceholder = placeholder(QString(), box);
    m_alertsStack = new QStackedWidget(box);
    m_alertsStack->addWidget(m_alertsTable);
    m_alertsStack->addWidget(m_alertsPlaceholder);

    auto *layout = new QVBoxLayout(box);
    layout->addLayout(head);
    layout->addWidget(m_alertsStack, 1);
    return box;
}

QWidget *IsolationView::buildPools()
{
    auto *box = new QGroupBox(this);
    box->setObjectName(QStringLiteral("poolsBox"));
    auto *title = new QLabel(tr("Connection pools"), box);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_poolSummary = new QLabel(box);
    m_poolSummary->setObjectName(QStringLiteral("poolSummary"));
    m_poolSummary->setWordWrap(true);
    m_pools = new QTreeWidget(box);
    m_pools->setObjectName(QStringLiteral("poolTree"));
    m_pools->setRootIsDecorated(false);
    m_pools->setIndentation(m_pools->fontMetrics().averageCharWidth() * 2);
    m_pools->setUniformRowHeights(true);
    m_pools->setAlternatingRowColors(true);
    m_pools->setSelectionMode(QAbstractItemView::NoSelection);
    m_pools->setHeaderLabels({tr("Cluster / database"), tr("Open"), tr("Idle"), tr("Cap")});
    m_pools->headerItem()->setToolTip(3, tr("The most connections this pool may open."));
    m_pools->header()->setStretchLastSection(false);
    m_pools->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c) {
        m_pools->header()->setSectionResizeMode(c, QHeaderView::Fixed);
        m_pools->header()->resizeSection(c, fit(this, QStringLiteral("Open"), 4));
        m_pools->headerItem()->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    // Wide enough for a whole cluster / database name beside the three figures: the pane never
    // elides what it is about.
    box->setMinimumWidth(fit(this, QStringLiteral("eu-central / 12 tenant databases"), 6) + 3 * fit(this, QStringLiteral("Open"), 4) + 40);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(title);
    layout->addWidget(m_poolSummary);
    layout->addWidget(m_pools, 1);
    return box;
}

void IsolationView::updateAlertActions()
{
    const int row = m_alertsTable->currentIndex().isValid() ? m_alertsTable->currentIndex().row() : -1;
    const bool ack = m_alertChangesAllowed && m_alerts->canApply(row, AlertAction::Acknowledge);
    const bool resolve = m_alertChangesAllowed && m_alerts->canApply(row, AlertAction::Resolve);
    m_acknowledgeAction->setEnabled(ack);
    m_acknowledgeButton->setEnabled(ack);
    m_resolveAction->setEnabled(resolve);
    m_resolveButton->setEnabled(resolve);
}

void IsolationView::setReadOnly(bool readOnly)
{
    m_alertChangesAllowed = !readOnly;
    updateAlertActions();
}

void IsolationView::changeCurrentAlert(AlertAction action)
{
    const QModelIndex current = m_alertsTable->currentIndex();
    if (!current.isValid() || !m_alertChangesAllowed || !m_alerts->canApply(current.row(), action))
        return;
    const Alert &a = m_alerts->alertAt(current.row());
    const bool ack = action == AlertAction::Acknowledge;
    ChangeRequest change;
    change.title = ack ? tr("Acknowledge alert") : tr("Resolve alert");
    if (!a.tenantId.isEmpty())
        change.tenant = tenantLabel(m_alerts->tenantName(a.tenantId), {}, a.tenantId);
    change.what = ack ? tr("Acknowledge this %1 alert: you are dealing with it?").arg(a.kind)
                      : tr("Resolve this %1 alert: it has been dealt with?").arg(a.kind);
    const auto stateName = [](AlertState s) {
        return s == AlertState::Open ? tr("Open") : s == AlertState::Acknowledged ? tr("Acknowledged") : tr("Resolved");
    };
    change.before = stateName(a.state);
    change.after = stateName(alertTarget(action));
    change.details = tr("%1, %2\n%3").arg(format::utcToolTip(a.at), a.severityName, a.detail);
    change.confirmText = ack ? tr("Acknowledge") : tr("Resolve");
    const QString alertId = a.id;
    const auto reason = ConfirmDialog::confirm(this, change);
    if (!reason)
        return;
    // The dialog is modal but the table is not frozen: a page may have arrived or a reload reset it.
    int row = -1;
    for (int r = 0; r < m_alerts->rowCount() && row < 0; ++r)
        if (m_alerts->alertAt(r).id == alertId)
            row = r;
    if (row < 0) {
        Q_EMIT statusMessage(tr("The alert is no longer listed; nothing was changed."));
        return;
    }
    m_alerts->changeState(row, action, *reason);
    updateAlertActions();
}

void IsolationView::rerun()
{
    m_wasSettled = false;
    m_findings->rerun();
    m_alerts->refresh();
}

void IsolationView::ensureLoaded()
{
    if (m_findings->report() || m_findings->isRunning() || !m_findings->lastProblem().isNull())
        return;
    rerun();
}

bool IsolationView::isSettled() const
{
    const bool reportDone = !m_findings->isRunning() && (m_findings->report() || !m_findings->lastProblem().isNull());
    const bool alertsDone = !m_alerts->isLoading() && !m_alerts->isLookingUpTenants()
                            && (m_alerts->hasLoaded() || !m_alerts->lastProblem().isNull());
    return reportDone && alertsDone;
}

void IsolationView::checkSettled()
{
    if (m_wasSettled || !isSettled())
        return;
    m_wasSettled = true;
    Q_EMIT settled();
}

void IsolationView::updateRunning(bool running)
{
    m_rerunAction->setEnabled(!running);
    m_rerunButton->setEnabled(!running);
    m_rerunButton->setText(running ? tr("Running…") : tr("Re-run verifier"));
    m_busy->setVisible(running);
    if (running && !m_findings->report())
        updateSummary();
    if (!running)
        checkSettled();
}

bool IsolationView::isBusyShown() const
{
    return m_busy->isVisibleTo(this);
}

void IsolationView::setVerdict(Verdict verdict, const QString &title, const QString &body, const QString &toolTip)
{
    m_verdict = verdict;
    // Tints of their own rather than palette roles: the verdict must stand out (models/tones has a dark set).
    Tone tone = Tone::Neutral;
    switch (verdict) {
    case Verdict::Holds: tone = Tone::Good; break;
    case Verdict::AtRisk: tone = Tone::Bad; break;
    case Verdict::Failed: tone = Tone::Warning; break;
    case Verdict::Pending: tone = Tone::Neutral; break;
    }
    const ToneColors colors = toneColors(tone);
    const QString background = colors.background.name(), border = colors.border.name(), text = colors.text.name();
    m_summary->setStyleSheet(QStringLiteral("#isolationSummary { background: %1; border: 1px solid %2; border-radius: 4px; } "
                                            "#isolationSummary QLabel { color: %3; background: transparent; }")
                                 .arg(background, border, text));
    m_summaryTitle->setText(title);
    m_summaryBody->setText(body);
    m_summaryBody->setVisible(!body.isEmpty());
    m_summary->setToolTip(toolTip);
}

QString IsolationView::summaryText() const
{
    return m_summaryBody->text().isEmpty() ? m_summaryTitle->text() : m_summaryTitle->text() + QLatin1Char('\n') + m_summaryBody->text();
}

void IsolationView::updateSummary()
{
    const auto &report = m_findings->report();
    const Problem &problem = m_findings->lastProblem();
    const QString requestTip = problem.requestId.isEmpty() ? QString() : tr("Request id: %1").arg(problem.requestId);
    if (!report) {
        if (!problem.isNull())
            setVerdict(Verdict::Failed, tr("⚠ The verifier could not run"), problem.toDisplayString(), requestTip);
        else
            setVerdict(Verdict::Pending, tr("Running the isolation verifier…"), QString(), QString());
        return;
    }

    const IsolationReport &r = *report;
    const QString clusters = r.clustersChecked == 1 ? tr("1 cluster") : tr("%1 clusters").arg(r.clustersChecked);
    const QString tables = r.tablesChecked == 1 ? tr("1 table") : tr("%1 tables").arg(r.tablesChecked);
    const QString placements = r.placementsChecked == 1 ? tr("1 placement") : tr("%1 placements").arg(r.placementsChecked);
    const QString at = r.checkedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    const QString checked = tr("%1, %2, %3 checked at %4 in %5 ms").arg(clusters, tables, placements, at).arg(r.durationMs);
    const QString when = tr("Verifier run at %1").arg(format::utcToolTip(r.checkedAt));

    const int critical = r.count(Severity::Critical);
    const int high = r.count(Severity::High);
    const int lesser = int(r.findings.size()) - critical - high;
    QString title, body;
    Verdict verdict;
    if (r.ok && critical == 0 && high == 0) {
        verdict = Verdict::Holds;
        title = tr("✔ Isolation holds: %1").arg(checked);
        body = lesser == 0 ? tr("Every check passed: row-level security, roles, grants and placements are as designed.")
             : lesser == 1 ? tr("Nothing critical or high; 1 lesser finding below is worth a look.")
                           : tr("Nothing critical or high; %1 lesser findings below are worth a look.").arg(lesser);
    } else {
        verdict = Verdict::AtRisk;
        title = tr("✖ Isolation at risk: %1 critical / %2 high findings").arg(critical).arg(high);
        body = tr("Each finding below says what to fix; then re-run the verifier. %1.").arg(checked);
    }
    if (!problem.isNull()) {
        // The last re-run failed: what is shown may be stale, and must say so.
        body = tr("Showing the result from %1: %2").arg(at, title);
        title = tr("⚠ Re-running the verifier failed: %1").arg(problem.toDisplayString());
        verdict = Verdict::Failed;
    }
    setVerdict(verdict, title, body, requestTip.isEmpty() ? when : when + QLatin1Char('\n') + requestTip);
}

void IsolationView::updateFindingsCount()
{
    const auto &report = m_findings->report();
    const int all = m_findings->rowCount();
    const int shown = m_proxy->rowCount();
    QString title = all == 1 ? tr("1 finding") : tr("%1 findings").arg(all);
    if (shown != all)
        title = tr("%1 (%2 shown)").arg(title).arg(shown);
    m_findingsTitle->setText(report ? title : tr("Findings"));

    if (!report)
        m_findingsPlaceholder->setText(m_findings->isRunning() ? tr("Running the verifier…") : tr("No report yet."));
    else if (all == 0)
        m_findingsPlaceholder->setText(tr("No findings: every check passed."));
    else
        m_findingsPlaceholder->setText(tr("No finding is this severe. Choose “All severities” to see the others."));
    m_findingsStack->setCurrentWidget(shown > 0 ? static_cast<QWidget *>(m_findingsTable) : m_findingsPlaceholder);
    m_detail->setVisible(shown > 0);
}

void IsolationView::updateDetail()
{
    const QModelIndex current = m_findingsTable->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const Finding &f = m_findings->findingAt(m_proxy->mapToSource(current).row());
    m_detail->setHtml(QStringLiteral("<p><b style=\"color:%1\">%2</b> &nbsp;·&nbsp; <code>%3</code> &nbsp;·&nbsp; %4</p><p>%5</p>")
                          .arg(format::severityColor(f.severity).name(), format::severity(f.severity, f.severityName).toHtmlEscaped(),
                               f.check.toHtmlEscaped(), f.object.toHtmlEscaped(), f.detail.toHtmlEscaped()));
}

QString IsolationView::detailText() const
{
    return m_detail->toPlainText();
}

void IsolationView::updateAlertsPlaceholder()
{
    const bool empty = m_alerts->rowCount() == 0;
    m_alertsPlaceholder->setToolTip(m_alerts->lastProblem().requestId.isEmpty() ? QString()
                                    : tr("Request id: %1").arg(m_alerts->lastProblem().requestId));
    if (!m_alerts->lastProblem().isNull())
        m_alertsPlaceholder->setText(tr("The alerts could not be loaded: %1").arg(m_alerts->lastProblem().toDisplayString()));
    else if (!m_alerts->hasLoaded())
        m_alertsPlaceholder->setText(m_alerts->isLoading() ? tr("Loading alerts…") : tr("Alerts not loaded yet."));
    else
        m_alertsPlaceholder->setText(tr("No alerts: the isolation monitor has blocked nothing."));
    m_alertsStack->setCurrentWidget(empty ? static_cast<QWidget *>(m_alertsPlaceholder) : m_alertsTable);
    if (!m_alerts->hasLoaded())
        m_alertsTitle->setText(tr("Alerts"));
    else if (m_alerts->canFetchMore({}))
        m_alertsTitle->setText(tr("Alerts (newest %1; scroll for more)").arg(m_alerts->rowCount()));
    else
        m_alertsTitle->setText(m_alerts->rowCount() == 1 ? tr("1 alert") : tr("%1 alerts").arg(m_alerts->rowCount()));
}

void IsolationView::updatePools()
{
    const auto &report = m_findings->report();
    m_pools->clear();
    if (!report) {
        m_poolSummary->setText(QString());
        m_monitorBlocks->clear();
        return;
    }
    const qint64 blocks = report->monitorBlocks;
    m_monitorBlocks->setText(blocks == 1 ? tr("1 request blocked by the monitor since the server started")
                                         : tr("%1 requests blocked by the monitor since the server started").arg(blocks));
    m_monitorBlocks->setStyleSheet(blocks > 0 ? QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Bad, true)) : QString());

    // Control-plane and shared-pool pools one row each; the many small pools of
    // database-per-tenant placements folded per cluster, expandable.
    static const QRegularExpression tenantDatabase(QStringLiteral("_t_[0-9a-f]{32}$"));
    QList<PoolStats> pools = report->pools;
    std::sort(pools.begin(), pools.end(), [](const PoolStats &a, const PoolStats &b) {
        if (a.open != b.open)
            return a.open > b.open;
        return std::tie(a.cluster, a.database) < std::tie(b.cluster, b.database);
    });
    const auto fill = [this](QTreeWidgetItem *item, const QString &name, int open, int idle, int max) {
        item->setText(0, name);
        item->setText(1, QString::number(open));
        item->setText(2, QString::number(idle));
        item->setText(3, QString::number(max));
        for (int c = 1; c < 4; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        if (max > 0 && open >= max) {
            for (int c = 0; c < 4; ++c)
                item->setBackground(c, toneColors(Tone::Warning).background);
            item->setToolTip(1, tr("At its cap: further requests wait for a free connection."));
        }
    };
    struct Group { QTreeWidgetItem *item = nullptr; int open = 0, idle = 0, max = 0, count = 0; };
    QMap<QString, Group> tenantGroups; // per cluster
    int open = 0, cap = 0, tenantOpen = 0, tenantPools = 0;
    for (const PoolStats &p : std::as_const(pools)) {
        open += p.open;
        cap += p.max;
        if (!tenantDatabase.match(p.database).hasMatch()) {
            auto *item = new QTreeWidgetItem(m_pools);
            fill(item, p.cluster + QStringLiteral(" / ") + p.database, p.open, p.idle, p.max);
            item->setToolTip(0, tr("Cluster %1, database %2").arg(p.cluster, p.database));
            continue;
        }
        tenantOpen += p.open;
        ++tenantPools;
        Group &g = tenantGroups[p.cluster];
        if (!g.item)
            g.item = new QTreeWidgetItem(m_pools);
        auto *child = new QTreeWidgetItem(g.item);
        fill(child, p.database, p.open, p.idle, p.max);
        child->setToolTip(0, tr("Cluster %1, database %2").arg(p.cluster, p.database));
        g.open += p.open;
        g.idle += p.idle;
        g.max += p.max;
        ++g.count;
    }
    for (auto it = tenantGroups.begin(); it != tenantGroups.end(); ++it) {
        const Group &g = it.value();
        fill(g.item, g.count == 1 ? tr("%1 / 1 tenant database").arg(it.key()) : tr("%1 / %2 tenant databases").arg(it.key()).arg(g.count),
             g.open, g.idle, g.max);
        g.item->setBackground(0, QBrush()); // a sum at its cap is not a pool at its cap
        g.item->setToolTip(0, tr("Pools of database-per-tenant placements on cluster %1, one per tenant database; expand for each.").arg(it.key()));
    }
    m_pools->setRootIsDecorated(!tenantGroups.isEmpty());

    QString summary = pools.size() == 1 ? tr("%1 of %2 connections open in 1 pool.").arg(open).arg(cap)
                                        : tr("%1 of %2 connections open in %3 pools.").arg(open).arg(cap).arg(pools.size());
    if (tenantPools > 0)
        summary += QLatin1Char(' ') + (tenantPools == 1 ? tr("Tenant databases: %1 open in 1 pool.").arg(tenantOpen)
                                                        : tr("Tenant databases: %1 open in %2 pools.").arg(tenantOpen).arg(tenantPools));
    m_poolSummary->setText(summary);
}

QString IsolationView::poolSummaryText() const
{
    return m_poolSummary->text();
}

void IsolationView::focusFindings()
{
    QWidget *target = m_findingsStack->currentWidget() == m_findingsTable ? static_cast<QWidget *>(m_findingsTable) : m_rerunButton;
    target->setFocus(Qt::OtherFocusReason);
}

QByteArray IsolationView::saveLayout() const
{
    return saveViewState(kLayoutMagic, kLayoutVersion, {m_splitter, m_findingsSplit, m_topSplit}, {m_findingsTable->horizontalHeader(), m_alertsTable->horizontalHeader()});
}

bool IsolationView::restoreLayout(const QByteArray &state)
{
    return restoreViewState(state, kLayoutMagic, kLayoutVersion, {m_splitter, m_findingsSplit, m_topSplit}, {m_findingsTable->horizontalHeader(), m_alertsTable->horizontalHeader()});
}

} // namespace portico
