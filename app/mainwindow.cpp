#include "app/mainwindow.h"
#include "app/settings.h"
#include "models/alertsmodel.h"
#include "models/auditchainverifier.h"
#include "models/auditmodel.h"
#include "models/fleetusagemodel.h"
#include "models/usagemetricsmodel.h"
#include "models/usageseriesmodel.h"
#include "views/auditview.h"
#include "views/fleetusageview.h"
#include "views/tenantusagepanel.h"
#include "models/configtreemodel.h"
#include "models/findingsmodel.h"
#include "models/flagmodels.h"
#include "models/tenantdetailmodel.h"
#include "models/tenantlistmodel.h"
#include "views/flagsview.h"
#include "views/isolationview.h"
#include "views/tenantconfigview.h"
#include "views/tenantflagsview.h"
#include "views/problembanner.h"
#include "views/quickopendialog.h"
#include "views/tenantbrowser.h"
#include "views/tenantdetailpanel.h"
#include "views/tenanteditdialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPixmap>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace portico {

MainWindow::MainWindow(ApiClient *client, const ConnectionProfile &profile, const QString &signedInAs, QWidget *parent)
    : QMainWindow(parent), m_client(client), m_profile(profile), m_listModel(new TenantListModel(client, this)),
      m_detailModel(new TenantDetailModel(client, this)), m_quickOpenModel(new TenantListModel(client, this)),
      m_browser(new TenantBrowser(m_listModel, this)), m_detailPanel(new TenantDetailPanel(this)),
      m_banner(new ProblemBanner(this)), m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_findingsModel(new FindingsModel(client, this)), m_alertsModel(new AlertsModel(client, this)),
      m_isolationView(new IsolationView(m_findingsModel, m_alertsModel, this)),
      m_usageMetrics(new UsageMetricsModel(client, this)), m_usageSeries(new UsageSeriesModel(client, this)),
      m_usagePanel(new TenantUsagePanel(m_usageMetrics, m_usageSeries, this)), m_detailTabs(new QTabWidget(this)),
      m_auditModel(new AuditModel(client, this)), m_auditVerifier(new AuditChainVerifier(client, this)),
      m_auditView(new AuditView(m_auditModel, m_auditVerifier, this)), m_fleetModel(new FleetUsageModel(client, this)),
      m_fleetSeries(new UsageSeriesModel(client, this)), m_fleetView(new FleetUsageView(m_usageMetrics, m_fleetModel, m_fleetSeries, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Portico Console — %1").arg(profile.name));
    m_listModel->setPageSize(settings::value(settings::TenantPageSize));
    m_quickOpenModel->setPageSize(20);
    m_browser->setSearchDebounce(std::chrono::milliseconds(settings::value(settings::SearchDebounceMs)));

    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_browser);
    m_splitter->addWidget(buildTenantTabs());
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    m_alertsModel->setPageSize(settings::value(settings::AlertPageSize));

    m_tenantsPage = new QWidget(this);
    m_tenantsPage->setObjectName(QStringLiteral("tenantsPage"));
    auto *tenantsLayout = new QVBoxLayout(m_tenantsPage);
    tenantsLayout->setContentsMargins(6, 6, 6, 6);
    tenantsLayout->addWidget(m_splitter);
    const auto page = [this](QWidget *content, const char *name) {
        auto *w = new QWidget(this);
        w->setObjectName(QLatin1String(name));
        auto *l = new QVBoxLayout(w);
        l->setContentsMargins(6, 6, 6, 6);
        l->addWidget(content);
        return w;
    };
    auto *isolationPage = new QWidget(this);
    isolationPage->setObjectName(QStringLiteral("isolationPage"));
    auto *isolationLayout = new QVBoxLayout(isolationPage);
    isolationLayout->setContentsMargins(6, 6, 6, 6);
    isolationLayout->addWidget(m_isolationView);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("mainPages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_tenantsPage, tr("Tenants"));
    m_pages->addTab(isolationPage, tr("Isolation health"));
    m_pages->setTabToolTip(0, tr("Find and manage tenants (Ctrl+1)"));
    m_pages->addTab(page(m_auditView, "auditPage"), tr("Audit"));
    m_pages->addTab(page(m_fleetView, "fleetPage"), tr("Fleet usage"));
    m_pages->setTabToolTip(1, tr("Verifier findings, alerts and connection pools (Ctrl+2)"));
    m_pages->setTabToolTip(2, tr("The audit log of the platform or a tenant, verified in the console (Ctrl+3)"));
    m_pages->setTabToolTip(3, tr("Top consumers, tenants near quota, growth and the fleet's total (Ctrl+4)"));
    buildFlagsPage();

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    // Selection drives the detail model; the detail model drives the panel.
    connect(m_browser, &TenantBrowser::currentTenantChanged, m_detailModel, &TenantDetailModel::load);
    connect(m_browser, &TenantBrowser::statusMessage, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(m_detailModel, &TenantDetailModel::tenantChanged, this, [this] {
        if (const auto &t = m_detailModel->tenant())
            m_detailPanel->setTenant(*t);
        else
            m_detailPanel->clear();
        tenantShown();
        updateWriteActions();
        pushTenantToTabs();
        maybeTakeScreenshot();
    });
    connect(m_detailModel, &TenantDetailModel::loadingChanged, m_detailPanel, &TenantDetailPanel::setLoading);
    connect(m_detailModel, &TenantDetailModel::tenantPatched, m_listModel, &TenantListModel::updateTenant);
    connect(m_detailModel, &TenantDetailModel::tenantPatched, this, [this](const Tenant &t) {
        statusBar()->showMessage(tr("Saved %1.").arg(t.name), 5000);
    });
    connect(m_detailModel, &TenantDetailModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_listModel, &TenantListModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_listModel, &TenantListModel::modelReset, m_banner, &ProblemBanner::dismiss);
    connect(m_listModel, &TenantListModel::pageLoaded, this, [this](int firstRow, int count) {
        // Show something useful at once: the first tenant of the first page, unless one is chosen.
        if (!m_firstPageSelected && firstRow == 0 && count > 0 && m_detailModel->currentKey().isEmpty()) {
            m_firstPageSelected = true;
            m_browser->selectRow(0);
        }
        maybeTakeScreenshot();
    });
    connect(m_isolationView, &IsolationView::statusMessage, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(m_isolationView, &IsolationView::tenantActivated, this, &MainWindow::openTenant);
    connect(m_isolationView, &IsolationView::settled, this, &MainWindow::maybeTakeScreenshot);
    // The isolation view shows its own failures in its summary; the status bar keeps a note.
    connect(m_findingsModel, &FindingsModel::problemOccurred, this, [this](const Problem &problem) {
        statusBar()->showMessage(tr("Isolation verifier: %1").arg(problem.toDisplayString()), 10000);
    });
    connect(m_alertsModel, &AlertsModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_usagePanel, &TenantUsagePanel::statusMessage, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(m_usagePanel, &TenantUsagePanel::settled, this, &MainWindow::maybeTakeScreenshot);
    connect(m_detailTabs, &QTabWidget::currentChanged, this, &MainWindow::maybeTakeScreenshot);
    connect(m_usageMetrics, &UsageMetricsModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_auditView, &AuditView::statusMessage, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(m_auditView, &AuditView::settled, this, &MainWindow::maybeTakeScreenshot);
    connect(m_auditView, &AuditView::chooseTenantRequested, this, [this] {
        auto *dialog = new QuickOpenDialog(m_quickOpenModel, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QuickOpenDialog::tenantChosen, this, [this](const QString &id) {
            // The name follows with the first page; until then the chain is named by the id.
            QString name;
            for (int r = 0; r < m_quickOpenModel->rowCount(); ++r)
                if (m_quickOpenModel->index(r, 0).data(TenantListModel::IdRole).toString() == id)
                    name = m_quickOpenModel->index(r, TenantListModel::NameColumn).data().toString();
            openAudit(id, name);
        });
        if (!m_quickOpenModel->query().search.isEmpty())
            m_quickOpenModel->setSearch(QString());
        else
            m_quickOpenModel->refresh();
        dialog->open();
    });
    connect(m_fleetView, &FleetUsageView::statusMessage, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(m_fleetView, &FleetUsageView::settled, this, &MainWindow::maybeTakeScreenshot);
    connect(m_fleetView, &FleetUsageView::tenantActivated, this, &MainWindow::openTenantUsage);
    connect(m_client, &ApiClient::connectionStateChanged, this, &MainWindow::updateConnectionState);
    connect(m_client, &ApiClient::readOnlyChanged, this, &MainWindow::updateWriteActions);

    buildActions();
    buildStatusBar(signedInAs);
    restoreLayout();
    updateWriteActions();
    connect(m_pages, &QTabWidget::currentChanged, this, &MainWindow::pageChanged);
    pageChanged();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    // F5 belongs to the page that has focus: here the tenants page; the isolation view has its own
    // (re-run verifier). The menu and toolbar entries refresh whichever page is shown.
    m_refreshAction = new QAction(tr("&Refresh"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh); // F5 (and Ctrl+R where that is the platform key)
    m_refreshAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tenantsPage->addAction(m_refreshAction);
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refreshCurrentPage);

    m_searchAction = new QAction(tr("&Find tenants"), this);
    m_searchAction->setShortcut(QKeySequence::Find); // Ctrl+F
    connect(m_searchAction, &QAction::triggered, this, [this] {
        showPage(Page::Tenants);
        m_browser->focusSearch();
    });

    m_showTenantsAction = new QAction(tr("&Tenants"), this);
    m_showTenantsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_showTenantsAction->setCheckable(true);
    connect(m_showTenantsAction, &QAction::triggered, this, [this] { showPage(Page::Tenants); });
    m_showIsolationAction = new QAction(tr("&Isolation health"), this);
    m_showIsolationAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_showIsolationAction->setCheckable(true);
    connect(m_showIsolationAction, &QAction::triggered, this, [this] { showPage(Page::Isolation); });
    m_showAuditAction = new QAction(tr("&Audit"), this);
    m_showAuditAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    m_showAuditAction->setCheckable(true);
    connect(m_showAuditAction, &QAction::triggered, this, [this] { showPage(Page::Audit); });
    m_showFleetAction = new QAction(tr("&Fleet usage"), this);
    m_showFleetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
    m_showFleetAction->setCheckable(true);
    connect(m_showFleetAction, &QAction::triggered, this, [this] { showPage(Page::Fleet); });
    // Ctrl+5: the platform Flags page.
    m_showFlagsAction = new QAction(tr("&Flags"), this);
    m_showFlagsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_5));
    m_showFlagsAction->setCheckable(true);
    connect(m_showFlagsAction, &QAction::triggered, this, [this] { showPage(Page::Flags); });
    auto *pageGroup = new QActionGroup(this);
    pageGroup->addAction(m_showTenantsAction);
    pageGroup->addAction(m_showIsolationAction);
    pageGroup->addAction(m_showAuditAction);
    pageGroup->addAction(m_showFleetAction);
    pageGroup->addAction(m_showFlagsAction);

    m_auditLogAction = new QAction(tr("&Audit log…"), this);
    m_auditLogAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_auditLogAction->setToolTip(tr("Open the selected tenant's audit chain (Ctrl+Shift+A)."));
    connect(m_auditLogAction, &QAction::triggered, this, [this] {
        if (const auto &t = m_detailModel->tenant())
            openAudit(idToString(t->id), t->name);
    });
    m_browser->tableView()->addAction(m_auditLogAction);

    m_quickOpenAction = new QAction(tr("&Quick open…"), this);
    m_quickOpenAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(m_quickOpenAction, &QAction::triggered, this, &MainWindow::openQuickOpen);

    m_exportAction = new QAction(tr("&Export CSV…"), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, m_browser, &TenantBrowser::exportCsv);

    m_editAction = new QAction(tr("&Edit tenant…"), this);
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_editAction, &QAction::triggered, this, &MainWindow::editCurrentTenant);
    m_writeActions << m_editAction;

    auto *quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(quit);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_showTenantsAction);
    view->addAction(m_showIsolationAction);
    view->addAction(m_showAuditAction);
    view->addAction(m_showFleetAction);
    view->addAction(m_showFlagsAction);
    view->addSeparator();
    view->addAction(m_refreshAction);
    view->addAction(m_searchAction);
    view->addAction(m_quickOpenAction);
    QMenu *tenant = menuBar()->addMenu(tr("&Tenant"));
    tenant->addAction(m_editAction);
    tenant->addAction(m_auditLogAction);

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar")); // needed for saveState()
    bar->setMovable(false);
    bar->addAction(m_refreshAction);
    bar->addAction(m_quickOpenAction);
    bar->addAction(m_editAction);
    bar->addAction(m_auditLogAction);
    bar->addAction(m_exportAction);
}

void MainWindow::buildStatusBar(const QString &signedInAs)
{
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("connectionState"));
    auto *server = new QLabel(m_profile.url.toString(), this);
    auto *profile = new QLabel(signedInAs.isEmpty() ? m_profile.name : tr("%1 · %2").arg(m_profile.name, signedInAs), this);
    m_readOnlyBadge = new QLabel(tr("read-only"), this);
    m_readOnlyBadge->setObjectName(QStringLiteral("readOnlyBadge"));
    m_readOnlyBadge->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; color: #5c4400; border-radius: 3px; padding: 0 6px; }"));
    statusBar()->addPermanentWidget(m_stateLabel);
    statusBar()->addPermanentWidget(server);
    statusBar()->addPermanentWidget(profile);
    statusBar()->addPermanentWidget(m_readOnlyBadge);
    updateConnectionState(m_client->connectionState());
}

QString MainWindow::connectionText() const
{
    return m_stateLabel->text();
}

void MainWindow::updateConnectionState(ApiClient::ConnectionState state)
{
    QString text;
    QString color;
    switch (state) {
    case ApiClient::ConnectionState::Unknown: text = tr("Connecting…"); color = QStringLiteral("#777777"); break;
    case ApiClient::ConnectionState::Connected: text = tr("Connected"); color = QStringLiteral("#1e7d32"); break;
    case ApiClient::ConnectionState::Unreachable: text = tr("Server unreachable"); color = QStringLiteral("#b3261e"); break;
    case ApiClient::ConnectionState::Unauthorized:
        text = tr("Not authorized");
        color = QStringLiteral("#b3261e");
        m_banner->showMessage(tr("The server no longer accepts this token. Restart the console and sign in again."));
        break;
    }
    m_stateLabel->setText(text);
    m_stateLabel->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(color));
}

void MainWindow::updateWriteActions()
{
    const bool readOnly = m_client->isReadOnly();
    const bool haveTenant = m_detailModel->tenant().has_value();
    m_auditLogAction->setEnabled(haveTenant); // reading is allowed on read-only profiles
    for (QAction *action : std::as_const(m_writeActions)) {
        action->setEnabled(!readOnly && haveTenant);
        action->setToolTip(readOnly ? tr("This connection profile is read-only.") : QString());
    }
    m_readOnlyBadge->setVisible(readOnly);
    m_configView->setReadOnly(readOnly);
    m_tenantFlagsView->setReadOnly(readOnly);
    m_flagsView->setReadOnly(readOnly);
}

void MainWindow::showProblem(const Problem &problem)
{
    m_banner->showProblem(problem);
    statusBar()->showMessage(problem.toDisplayString(), 10000);
}

void MainWindow::start()
{
    m_listModel->refresh();
}

void MainWindow::openQuickOpen()
{
    auto *dialog = new QuickOpenDialog(m_quickOpenModel, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QuickOpenDialog::tenantChosen, this, &MainWindow::openTenant);
    // Start from the unfiltered list each time (one request either way).
    if (!m_quickOpenModel->query().search.isEmpty())
        m_quickOpenModel->setSearch(QString());
    else
        m_quickOpenModel->refresh();
    dialog->open();
}

void MainWindow::openTenant(const QString &id)
{
    showPage(Page::Tenants);
    m_detailModel->load(id);
}

void MainWindow::openTenantUsage(const QString &id, const QString &metric)
{
    m_usagePanel->setMetric(metric);
    showDetailTab(DetailTab::Usage);
    openTenant(id);
}

void MainWindow::openAudit(const QString &chain, const QString &name)
{
    showPage(Page::Audit);
    m_auditView->showChain(chain, name);
}

void MainWindow::showDetailTab(DetailTab tab)
{
    showTenantTab(tab == DetailTab::Usage ? TenantTab::Usage : TenantTab::Details);
}

void MainWindow::tenantShown()
{
    const auto &t = m_detailModel->tenant();
    if (t) {
        m_usagePanel->setTenant(idToString(t->id), t->name);
        m_auditView->setSelectedTenant(idToString(t->id), t->name);
    } else {
        m_usagePanel->clear();
    }
}

void MainWindow::refreshCurrentPage()
{
    m_banner->dismiss();
    switch (currentPage()) {
    case Page::Isolation: m_isolationView->rerun(); return;
    case Page::Audit:
        m_auditModel->refresh();
        m_auditView->verify();
        return;
    case Page::Fleet: m_fleetView->reload(); return;
    case Page::Flags: m_flagsView->reload(); return;
    case Page::Tenants: break;
    }
    if (m_detailTabs->currentWidget() == m_usagePanel)
        m_usagePanel->reload();
    m_listModel->refresh();
    if (!m_detailModel->currentKey().isEmpty())
        m_detailModel->reload();
}

void MainWindow::showPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(std::clamp(m_pages->currentIndex(), 0, int(Page::Flags)));
}

QWidget *MainWindow::buildTenantTabs()
{
    m_configView = new TenantConfigView(m_client, this);
    m_tenantFlagsView = new TenantFlagsView(m_client, this);
    // One tab widget for the tenant, in TenantTab order: Details, Usage, Configuration, Flags.
    m_tenantTabs = m_detailTabs;
    m_tenantTabs->setObjectName(QStringLiteral("detailTabs"));
    m_tenantTabs->addTab(m_detailPanel, tr("Details"));
    m_tenantTabs->addTab(m_usagePanel, tr("Usage"));
    m_tenantTabs->setTabToolTip(int(TenantTab::Usage), tr("The tenant's usage over time, with its quota"));
    m_tenantTabs->addTab(m_configView, tr("Configuration"));
    m_tenantTabs->addTab(m_tenantFlagsView, tr("Flags"));
    connect(m_tenantTabs, &QTabWidget::currentChanged, this, &MainWindow::pushTenantToTabs);
    const auto status = [this](const QString &text) { statusBar()->showMessage(text, 5000); };
    connect(m_configView, &TenantConfigView::statusMessage, this, status);
    connect(m_tenantFlagsView, &TenantFlagsView::statusMessage, this, status);
    connect(m_configView, &TenantConfigView::problemOccurred, this, &MainWindow::showProblem);
    connect(m_tenantFlagsView, &TenantFlagsView::problemOccurred, this, &MainWindow::showProblem);
    connect(m_configView->model(), &ConfigTreeModel::loaded, this, &MainWindow::maybeTakeScreenshot);
    return m_tenantTabs;
}

void MainWindow::pushTenantToTabs()
{
    const auto &tenant = m_detailModel->tenant();
    if (!tenant)
        return;
    if (m_tenantTabs->currentWidget() == m_configView)
        m_configView->setTenant(tenant->id.toString(QUuid::WithoutBraces));
    else if (m_tenantTabs->currentWidget() == m_tenantFlagsView)
        m_tenantFlagsView->setTenant(tenant->id.toString(QUuid::WithoutBraces));
}

void MainWindow::showTenantTab(TenantTab tab)
{
    m_tenantTabs->setCurrentIndex(int(tab));
}

void MainWindow::buildFlagsPage()
{
    m_flagsView = new FlagsView(m_client, this);
    m_flagsPage = new QWidget(this);
    m_flagsPage->setObjectName(QStringLiteral("flagsPage"));
    auto *layout = new QVBoxLayout(m_flagsPage);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_flagsView);
    const int index = m_pages->addTab(m_flagsPage, tr("Flags"));
    m_pages->setTabToolTip(index, tr("Feature flags: rollouts, overrides, staleness (Ctrl+5)"));
    connect(m_flagsView, &FlagsView::statusMessage, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(m_flagsView, &FlagsView::problemOccurred, this, &MainWindow::showProblem);
    connect(m_flagsView, &FlagsView::settled, this, &MainWindow::maybeTakeScreenshot);
}

void MainWindow::pageChanged()
{
    const Page page = currentPage();
    const QList<QAction *> pageActions{m_showTenantsAction, m_showIsolationAction, m_showAuditAction, m_showFleetAction, m_showFlagsAction};
    pageActions.at(int(page))->setChecked(true);
    m_refreshAction->setText(page == Page::Isolation ? tr("&Re-run verifier") : tr("&Refresh"));
    switch (page) {
    case Page::Flags:
        m_flagsView->ensureLoaded();
        break;
    case Page::Isolation:
        m_isolationView->ensureLoaded(); // the verifier runs only once someone looks
        m_isolationView->focusFindings();
        break;
    case Page::Audit:
        m_auditView->ensureLoaded();
        m_auditView->tableView()->setFocus(Qt::OtherFocusReason);
        break;
    case Page::Fleet:
        m_fleetView->ensureLoaded();
        m_fleetView->tableView()->setFocus(Qt::OtherFocusReason);
        break;
    case Page::Tenants:
        m_browser->tableView()->setFocus(Qt::OtherFocusReason);
        break;
    }
    maybeTakeScreenshot();
}

void MainWindow::editCurrentTenant()
{
    const auto &tenant = m_detailModel->tenant();
    if (!tenant)
        return;
    auto *dialog = new TenantEditDialog(*tenant, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_detailModel->patch(dialog->patch()); });
    dialog->open();
}

void MainWindow::armScreenshot(const QString &path, Page page, std::chrono::milliseconds timeout)
{
    m_screenshotPath = path;
    m_screenshotPage = page;
    m_screenshotUsage = false;
    showPage(page);
    if (page == Page::Fleet) // the tenants near or over quota first: what the highlight is for
        m_fleetView->tableView()->sortByColumn(FleetUsageModel::QuotaColumn, Qt::DescendingOrder);
    QTimer::singleShot(timeout, this, [this] {
        if (m_screenshotPath.isEmpty())
            return;
        const QString pending = m_screenshotPath;
        m_screenshotPath.clear();
        qWarning("screenshot: gave up waiting for data after the timeout");
        Q_EMIT screenshotTaken(pending, false);
    });
    maybeTakeScreenshot(); // the data may already be on screen
}

void MainWindow::armUsageScreenshot(const QString &path, std::chrono::milliseconds timeout)
{
    if (QComboBox *plan = m_browser->filterCombo(TenantListModel::Filter::Plan))
        plan->setCurrentIndex(std::max(0, plan->findData(QStringLiteral("enterprise"))));
    m_usagePanel->setMetric(QStringLiteral("requests"));
    m_usagePanel->setRange(TenantUsagePanel::Range::Month);
    m_usagePanel->setStep(QString());
    showDetailTab(DetailTab::Usage);
    m_splitter->setSizes({720, 760}); // room for the chart
    armScreenshot(path, Page::Tenants, timeout);
    m_screenshotUsage = true;
}

void MainWindow::armConfigScreenshot(const QString &path, std::chrono::milliseconds timeout)
{
    m_screenshotConfig = true;
    showTenantTab(TenantTab::Configuration);
    m_splitter->setSizes({520, 960}); // room for the layer columns
    armScreenshot(path, Page::Tenants, timeout);
}

void MainWindow::maybeTakeScreenshot()
{
    if (m_screenshotPath.isEmpty() || currentPage() != m_screenshotPage)
        return;
    if (m_screenshotPage == Page::Isolation) {
        if (!m_isolationView->isSettled())
            return;
    } else if (m_screenshotPage == Page::Audit) {
        if (!m_auditView->isSettled())
            return;
    } else if (m_screenshotPage == Page::Fleet) {
        if (!m_fleetView->isSettled())
            return;
    } else if (m_screenshotUsage) {
        if (!m_listModel->hasLoaded() || !m_detailPanel->hasTenant() || m_detailTabs->currentWidget() != m_usagePanel || !m_usagePanel->isSettled()
            || m_usagePanel->tenantId() != idToString(m_detailModel->tenant()->id))
            return;
    } else if (m_screenshotPage == Page::Flags) {
        if (!m_flagsView->isSettled())
            return;
        // A flag with a rollout and overrides shows the most.
        if (m_flagsView->currentKey() != QLatin1String("new-dashboard") && m_flagsView->model()->rowOf(QStringLiteral("new-dashboard")) >= 0) {
            m_flagsView->selectFlag(QStringLiteral("new-dashboard"));
            return;
        }
    } else if (m_screenshotConfig) {
        if (!m_configView->model()->hasLoaded())
            return;
        if (m_configView->currentKey().isEmpty()) {
            // Show a key with a tenant value, its editor and its history.
            m_configView->selectKey(QStringLiteral("security.session.idle_timeout"));
            if (m_configView->currentKey().isEmpty())
                return;
        }
    } else {
        if (!m_listModel->hasLoaded())
            return;
        // An empty server has no first tenant to wait for.
        if (m_listModel->rowCount() > 0 && !m_detailPanel->hasTenant())
            return;
    }
    const QString path = m_screenshotPath;
    m_screenshotPath.clear();
    // One event-loop turn so layouts and the status bar reflect the data before we grab.
    QTimer::singleShot(50, this, [this, path] {
        const bool ok = grab().save(path, "PNG");
        if (!ok)
            qWarning("screenshot: cannot write %s", qUtf8Printable(path));
        Q_EMIT screenshotTaken(path, ok);
    });
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(settings::value(settings::MainWindowGeometry)))
        resize(1480, 880);
    restoreState(settings::value(settings::MainWindowState));
    if (!m_splitter->restoreState(settings::value(settings::MainSplitterState)))
        m_splitter->setSizes({1000, 480});
    m_browser->restoreHeaderState(settings::value(settings::TenantTableHeader));
    m_isolationView->restoreLayout(settings::value(settings::IsolationViewLayout));
    m_auditView->restoreLayout(settings::value(settings::AuditViewLayout));
    m_fleetView->restoreLayout(settings::value(settings::FleetViewLayout));
    m_detailTabs->setCurrentIndex(std::clamp(settings::value(settings::TenantDetailTab), 0, int(TenantTab::Flags)));
    const QString saved = settings::value(settings::MainCurrentPage);
    showPage(saved == QLatin1String("isolation") ? Page::Isolation
             : saved == QLatin1String("audit")   ? Page::Audit
             : saved == QLatin1String("fleet")   ? Page::Fleet
             : saved == QLatin1String("flags")   ? Page::Flags
                                                 : Page::Tenants);
}

void MainWindow::saveLayout() const
{
    settings::setValue(settings::MainWindowGeometry, saveGeometry());
    settings::setValue(settings::MainWindowState, saveState());
    settings::setValue(settings::MainSplitterState, m_splitter->saveState());
    settings::setValue(settings::TenantTableHeader, m_browser->saveHeaderState());
    settings::setValue(settings::IsolationViewLayout, m_isolationView->saveLayout());
    settings::setValue(settings::AuditViewLayout, m_auditView->saveLayout());
    settings::setValue(settings::FleetViewLayout, m_fleetView->saveLayout());
    settings::setValue(settings::TenantDetailTab, m_detailTabs->currentIndex());
    static const QStringList pageNames{QStringLiteral("tenants"), QStringLiteral("isolation"), QStringLiteral("audit"), QStringLiteral("fleet"),
                                       QStringLiteral("flags")};
    settings::setValue(settings::MainCurrentPage, pageNames.at(int(currentPage())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace portico
